import { CapacityInputs, planCapacity, sourced } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs } from './fixtures';

function planWith(patch: (i: CapacityInputs) => CapacityInputs): () => unknown {
  return () => planCapacity(patch(handCheckedInputs()));
}

function mix(m: Partial<CapacityInputs['requestMix']>): (i: CapacityInputs) => CapacityInputs {
  return (i) => ({ ...i, requestMix: { ...i.requestMix, ...m } });
}

describe('planCapacity rejects bad inputs with a message naming the input, the value and the fix', () => {
  test.each<[string, (i: CapacityInputs) => CapacityInputs, RegExp]>([
    ['zero target', (i) => ({ ...i, targetRps: 0 }), /capacity model \(hand\): targetRps = 0 is out of range.*Fix: pass a value from 1 to 100000000/],
    ['negative target', (i) => ({ ...i, targetRps: -5 }), /targetRps = -5 is out of range/],
    ['NaN target', (i) => ({ ...i, targetRps: NaN }), /targetRps = NaN is not a finite number/],
    ['infinite target', (i) => ({ ...i, targetRps: Infinity }), /targetRps = Infinity is not a finite number/],
    ['absurd target', (i) => ({ ...i, targetRps: 1e12 }), /targetRps = 1000000000000 is out of range \(the model sizes one region for at most 100,000,000 requests\/s\)/],
    ['zero utilisation', (i) => ({ ...i, targetUtilization: 0 }), /targetUtilization = 0 must be greater than 0/],
    ['utilisation above 1', (i) => ({ ...i, targetUtilization: 1.2 }), /targetUtilization = 1.2 is out of range/],
    ['fractional AZ count', (i) => ({ ...i, azCount: 2.5 }), /azCount = 2.5 is not a whole number/],
    ['one AZ (an ALB needs two)', (i) => ({ ...i, azCount: 1 }), /azCount = 1 is out of range \(2 to 6 AZs: an ALB needs subnets in at least two Availability Zones/],
    ['one AZ that need not survive AZ loss', (i) => ({ ...i, azCount: 1, survivesAzLoss: false }), /azCount = 1 is out of range \(2 to 6 AZs/],
    ['seven AZs', (i) => ({ ...i, azCount: 7 }), /azCount = 7 is out of range/],
    ['too many AZs', (i) => ({ ...i, azCount: 7 }), /azCount = 7 is out of range/],
    ['hit ratio above 1', mix({ cacheHitRatio: 1.5 }), /capacity model \(hand\) requestMix: cacheHitRatio = 1.5 is out of range \(a share or ratio is between 0 and 1\)/],
    ['negative hit ratio', mix({ cacheHitRatio: -0.1 }), /cacheHitRatio = -0.1 is out of range/],
    ['NaN hit ratio', mix({ cacheHitRatio: NaN }), /cacheHitRatio = NaN is not a finite number/],
    ['read + write shares not summing to 1', mix({ readShare: 0.7, writeShare: 0.2 }), /readShare \+ writeShare = 0.9 does not sum to 1.*Fix: adjust readShare and writeShare/],
    ['zero new-connection share', mix({ newConnectionShare: 0 }), /newConnectionShare = 0 must be greater than 0/],
    ['negative response size', mix({ averageResponseBytes: -1 }), /averageResponseBytes = -1 is out of range/],
    ['absurd request size', mix({ averageRequestBytes: 1e12 }), /averageRequestBytes = 1000000000000 is out of range/],
    ['negative cache ops', mix({ cacheOpsPerRequest: -1 }), /cacheOpsPerRequest = -1 is out of range/],
    [
      'backend shares not summing to 1',
      (i) => ({ ...i, services: i.services.map((s) => (s.name === 'a' ? { ...s, trafficShare: 0.5 } : s)) }),
      /services\[\*\]\.trafficShare \(backend\) = 0.75 does not sum to 1.*Fix: adjust the backend services' trafficShare/,
    ],
    ['zero pod throughput', (i) => ({ ...i, services: i.services.map((s, n) => (n === 0 ? { ...s, podRps: sourced(0, 'x') } : s)) }), /services\[0\]: podRps.value = 0 is out of range/],
    ['unsourced pod throughput', (i) => ({ ...i, services: i.services.map((s, n) => (n === 0 ? { ...s, podRps: sourced(100, ' ') } : s)) }), /podRps.source = " " is empty: every per-unit figure names its source/],
    ['absurd CPU request', (i) => ({ ...i, services: i.services.map((s, n) => (n === 0 ? { ...s, cpuRequestMillicores: 10_000_000 } : s)) }), /cpuRequestMillicores = 10000000 is out of range/],
    ['duplicate service', (i) => ({ ...i, services: [...i.services, i.services[0]] }), /name = "gw" is listed twice/],
    ['no services', (i) => ({ ...i, services: [] }), /services = \[\] is empty/],
    ['unsourced nginx figure', (i) => ({ ...i, nginx: { ...i.nginx, rpsPerVcpu: sourced(1000, '') } }), /nginx: rpsPerVcpu.source = "" is empty/],
    ['unknown nginx instance type', (i) => ({ ...i, nginx: { ...i.nginx, instanceType: 'x9.huge' } }), /nginx: instanceType = "x9.huge" is not in the instance catalog.*Fix: use one of c7g.12xlarge|nginx: instanceType = "x9.huge" is not in the instance catalog/],
    ['cache node type as node instance', (i) => ({ ...i, nodes: { ...i.nodes, instanceTypes: ['cache.r7g.large'] } }), /an ElastiCache node type: use cacheNodeSpec/],
    ['unknown cache node type', (i) => ({ ...i, cache: { ...i.cache, nodeType: 'cache.t2.micro' } }), /nodeType = "cache.t2.micro" is not in the ElastiCache node catalog/],
    ['replicas per shard above 5', (i) => ({ ...i, cache: { ...i.cache, minReplicasPerShard: 6 } }), /minReplicasPerShard = 6 is out of range \(ElastiCache allows 0 to 5 replicas per shard\)/],
    ['unknown DB class', (i) => ({ ...i, database: { ...i.database, replicaClass: 'db.m1.small' } }), /replicaClass: instanceClass = "db.m1.small" is not in the RDS instance class catalog/],
    ['proxy percent above 100', (i) => ({ ...i, database: { ...i.database, proxyMaxConnectionsPercent: 150 } }), /proxyMaxConnectionsPercent = 150 is out of range/],
  ])('GIVEN %s WHEN planning THEN a ValidationError says so', (_what, patch, message) => {
    expect(planWith(patch)).toThrow(ValidationError);
    expect(planWith(patch)).toThrow(message);
  });

  test('GIVEN a missing required figure WHEN planning THEN the error says it is required', () => {
    const { averageLatencyMs: _dropped, ...rest } = handCheckedInputs().requestMix;
    expect(planWith((i) => ({ ...i, requestMix: rest as CapacityInputs['requestMix'] }))).toThrow(/requestMix: averageLatencyMs = undefined is required/);
  });
});
