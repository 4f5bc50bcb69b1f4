import { planEnvironment } from '../../../lib/config/environment';
import { costInputsFor, monitoringAlarms } from '../../../lib/cost';
import { dev, prod } from '../../../stacks/environments';

describe('costInputsFor: bad inputs are ValidationErrors naming the environment', () => {
  test.each([
    ['no config', undefined, /^cost model: config = undefined is not an environment config\. Fix: pass the EnvironmentConfig the plan was made from$/],
    ['a config without capacity', { name: 'qa' }, /^cost model: config = \{"name":"qa"\} is not an environment config/],
    ['a config with capacity null', { name: 'qa', capacity: null }, /^cost model: config = .* is not an environment config/],
  ])('GIVEN %s THEN it is rejected', (_label, config, message) => {
    expect(() => costInputsFor(config as never, planEnvironment(prod))).toThrow(message);
  });

  test.each([
    ['no plan', undefined, /^cost model \(prod\): plan = undefined is not a capacity plan\. Fix: pass planEnvironment\(config\)$/],
    ['a number', 7, /^cost model \(prod\): plan = 7 is not a capacity plan/],
    ['a plan without nginx', { environment: 'prod' }, /^cost model \(prod\): plan = .* is not a capacity plan/],
    ['a plan with nginx null', { environment: 'prod', nginx: null }, /^cost model \(prod\): plan = .* is not a capacity plan/],
  ])('GIVEN %s as the plan THEN it is rejected', (_label, plan, message) => {
    expect(() => costInputsFor(prod, plan as never)).toThrow(message);
  });

  test('GIVEN the plan of another environment THEN the error names both and the fix', () => {
    expect(() => costInputsFor(prod, planEnvironment(dev))).toThrow('cost model (prod): plan.environment = "dev" is not the plan of environment "prod". Fix: pass planEnvironment(config) of the same environment');
  });

  test.each(['2026-12-1', 'x2026-12-01', '2026-12-01x', '2026-02-30', '2026-13-01', '01/12/2026'])('GIVEN asOf %s THEN it is not a calendar date', (asOf) => {
    expect(() => costInputsFor(prod, planEnvironment(prod), { asOf })).toThrow(`cost model (prod): asOf = "${asOf}" is not a calendar date. Fix: pass YYYY-MM-DD, e.g. "2026-12-01"`);
  });

  test('GIVEN asOf on a leap day THEN it is accepted and carried', () => {
    expect(costInputsFor(prod, planEnvironment(prod), { asOf: '2028-02-29' }).asOf).toBe('2028-02-29');
  });

  test.each([
    ['node', (p: ReturnType<typeof planEnvironment>) => ({ ...p, eks: { ...p.eks, nodeGroups: [{ ...p.eks.nodeGroups[0], instanceTypes: ['c9z.large'] }] } }), /^cost model \(prod\) nodes: .*"c9z\.large"/],
    ['cache node', (p: ReturnType<typeof planEnvironment>) => ({ ...p, cache: { ...p.cache, nodeType: 'cache.z9.large' } }), /^cost model \(prod\) cache: .*"cache\.z9\.large"/],
    ['database', (p: ReturnType<typeof planEnvironment>) => ({ ...p, database: { ...p.database, primaryInstanceClass: 'db.z9.large' } }), /^cost model \(prod\) database: .*"db\.z9\.large"/],
  ])('GIVEN a plan whose %s type the capacity catalog lacks THEN the error says which part of the cost model read it', (_label, change, message) => {
    expect(() => costInputsFor(prod, change(planEnvironment(prod)) as never)).toThrow(message);
  });
});

describe('costInputsFor: what the stacks create around the plan', () => {
  test('GIVEN prod without the AZ-affine lever THEN its internal NLB runs cross-zone', () => {
    expect(costInputsFor(prod, planEnvironment(prod)).internalNlb).toEqual({ count: 1, crossZone: true });
  });

  test('GIVEN dev (Standard Kafka brokers) THEN its alarms include the Standard brokers\' (1 + 2 per broker); prod (Express) does not', () => {
    const alarmsOf = (config: typeof dev, express: boolean) => {
      const p = planEnvironment(config);
      return monitoringAlarms({
        albs: p.alb.count,
        albLcuReserved: config.albCapacityReservation ?? false,
        natGateways: config.natGatewayPerAz ? config.availabilityZones.length : 1,
        dbInstances: 1 + p.database.replicaCount,
        dbReplicas: p.database.replicaCount,
        cacheNodes: p.cache.totalNodes,
        cacheReplicasPerShard: p.cache.replicasPerShard,
        kafkaBrokers: p.kafka.brokerCount,
        kafkaExpress: express,
        kafkaConsumerGroupTopics: p.kafka.topics.reduce((s, t) => s + t.consumerGroups.length, 0),
        distributions: p.cdn.apiFront ? 2 : 1,
      }).metricAlarms;
    };
    expect(planEnvironment(dev).kafka).toMatchObject({ brokerType: 'standard', brokerCount: 4 });
    expect(costInputsFor(dev, planEnvironment(dev)).observability.metricAlarms).toBe(alarmsOf(dev, false));
    expect(alarmsOf(dev, false) - alarmsOf(dev, true)).toBe(1 + 2 * 4);
    expect(costInputsFor(prod, planEnvironment(prod)).observability.metricAlarms).toBe(alarmsOf(prod, true));
  });
});
