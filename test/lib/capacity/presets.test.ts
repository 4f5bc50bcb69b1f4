import { CapacityInputs, CapacityPresets, DESIGN_NOTES_REQUEST_MIX, MAX_PRESET_RPS, planCapacity, sourced, tierMeetsTarget } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';

/** A gateway and two backends, as a first app has them. */
const SERVICES: CapacityInputs['services'] = [
  { name: 'gateway', role: 'gateway', podRps: sourced(1_500, 'test'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
  { name: 'reads', role: 'backend', trafficShare: 0.8, podRps: sourced(1_000, 'test'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
  { name: 'writes', role: 'backend', trafficShare: 0.2, podRps: sourced(400, 'test'), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_536 },
];

const plan = (targetRps: number, azCount: number, survivesAzLoss = true) =>
  planCapacity({ ...CapacityPresets.webApi(targetRps, { survivesAzLoss }), environment: 'preset', azCount, services: SERVICES });

describe('CapacityPresets.webApi: a first environment is one line', () => {
  test.each([1_000, 10_000, 20_000, 100_000, 250_000, 400_000, 1_000_000, MAX_PRESET_RPS])('GIVEN %d req/s over 3 AZs THEN every tier carries the target with one AZ lost', (target) => {
    const planned = plan(target, 3);
    for (const tier of planned.tiers) expect({ tier: tier.name, meets: tierMeetsTarget(planned, tier) }).toEqual({ tier: tier.name, meets: true });
  });

  test.each([1_000, 20_000, 100_000])('GIVEN %d req/s over 2 AZs (the smallest that survives an AZ loss) THEN it plans', (target) => {
    const planned = plan(target, 2);
    for (const tier of planned.tiers) expect(tierMeetsTarget(planned, tier)).toBe(true);
  });

  test('GIVEN a dev environment that need not survive an AZ loss THEN no cache or database replica is forced', () => {
    const capacity = CapacityPresets.webApi(2_000, { survivesAzLoss: false });
    expect(capacity).toMatchObject({ survivesAzLoss: false, cache: { minReplicasPerShard: 0 }, database: { minReplicas: 0 } });
  });

  test('GIVEN the target THEN the sizes step up with it', () => {
    expect([1_000, 50_000, 300_000, 1_000_000].map((t) => CapacityPresets.webApi(t).nodes.instanceTypes[0])).toEqual(['c7i.xlarge', 'c7i.2xlarge', 'c7i.4xlarge', 'c7i.8xlarge']);
    expect(CapacityPresets.webApi(1_000_000).alb).toEqual({ minimumCount: 2 });
  });

  test('GIVEN request-mix changes THEN only those fields change', () => {
    const capacity = CapacityPresets.webApi(20_000, { requestMix: { averageResponseBytes: 2_048 }, targetUtilization: 0.5 });
    expect(capacity.requestMix).toEqual({ ...DESIGN_NOTES_REQUEST_MIX, averageResponseBytes: 2_048 });
    expect(capacity.targetUtilization).toBe(0.5);
  });

  test('GIVEN the preset THEN the nginx figure is the repo\'s measured one, with its source', () => {
    expect(CapacityPresets.webApi(20_000).nginx.rpsPerVcpu.source).toMatch(/^this repo: npm run bench:nginx/);
  });

  test('GIVEN no survivesAzLoss option THEN the preset survives an AZ loss: a replica of every cache shard and a database read replica are forced', () => {
    const capacity = CapacityPresets.webApi(20_000);
    expect(capacity).toMatchObject({ survivesAzLoss: true, cache: { minReplicasPerShard: 1 }, database: { minReplicas: 1 } });
  });

  test.each([
    [1_000, 1],
    [399_999, 1],
    [400_000, 1],
    [400_001, 2],
    [1_000_000, 2],
  ])('GIVEN %d req/s THEN the preset asks for %d ALB(s): a second one only above the 400,000 req/s size step', (target, albs) => {
    expect(CapacityPresets.webApi(target).alb).toEqual({ minimumCount: albs });
  });

  const OPTIONS_FIX = 'Fix: pass { targetUtilization, survivesAzLoss, requestMix } or nothing';
  test.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a string', 'fast', '"fast"'],
    ['a number', 42, '42'],
    ['a boolean', true, 'true'],
    ['an empty array', [], '[]'],
    ['an array of options', [{ survivesAzLoss: false }], '[{"survivesAzLoss":false}]'],
  ])('GIVEN options that are %s THEN the ValidationError says they are not an object and how to pass them', (_name, options, shown) => {
    const run = () => CapacityPresets.webApi(1_000, options as never);
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(`CapacityPresets.webApi: options = ${shown} is not an object. ${OPTIONS_FIX}`);
  });

  test.each<[string, unknown, string]>([
    ['a string', 'yes', '"yes"'],
    ['a number', 1, '1'],
    ['null', null, 'null'],
  ])('GIVEN options.survivesAzLoss that is %s THEN the ValidationError names options.survivesAzLoss and asks for a boolean', (_name, survivesAzLoss, shown) => {
    const run = () => CapacityPresets.webApi(1_000, { survivesAzLoss: survivesAzLoss as never });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(`CapacityPresets.webApi: options.survivesAzLoss = ${shown} is not a boolean. Fix: pass true or false`);
  });

  const REQUEST_MIX_FIX = 'Fix: pass the request-mix fields to change, e.g. { averageResponseBytes: 2_048 }';
  test.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a string', 'small', '"small"'],
    ['a number', 4, '4'],
    ['an array', [{ averageResponseBytes: 2_048 }], '[{"averageResponseBytes":2048}]'],
  ])('GIVEN options.requestMix that is %s THEN the ValidationError says it is not an object and how to pass the fields', (_name, requestMix, shown) => {
    const run = () => CapacityPresets.webApi(1_000, { requestMix: requestMix as never });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(`CapacityPresets.webApi: options.requestMix = ${shown} is not an object. ${REQUEST_MIX_FIX}`);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['no target', () => CapacityPresets.webApi(undefined as unknown as number), /CapacityPresets.webApi: targetRps = undefined is required. Fix: pass the requests\/s/],
    ['a zero target', () => CapacityPresets.webApi(0), /targetRps = 0 is out of range/],
    ['a target as a string', () => CapacityPresets.webApi('20000' as unknown as number), /targetRps = "20000" is not a finite number/],
    ['a target above the largest step', () => CapacityPresets.webApi(5_000_000), /targetRps = 5000000 is above the largest target the preset sizes \(1,000,000 requests\/s\). Fix: write the capacity inputs yourself.*one PostgreSQL primary no longer carries the mix's writes/],
    ['a target just above the largest step', () => CapacityPresets.webApi(1_000_001), /targetRps = 1000001 is above the largest target the preset sizes \(1,000,000 requests\/s\)/],
    ['a utilisation above 1', () => CapacityPresets.webApi(1_000, { targetUtilization: 1.5 }), /options.targetUtilization = 1.5 is out of range/],
    ['options that are not an object', () => CapacityPresets.webApi(1_000, 'fast' as never), /options = "fast" is not an object/],
    ['a request mix that is not an object', () => CapacityPresets.webApi(1_000, { requestMix: 4 as never }), /options.requestMix = 4 is not an object/],
  ])('GIVEN %s THEN a ValidationError names the fix', (_name, run, message) => {
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});
