import { planEnvironment } from '../../../lib/config/environment';
import { MonitoringStack } from '../../../constructs/monitoring-stack';
import { ENVIRONMENTS, prod } from '../../../stacks/environments';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { plannedCache, plannedDatabases, plannedEksCluster, plannedLoadBalancers, plannedNginxGroup, plannedNginxTargetGroups } from '../../../stacks/tiers/observability-tier';
import { allOf, synthConstructs } from '../../support/synth';

describe('observability tier: watched resources from the capacity plan', () => {
  const plan = planEnvironment(prod);

  test('GIVEN the prod plan THEN the EKS node bounds are the sums of the node groups', () => {
    const cluster = plannedEksCluster('prod', plan);
    expect(cluster.expectedNodesMin).toBe(plan.eks.nodeGroups.reduce((s, g) => s + g.minSize, 0));
    expect(cluster.expectedNodesMax).toBe(plan.eks.nodeGroups.reduce((s, g) => s + g.maxSize, 0));
    expect(cluster.expectedNodesMin).toBeGreaterThan(0);
  });

  test('THEN nginx, ALBs, databases and the cache carry the planned numbers', () => {
    expect(plannedNginxGroup('prod-nginx', plan).expectedMin).toBe(plan.nginx.minSize);
    expect(plannedLoadBalancers(['app/a/1', 'app/b/2'], plan.alb.lcuReservationPerAlb).map((lb) => lb.reservedLcu)).toEqual([plan.alb.lcuReservationPerAlb, plan.alb.lcuReservationPerAlb]);
    expect(plannedNginxTargetGroups(['targetgroup/t/1'], ['app/a/1'], plan)).toEqual([{ name: 'nginx-0', arnSuffix: 'targetgroup/t/1', loadBalancerArnSuffix: 'app/a/1', minHealthyTargets: plan.nginx.minSize }]);
    const dbs = plannedDatabases({ identifier: 'prod-db' }, [{ identifier: 'prod-db-r1' }], plan);
    expect(dbs.map((d) => [d.role, d.maxConnections])).toEqual([['primary', plan.database.maxConnections], ['replica', plan.database.maxConnections]]);
    expect(plannedCache('prod-cache', plan)).toMatchObject({ shards: plan.cache.shards, replicasPerShard: plan.cache.replicasPerShard });
  });

  test('GIVEN every planned prod tier THEN MonitoringStack synthesizes and the composites respect the 100-alarm rule limit', () => {
    const stack = synthConstructs(
      (scope) =>
        new MonitoringStack(scope, 'monitoring', {
          name: 'prod',
          region: 'us-east-1',
          loadBalancers: plannedLoadBalancers(Array.from({ length: plan.alb.count }, (_, i) => `app/prod-${i}/abc`), plan.alb.lcuReservationPerAlb),
          targetGroups: plannedNginxTargetGroups(Array.from({ length: plan.alb.count }, (_, i) => `targetgroup/prod-${i}/abc`), Array.from({ length: plan.alb.count }, (_, i) => `app/prod-${i}/abc`), plan),
          autoScalingGroups: [plannedNginxGroup('prod-nginx', plan)],
          databases: plannedDatabases({ identifier: 'prod-db', allocatedStorageGiB: 1000 }, Array.from({ length: plan.database.replicaCount }, (_, i) => ({ identifier: `prod-db-replica-${i + 1}` })), plan),
          caches: [plannedCache('prod-cache', plan)],
          eksClusters: [plannedEksCluster('prod', plan)],
        }),
    );
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
    expect(nodesLow.threshold).toBe(plannedEksCluster(name, plan).expectedNodesMin);
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
