import { testApp } from '../support/temp';
import { Environment } from '../../constructs/environment';
import { planEnvironment } from '../../lib/config/environment';
import { firstApplyChecklist, isReservedDomain, renderFirstApplyChecklist } from '../../lib/config/first-apply';
import { eksVersionLifecycle, EKS_VERSIONS, pastStandardSupport } from '../../lib/eks-versions';
import { dev, prod } from '../../stacks/environments';

const itemsOf = (config: typeof prod, asOf?: string) => firstApplyChecklist(config, planEnvironment(config), asOf);
const item = (config: typeof prod, topic: string, asOf?: string) => itemsOf(config, asOf).find((i) => i.topic === topic)!;

describe('first-apply checklist', () => {
  test('GIVEN the reference prod config (example.com zone) THEN the first item says the zone can never validate and what to set', () => {
    const first = itemsOf(prod)[0];
    expect(first.topic).toBe('DNS zone');
    expect(first.action).toBe(true);
    expect(first.text).toContain('domain.zoneName "prod.million-rps.example.com" is under a reserved example domain');
    expect(first.text).toContain('Set domain.zoneName');
  });

  test('GIVEN a zone the user owns THEN there is no DNS item', () => {
    expect(itemsOf({ ...prod, domain: { zoneName: 'prod.shop.io' } }).map((i) => i.topic)).not.toContain('DNS zone');
  });

  test.each([
    ['example.com', true],
    ['a.b.example.net', true],
    ['shop.example.org', true],
    ['svc.test', true],
    ['myexample.com', false],
    ['example.com.au', false],
    ['prod.shop.io', false],
  ])('isReservedDomain(%s) is %s', (zone, reserved) => {
    expect(isReservedDomain(zone)).toBe(reserved);
  });

  test('GIVEN prod without albCapacityReservation THEN the reserved-LCU item asks for 4 x 11,520 = 46,080 LCUs in us-east-1 and says to turn the reservation on once granted', () => {
    const lcu = item(prod, 'reserved LCU quota');
    expect(lcu.text).toContain('ALBs are created without an LCU reservation');
    expect(lcu.text).toContain('in us-east-1 of at least 46,080 (4 ALB(s) x 11,520)');
    expect(lcu.text).toContain('set albCapacityReservation: true');
  });

  test('GIVEN albCapacityReservation on THEN the quota must be granted before the first apply', () => {
    expect(item({ ...prod, albCapacityReservation: true }, 'reserved LCU quota').text).toMatch(/^albCapacityReservation is on: request .* of at least 46,080 .* before the first apply; the quota starts at 0/);
  });

  test('GIVEN prod THEN the On-Demand vCPU item sums the minimum sizes (c7i.8xlarge nodes x 32 + c7g.2xlarge nginx x 8) and the maxima (the nodes include the mesh reservation)', () => {
    const plan = planEnvironment(prod);
    const vcpu = item(prod, 'On-Demand vCPU quota');
    const fmt = (n: number) => n.toLocaleString('en-US');
    const atMin = plan.eks.expectedNodesMin * 32 + plan.nginx.minSize * 8;
    const atMax = plan.eks.nodeGroups.reduce((n, g) => n + g.maxSize, 0) * 32 + plan.nginx.maxSize * 8;
    expect(vcpu.text).toContain(`"Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (L-1216C47A)" in us-east-1 of at least ${fmt(atMin)} vCPUs before the first apply`);
    expect(vcpu.text).toContain(`${fmt(atMax)} before scaling to the maxima`);
  });

  test('GIVEN the default version THEN the item prints 1.36 with its end of standard support, needing no action', () => {
    const version = item(dev, 'Kubernetes version');
    expect(version.action).toBe(false);
    expect(version.text).toMatch(/^Kubernetes 1\.36: EKS standard support until 2027-08-02, extended support until 2028-08-02/);
  });

  test('GIVEN a config on 1.33 THEN the item says it starts in extended support (6x the fee) and what to set', () => {
    const version = item({ ...prod, kubernetesVersion: '1.33' }, 'Kubernetes version');
    expect(version.action).toBe(true);
    expect(version.text).toContain('Kubernetes 1.33 left EKS standard support on 2026-07-29');
    expect(version.text).toContain('Set kubernetesVersion');
  });

  test('GIVEN the table rendering THEN every item is on its own line under the section title, actions marked', () => {
    const text = renderFirstApplyChecklist(itemsOf(prod), 'table');
    expect(text.split('\n')[0]).toBe('== Before the first apply ==');
    expect(text).toContain('  [action] DNS zone:');
    expect(text).toContain('  [ok]     Kubernetes version: Kubernetes 1.36');
    expect(renderFirstApplyChecklist(itemsOf(prod), 'markdown')).toContain('- **Kubernetes version** (no action): Kubernetes 1.36');
  });
});

describe('EKS version lifecycle', () => {
  test('GIVEN the table THEN versions are newest first, each standard window 14 months and extended 12 months after it', () => {
    expect(EKS_VERSIONS.map((v) => v.version)).toEqual(['1.36', '1.35', '1.33']);
    for (const v of EKS_VERSIONS) {
      const [y, m, d] = v.endOfStandardSupport.split('-').map(Number);
      expect(v.endOfExtendedSupport).toBe(`${y + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
      expect(v.source.length).toBeGreaterThan(20);
    }
  });

  test('GIVEN a date THEN pastStandardSupport turns true on the end-of-standard-support day (billing starts that day)', () => {
    expect(pastStandardSupport('1.33', '2026-07-28')).toBe(false);
    expect(pastStandardSupport('1.33', '2026-07-29')).toBe(true);
    expect(pastStandardSupport('1.36', '2026-12-01')).toBe(false);
    expect(pastStandardSupport('1.99', '2030-01-01')).toBe(false);
    expect(eksVersionLifecycle('1.99')).toBeUndefined();
  });
});

describe('an environment whose deployer cannot reach the cluster', () => {
  test.each([
    ['no clusterAccess', undefined, /config prod: clusterAccess = undefined is not set, but the environment has a platform stack \(prod-platform\).*Fix: set clusterAccess/],
    ['neither mode', { deployerCidrs: ['10.8.0.0/16'] }, /config prod: clusterAccess = .* gives the deployer no access to the cluster/],
    ['no network', { deployerRoleArn: 'arn:aws:iam::123456789012:role/deployer' }, /config prod: clusterAccess = .* names no network the deployer reaches the private API endpoint from/],
  ])('GIVEN %s WHEN the Environment (AWS + platform stacks) is built THEN synth fails before any stack, saying what to set', (_label, clusterAccess, message) => {
    expect(() => new Environment(testApp(), 'prod', { config: { ...prod, clusterAccess } as typeof prod, policy: false })).toThrow(message);
  });
});
