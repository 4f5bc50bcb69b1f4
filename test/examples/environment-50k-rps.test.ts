import { readFileSync } from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import * as entry from 'cdktf-million-rps';
import { Environment50kStack } from '../../examples/environment-50k-rps/stack';
import { errorsOf, Policy } from '../../lib/policy';
import { SynthesizedStack, allOf, countOf, onlyOf } from '../support/synth';
import { testApp } from '../support/temp';

describe('examples/environment-50k-rps', () => {
  const stack = new Environment50kStack(testApp(), 'shop');
  const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
  const plan = stack.plan;

  test('GIVEN the guardrails THEN the example passes every non-production rule', () => {
    const report = Policy.evaluate(stack);
    expect(report.production).toBe(false);
    expect(report.checks).toBeGreaterThan(100);
    expect(errorsOf(report).map((f) => `${f.rule.id} ${f.resource.construct.node.path}`)).toEqual([]);
  });

  test('GIVEN the package entry the example imports THEN it exports nothing that patches process globals, and loading it patched none', () => {
    expect(Object.keys(entry).filter((name) => /trace/i.test(name))).toEqual([]);
    const prepare = Error.prepareStackTrace as unknown as { [key: symbol]: unknown } | undefined;
    expect(prepare?.[Symbol.for('cdktf-million-rps/drop-token-creation-traces')]).toBeUndefined();
  });

  test('GIVEN the example app THEN the capacity model plans for 50,000 RPS over three AZs', () => {
    expect(plan.targetRps).toBe(50_000);
    expect(plan.azCount).toBe(3);
    for (const tier of plan.tiers) expect(tier.capacityRpsWithOneAzLost).toBeGreaterThanOrEqual(50_000);
  });

  test('GIVEN the plan THEN the nginx fleet, node groups, database and cache take its sizes', () => {
    expect(onlyOf(synthesized, 'aws_autoscaling_group')).toMatchObject({ min_size: plan.nginx.minSize, max_size: plan.nginx.maxSize });
    expect(countOf(synthesized, 'aws_lb')).toBe(plan.alb.count + 1); // the ALBs and the internal NLB
    const nodeGroups = allOf(synthesized, 'aws_eks_node_group');
    expect(nodeGroups).toHaveLength(plan.eks.nodeGroups.length);
    expect(nodeGroups.map((g) => g.scaling_config)).toEqual(plan.eks.nodeGroups.map((g) => ({ min_size: g.minSize, desired_size: g.desiredSize, max_size: g.maxSize })));
    const instances = allOf(synthesized, 'aws_db_instance');
    expect(instances).toHaveLength(1 + plan.database.replicaCount);
    expect(instances.filter((i) => i.multi_az === true).map((i) => i.instance_class)).toEqual([plan.database.primaryInstanceClass]);
    expect(onlyOf(synthesized, 'aws_elasticache_replication_group')).toMatchObject({ node_type: plan.cache.nodeType, num_node_groups: plan.cache.shards, replicas_per_node_group: plan.cache.replicasPerShard });
  });

  test('GIVEN three services THEN each has an NLB listener, an nginx route and an ECR repository', () => {
    expect(countOf(synthesized, 'aws_lb_listener')).toBeGreaterThanOrEqual(3);
    expect(countOf(synthesized, 'aws_ecr_repository')).toBe(3);
    expect(stack.compute.ingress.endpoints.map((e) => [e.name, e.port])).toEqual([['gateway', 8080], ['catalog', 8081], ['orders', 8082]]);
    expect(stack.edge.tier.nginxConf).toContain('location /api/orders/ {');
  });

  test('GIVEN the tiers THEN CloudWatch watches them with the plan\'s thresholds and an alarm topic', () => {
    expect(countOf(synthesized, 'aws_sns_topic')).toBe(1);
    expect(countOf(synthesized, 'aws_cloudwatch_dashboard')).toBe(1);
    const alarms = allOf(synthesized, 'aws_cloudwatch_metric_alarm');
    const healthyNginx = alarms.filter((a) => a.metric_name === 'HealthyHostCount');
    expect(healthyNginx.length).toBeGreaterThanOrEqual(plan.alb.count);
    expect(healthyNginx.every((a) => a.threshold === plan.nginx.minSize)).toBe(true);
    const dbConnections = alarms.filter((a) => a.namespace === 'AWS/RDS' && a.metric_name === 'DatabaseConnections');
    expect(dbConnections).toHaveLength(1 + plan.database.replicaCount);
  });
});

describe('examples/environment-50k-rps/README.md', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'examples', 'environment-50k-rps', 'README.md'), 'utf8');
  const plan = new Environment50kStack(testApp(), 'shop').plan;

  test('GIVEN the plan THEN the README states the sizes it plans today', () => {
    const groups = plan.eks.nodeGroups;
    const services = Object.entries(plan.services).map(([name, s]) => `${name} ${s.minReplicas}-${s.maxReplicas}`).join(', ');
    expect(readme).toContain(`| ALB | ${plan.alb.count} ALB |`);
    expect(readme).toContain(`| nginx | \`${plan.nginx.instanceType}\`: min ${plan.nginx.minSize} / desired ${plan.nginx.desiredCapacity} / max ${plan.nginx.maxSize} (${plan.nginx.perAz} per AZ) |`);
    expect(readme).toContain(`| services | HPA ${services} pods |`);
    expect(readme).toContain(`| EKS nodes | ${groups.length} node groups (one per AZ) of \`${groups[0].instanceTypes[0]}\`: min ${groups[0].minSize} / max ${groups[0].maxSize} each |`);
    expect(readme).toContain(`| Valkey | ${plan.cache.shards} shards x (1 primary + ${plan.cache.replicasPerShard} replicas) of \`${plan.cache.nodeType}\` |`);
    expect(readme).toContain(`| PostgreSQL | \`${plan.database.primaryInstanceClass}\` primary (Multi-AZ) + ${plan.database.replicaCount} \`${plan.database.replicaInstanceClass}\` read replicas, RDS Proxy |`);
  });
});
