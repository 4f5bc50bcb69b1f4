import { profileRequests, serviceProfiles } from './service-bench';
import { benchRequestMix } from './workload';
import { SERVICES } from '../../stacks/environments/services';

describe("bench:service profiles: one per service of the reference app", () => {
  const mix = benchRequestMix();

  test('GIVEN the reference services WHEN profiled THEN the gateway forwards the whole mix, user-service only reads, and transaction-service takes every write over its traffic share', () => {
    const profiles = serviceProfiles(mix);
    expect(profiles.map((p) => p.service)).toEqual(SERVICES.map((s) => s.name));
    expect(profiles.find((p) => p.service === 'api-gateway')).toEqual({ service: 'api-gateway', writeShare: mix.writeShare, pathPrefix: '/api/users', gateway: true });
    expect(profiles.find((p) => p.service === 'user-service')).toEqual({ service: 'user-service', writeShare: 0, pathPrefix: '/api/users', gateway: false });
    const tx = SERVICES.find((s) => s.name === 'transaction-service')!;
    expect(profiles.find((p) => p.service === 'transaction-service')).toEqual({ service: 'transaction-service', writeShare: mix.writeShare / tx.trafficShare!, pathPrefix: '/api/transactions', gateway: false });
  });

  test('GIVEN a profile WHEN its requests are drawn THEN writes come at its write share and reads use its path', () => {
    const [gateway, users, transactions] = ['api-gateway', 'user-service', 'transaction-service'].map((n) => serviceProfiles(mix).find((p) => p.service === n)!);
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const draw = (p: typeof gateway, n: number) => {
      const next = profileRequests(mix, p, 100, 1_000, random);
      return Array.from({ length: n }, () => next());
    };
    const userRequests = draw(users, 2_000);
    expect(userRequests.every((r) => r.method === 'GET' && /^\/api\/users\/\d+$/.test(r.path))).toBe(true);
    const txRequests = draw(transactions, 4_000);
    const writes = txRequests.filter((r) => r.method === 'POST').length / txRequests.length;
    expect(writes).toBeGreaterThan(0.1);
    expect(writes).toBeLessThan(0.15);
    expect(txRequests.filter((r) => r.method === 'GET').every((r) => r.path.startsWith('/api/transactions/'))).toBe(true);
    expect(draw(gateway, 200).filter((r) => r.method === 'GET').every((r) => r.path.startsWith('/api/users/'))).toBe(true);
  });

  test('GIVEN a services list without a transaction-service WHEN profiled THEN it says where the profiles come from', () => {
    expect(() => serviceProfiles(mix, SERVICES.filter((s) => s.name !== 'transaction-service'))).toThrow(/no transaction-service.*stacks\/environments\/services.ts/);
  });
});
