import { cacheNodeSpec, dbInstanceSpec, instanceSpec, maxPodsWithPrefixDelegation, rdsDefaultMaxConnections } from '../../../lib/capacity';
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

  test('every per-unit figure names a source', () => {
    expect(cacheNodeSpec('cache.r7g.4xlarge').opsPerSecond).toEqual({ value: 1_000_000, source: expect.stringMatching(/aws.amazon.com\/blogs\/database/) });
    expect(cacheNodeSpec('cache.r7g.large').opsPerSecond.source).toMatch(/^PLACEHOLDER/);
    expect(dbInstanceSpec('db.r6g.2xlarge').queriesPerSecond).toEqual({ value: 25_600, source: expect.stringMatching(/^PLACEHOLDER.*pgbench/) });
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
