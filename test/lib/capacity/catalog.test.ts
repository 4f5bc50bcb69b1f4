import { cacheNodeSpec, dbInstanceSpec, instanceSpec, maxPodsWithPrefixDelegation, rdsDefaultMaxConnections } from '../../../lib/capacity';
import { CACHE_OPS_PER_VCPU, POSTGRES_READS_PER_VCPU, POSTGRES_WRITES_PER_VCPU } from '../../../lib/capacity/measured';
import { ValidationError } from '../../../lib/errors';

describe('instance catalog', () => {
  test.each([
    // [type, secondary-IP max pods (amazon-eks-ami eni-max-pods.txt), prefix-delegation max pods]
    ['c7g.large', 29, 110],
    ['c7g.2xlarge', 58, 110],
    ['c7i.4xlarge', 234, 110],
    ['c7i.8xlarge', 234, 250],
    ['m7i.16xlarge', 737, 250],
    ['t3.large', 35, 110],
  ])('GIVEN %s WHEN looked up THEN max pods match eni-max-pods.txt (%i) and the prefix-delegation rule (%i)', (type, secondary, prefix) => {
    const spec = instanceSpec(type);
    expect(spec.maxPodsSecondaryIps).toBe(secondary);
    expect(spec.maxPodsPrefixDelegation).toBe(prefix);
    expect(spec.source).toMatch(/docs.aws.amazon.com/);
  });

  test('prefix delegation: ENIs x ((IPs per ENI - 1) x 16) + 2 below the ceiling', () => {
    expect(maxPodsWithPrefixDelegation(2, 1, 3)).toBe(1 * (2 * 16) + 2);
    expect(maxPodsWithPrefixDelegation(64, 15, 50)).toBe(250);
  });

  test('GIVEN cache node types WHEN looked up THEN their CPUs carry the measured per-vCPU figure over the vCPUs enhanced I/O puts to work, and their baseline bandwidth is the documented one', () => {
    const perVcpu = CACHE_OPS_PER_VCPU.value;
    expect(cacheNodeSpec('cache.r7g.4xlarge')).toMatchObject({ vcpus: 16, enhancedIo: true, opsPerSecond: { value: 16 * perVcpu }, baselineGbps: { value: 7.5 } });
    expect(cacheNodeSpec('cache.r7g.xlarge')).toMatchObject({ vcpus: 4, enhancedIo: true, opsPerSecond: { value: 4 * perVcpu }, baselineGbps: { value: 1.876 } });
    // No enhanced I/O on .large: one engine thread does all the work, whatever the vCPUs.
    expect(cacheNodeSpec('cache.m7g.large')).toMatchObject({ vcpus: 2, enhancedIo: false, opsPerSecond: { value: perVcpu }, baselineGbps: { value: 0.937 } });
    for (const type of ['cache.r7g.large', 'cache.r7g.4xlarge']) {
      const spec = cacheNodeSpec(type);
      expect(spec.opsPerSecond.source).toContain('npm run bench:cache');
      expect(spec.opsPerSecond.source).not.toMatch(/PLACEHOLDER/);
      expect(spec.baselineGbps.source).toMatch(/CacheNodes.SupportedTypes.html.*Baseline bandwidth/);
    }
  });

  test('GIVEN RDS classes WHEN looked up THEN reads and writes per second are the measured per-vCPU figures x vCPUs (Graviton2 at 0.8)', () => {
    expect(dbInstanceSpec('db.r7g.4xlarge').readsPerSecond.value).toBe(Math.floor(16 * POSTGRES_READS_PER_VCPU.value));
    expect(dbInstanceSpec('db.r7g.16xlarge').writesPerSecond.value).toBe(Math.floor(64 * POSTGRES_WRITES_PER_VCPU.value));
    expect(dbInstanceSpec('db.r6g.2xlarge').readsPerSecond.value).toBe(Math.floor(8 * POSTGRES_READS_PER_VCPU.value * 0.8));
    expect(dbInstanceSpec('db.r6g.2xlarge').readsPerSecond.source).toMatch(/x 0\.8 \(Graviton2.*npm run bench:postgres/);
    expect(dbInstanceSpec('db.r7g.large').writesPerSecond.source).toMatch(/^[\d,]+ per vCPU x 2 vCPUs = [\d,]+; per vCPU: this repo: npm run bench:postgres/);
  });

  test('RDS PostgreSQL default max_connections = LEAST(memory / 9531392, 5000)', () => {
    expect(rdsDefaultMaxConnections(16)).toBe(1_802);
    expect(rdsDefaultMaxConnections(32)).toBe(3_604);
    expect(rdsDefaultMaxConnections(256)).toBe(5_000);
  });

  test('GIVEN an unknown type WHEN looked up THEN a ValidationError lists the known ones', () => {
    expect(() => instanceSpec('db.r7g.large')).toThrow(ValidationError);
    expect(() => instanceSpec('db.r7g.large')).toThrow(/an RDS class: use dbInstanceSpec.*Fix: use one of c7g.16xlarge/);
  });
});
