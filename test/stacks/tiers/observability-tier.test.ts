import { planEnvironment } from '../../../lib/config/environment';
import { Testing } from 'cdktf';
import { Environment } from '../../../constructs/environment';
import { ENVIRONMENTS, prod } from '../../../stacks/environments';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { allOf, SynthesizedStack } from '../../support/synth';
import { testApp } from '../../support/temp';

describe('observability tier: each tier hands monitoring its resources with the plan\'s thresholds', () => {
  const plan = planEnvironment(prod);
  const env = new Environment(testApp(), 'prod', { config: prod, policy: false });
  const { network, compute, data, edge } = env.aws;

  test('GIVEN the prod plan THEN the EKS node bounds are the plan\'s sums of the node groups', () => {
    expect(compute.monitoringTargets.eksClusters).toEqual([{ name: compute.eks.clusterName, expectedNodesMin: plan.eks.expectedNodesMin, expectedNodesMax: plan.eks.expectedNodesMax }]);
    expect(plan.eks.expectedNodesMin).toBe(plan.eks.nodeGroups.reduce((s, g) => s + g.minSize, 0));
    expect(plan.eks.expectedNodesMin).toBeGreaterThan(0);
  });

  test('THEN nginx, ALBs, databases, the cache and the NAT gateways carry the planned numbers', () => {
    expect(edge.monitoringTargets.autoScalingGroups?.map((g) => g.expectedMin)).toEqual([plan.nginx.minSize]);
    expect(edge.monitoringTargets.loadBalancers?.map((lb) => lb.reservedLcu)).toEqual(Array(plan.alb.count).fill(plan.alb.lcuReservationPerAlb));
    expect(edge.monitoringTargets.targetGroups?.map((tg) => [tg.name, tg.minHealthyTargets])).toEqual(Array.from({ length: plan.alb.count }, (_, i) => [`nginx-${i}`, plan.nginx.minSize]));
    expect(data.monitoringTargets.databases?.map((d) => [d.role, d.maxConnections, d.memoryGiB])).toEqual([
      ['primary', plan.database.maxConnections, plan.database.instanceMemoryGiB],
      ...Array(plan.database.replicaCount).fill(['replica', plan.database.maxConnections, plan.database.replicaMemoryGiB]),
    ]);
    expect(data.monitoringTargets.caches).toEqual([expect.objectContaining({ shards: plan.cache.shards, replicasPerShard: plan.cache.replicasPerShard, clusterMode: true })]);
    expect(network.monitoringTargets.natGateways?.map((n) => n.name)).toEqual(prod.availabilityZones);
  });

  test('GIVEN every planned prod tier THEN the composites respect the 100-alarm rule limit', () => {
    const stack = JSON.parse(Testing.synth(env.aws)) as SynthesizedStack;
    for (const composite of allOf(stack, 'aws_cloudwatch_composite_alarm')) {
      expect(String(composite.alarm_rule).split(' OR ').length).toBeLessThanOrEqual(100);
    }
  });
});

describe('observability tier in every environment', () => {
  const app = synthesizeReferenceApp();

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN %s THEN its ALBs, nginx fleet, EKS cluster, data tier and NAT gateways are watched and roll up into <env>-degraded', (name, config) => {
    const plan = planEnvironment(config);
    const stack = app.stacks[name];
    const alarms = allOf(stack, 'aws_cloudwatch_metric_alarm');
    const count = (namespace: string) => alarms.filter((a) => a.namespace === namespace).length;
    const cacheNodes = plan.cache.shards * (plan.cache.replicasPerShard + 1);
    expect(new Set(alarms.filter((a) => a.namespace === 'AWS/ElastiCache').map((a) => (a.dimensions as Record<string, string>).CacheClusterId)).size).toBe(cacheNodes);
    expect(new Set(alarms.filter((a) => a.namespace === 'AWS/RDS').map((a) => (a.dimensions as Record<string, string>).DBInstanceIdentifier)).size).toBe(1 + plan.database.replicaCount);
    expect(count('AWS/RDS')).toBeGreaterThan(0);
    const natAlarms = alarms.filter((a) => String(a.alarm_name).includes('-nat-'));
    expect(natAlarms).toHaveLength(2 * (config.natGatewayPerAz ? config.availabilityZones.length : 1));
    const composites = allOf(stack, 'aws_cloudwatch_composite_alarm').map((c) => c.alarm_name);
    expect(composites).toEqual(expect.arrayContaining([`${name}-degraded`, `${name}-degraded-database`, `${name}-degraded-cache`, `${name}-degraded-network`, `${name}-degraded-eks`]));
    const nodesLow = alarms.find((a) => a.namespace === 'ContainerInsights' && a.metric_name === 'cluster_node_count' && a.comparison_operator === 'LessThanThreshold')!;
    expect(nodesLow.threshold).toBe(plan.eks.expectedNodesMin);
    expect(String((nodesLow.dimensions as Record<string, string>).ClusterName)).toContain('aws_eks_cluster.');
    expect(stack.output?.alarm_topic_arn).toBeDefined();
    const albs = new Set(alarms.filter((a) => a.namespace === 'AWS/ApplicationELB' && String(a.alarm_name).includes('-alb-')).map((a) => a.alarm_name));
    expect(alarms.filter((a) => String(a.alarm_name).endsWith('-5xx-ratio'))).toHaveLength(plan.alb.count);
    expect(albs.size).toBeGreaterThanOrEqual(plan.alb.count * 3);
    const lcu = alarms.filter((a) => a.metric_name === 'PeakLCUs');
    expect(lcu.map((a) => a.threshold)).toEqual(config.production ? Array(plan.alb.count).fill(Math.floor(plan.alb.lcuReservationPerAlb * 0.9)) : []);
    expect(alarms.filter((a) => a.metric_name === 'HealthyHostCount').map((a) => a.threshold)).toEqual(Array(plan.alb.count).fill(plan.nginx.minSize));
    expect(alarms.find((a) => a.metric_name === 'GroupInServiceInstances')?.threshold).toBe(plan.nginx.minSize);
    expect(composites).toEqual(expect.arrayContaining([`${name}-degraded-edge`, `${name}-degraded-nginx`]));
  });
});
