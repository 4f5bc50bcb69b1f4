import { planEnvironment } from '../../lib/config/environment';
import { costInputsFor } from '../../lib/cost';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { allOf, countOf, SynthesizedStack } from '../support/synth';

/**
 * The cost model prices counts it reads from the capacity plan and the config (lib/cost/adapter.ts)
 * and from its mirror of what the stacks create (lib/cost/inventory.ts). Every priced quantity is
 * read back here from the synthesized reference app, so a stack that adds a key, an alarm or a
 * node fails this test until the cost model follows.
 */
const app = synthesizeReferenceApp();

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: priced quantities equal the synthesized stack', (name, config) => {
  const stack: SynthesizedStack = app.stacks[name];
  const inputs = costInputsFor(config, planEnvironment(config));
  const one = (type: string) => allOf(stack, type);

  test('GIVEN the nginx group WHEN read back THEN min / desired / max, the instance type and the root volume match', () => {
    const [asg] = one('aws_autoscaling_group');
    expect([asg.min_size, asg.desired_capacity, asg.max_size]).toEqual([inputs.nginx.count.min, inputs.nginx.count.target, inputs.nginx.count.max]);
    const lt = one('aws_launch_template').find((t) => t.instance_type !== undefined && t.instance_type !== null)!;
    expect(lt.instance_type).toBe(inputs.nginx.instanceType);
    expect((lt.block_device_mappings as { ebs: { volume_size: number } }[])[0].ebs.volume_size).toBe(inputs.nginx.rootVolumeGiB);
    expect((lt.monitoring as { enabled: boolean }).enabled).toBe(true);
  });

  test('GIVEN the node groups WHEN read back THEN their count, instance type, summed min and max, and root volumes match', () => {
    const groups = one('aws_eks_node_group');
    expect(groups).toHaveLength(inputs.nodes.groups);
    const sum = (k: 'min_size' | 'max_size') => groups.reduce((s, g) => s + (g.scaling_config as Record<string, number>)[k], 0);
    expect(sum('min_size')).toBe(inputs.nodes.count.min);
    expect(sum('max_size')).toBe(inputs.nodes.count.max);
    // Priced at the planned type (the first); Spot pools after it are priced by the Spot lever.
    for (const g of groups) expect((g.instance_types as string[])[0]).toBe(inputs.nodes.instanceType);
    const nodeTemplates = one('aws_launch_template').filter((t) => t.instance_type === undefined || t.instance_type === null);
    expect(nodeTemplates).toHaveLength(inputs.nodes.groups);
    for (const t of nodeTemplates) expect((t.block_device_mappings as { ebs: { volume_size: number } }[])[0].ebs.volume_size).toBe(inputs.nodes.rootVolumeGiB);
  });

  test('GIVEN the cluster WHEN read back THEN its version and upgrade policy match the fee the model charges', () => {
    const [cluster] = one('aws_eks_cluster');
    expect(cluster.version).toBe(inputs.eks.version);
    expect((cluster.upgrade_policy as { support_type: string }).support_type).toBe(inputs.eks.supportType);
  });

  test('GIVEN the load balancers WHEN read back THEN ALBs, their LCU reservation and the one internal NLB with cross-zone on match', () => {
    const lbs = one('aws_lb');
    const albs = lbs.filter((l) => l.load_balancer_type === 'application');
    const nlbs = lbs.filter((l) => l.load_balancer_type === 'network');
    expect(albs).toHaveLength(inputs.alb.count);
    for (const a of albs) expect((a.minimum_load_balancer_capacity as { capacity_units: number } | undefined)?.capacity_units ?? 0).toBe(inputs.alb.reservedLcuPerAlb);
    expect(nlbs).toHaveLength(inputs.internalNlb.count);
    expect(nlbs[0].internal).toBe(true);
    expect(nlbs[0].enable_cross_zone_load_balancing).toBe(inputs.internalNlb.crossZone);
  });

  test('GIVEN the database WHEN read back THEN instances, Multi-AZ, classes, storage and backup retention match', () => {
    const dbs = one('aws_db_instance');
    const primary = dbs.find((d) => !d.replicate_source_db)!;
    const replicas = dbs.filter((d) => d.replicate_source_db);
    expect(replicas).toHaveLength(inputs.database.replicas);
    expect(primary.multi_az).toBe(inputs.database.multiAz);
    expect(primary.instance_class).toBe(inputs.database.primaryClass);
    for (const r of replicas) expect(r.instance_class).toBe(inputs.database.replicaClass);
    expect([primary.allocated_storage, primary.max_allocated_storage, primary.storage_type, primary.iops ?? 0]).toEqual([inputs.database.allocatedGiB, inputs.database.maxAllocatedGiB, 'gp3', 0]);
    expect(primary.backup_retention_period).toBe(inputs.database.backupRetentionDays);
    expect(countOf(stack, 'aws_db_proxy')).toBe(1);
  });

  test('GIVEN the cache WHEN read back THEN shards x (1 + replicas), the node type and snapshot retention match', () => {
    const [rg] = one('aws_elasticache_replication_group');
    expect(rg.node_type).toBe(inputs.cache.nodeType);
    expect(rg.engine).toBe('valkey');
    expect((rg.num_node_groups as number) * (1 + (rg.replicas_per_node_group as number))).toBe(inputs.cache.nodes);
    expect(rg.snapshot_retention_limit).toBe(inputs.cache.snapshotRetentionDays);
  });

  test('GIVEN the network WHEN read back THEN NAT gateways, their Elastic IPs and the interface endpoints match', () => {
    expect(countOf(stack, 'aws_nat_gateway')).toBe(inputs.nat.gateways);
    expect(countOf(stack, 'aws_eip')).toBe(inputs.nat.gateways);
    const endpoints = one('aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(endpoints).toHaveLength(inputs.interfaceEndpoints);
    for (const e of endpoints) expect(e.subnet_ids).toHaveLength(inputs.azCount);
  });

  test('GIVEN monitoring WHEN read back THEN metric alarms, the metrics they read, composite alarms, dashboards and log groups match', () => {
    const alarms = one('aws_cloudwatch_metric_alarm');
    expect(alarms).toHaveLength(inputs.observability.metricAlarms);
    const metrics = alarms.reduce((s, a) => s + (Array.isArray(a.metric_query) ? (a.metric_query as { metric?: unknown }[]).filter((q) => q.metric).length : 1), 0);
    expect(metrics).toBe(inputs.observability.alarmMetrics);
    for (const a of alarms) expect((a.period as number | undefined) ?? 60).toBeGreaterThanOrEqual(60);
    expect(countOf(stack, 'aws_cloudwatch_composite_alarm')).toBe(inputs.observability.compositeAlarms);
    expect(countOf(stack, 'aws_cloudwatch_dashboard')).toBe(inputs.observability.dashboards);
    const groups = one('aws_cloudwatch_log_group');
    expect(groups).toHaveLength(inputs.observability.logGroups);
    for (const g of groups) expect(g.retention_in_days).toBe(inputs.observability.logRetentionDays);
  });

  test('GIVEN security and platform services WHEN read back THEN KMS keys, WAF ACL and rules, secrets, hosted zones, ECR repositories and access-log retention match', () => {
    expect(countOf(stack, 'aws_kms_key')).toBe(inputs.kmsKeys);
    const acls = one('aws_wafv2_web_acl');
    expect(acls).toHaveLength(inputs.waf.webAcls);
    expect(acls[0].rule).toHaveLength(inputs.waf.rules);
    expect(countOf(stack, 'aws_secretsmanager_secret')).toBe(inputs.secrets);
    expect(countOf(stack, 'aws_route53_zone')).toBe(inputs.hostedZones);
    expect(countOf(stack, 'aws_ecr_repository')).toBe(inputs.ecrRepositories);
    const [lifecycle] = one('aws_s3_bucket_lifecycle_configuration');
    const rule = (lifecycle.rule as { expiration: { days: number }[]; noncurrent_version_expiration: { noncurrent_days: number }[] }[])[0];
    expect(rule.expiration[0].days + rule.noncurrent_version_expiration[0].noncurrent_days).toBe(inputs.accessLogRetentionDays);
  });
});
