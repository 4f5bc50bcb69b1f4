import { resilienceOf } from '../../../lib/config/environment';
import { environmentNamed } from '../../../stacks/environments';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { allOf, onlyOf, SynthesizedStack } from '../../support/synth';

/**
 * Read from the synthesized stacks: zonal shift on every load balancer and the cluster, FIS
 * templates whose targets select exactly the environment's resources in one AZ, and the
 * cross-Region backup plan.
 */
const app = synthesizeReferenceApp();
type Res = Record<string, unknown>;
type Tag = { key: string; value: string };

function byAddress(stack: SynthesizedStack, type: string): [string, Res][] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, r]) => [`${type}.${name}`, r]);
}
const refersTo = (value: unknown, address: string) => JSON.stringify(value ?? null).includes(`\${${address}.`);
const defaultTags = (stack: SynthesizedStack): Record<string, string> => {
  const providers = (stack.provider as { aws: { alias?: string; default_tags?: { tags: Record<string, string> }[] }[] }).aws;
  return Object.assign({}, ...(providers.find((p) => !p.alias)?.default_tags ?? []).map((d) => d.tags));
};
const carries = (tags: Record<string, string>, wanted: Tag[]) => wanted.every((t) => tags[t.key] === t.value);

/**
 * What one FIS target selects in the synthesized stack, as "<terraform address>" strings: the
 * tag selection (with the provider's default tags where AWS applies them), then the AZ filter
 * or AZ parameter, each resource's AZs read from its subnets.
 */
function selected(stack: SynthesizedStack, target: { resource_type: string; resource_tag: Tag[]; filter?: { path: string; values: string[] }[]; parameters?: Record<string, string> }): string[] {
  const defaults = defaultTags(stack);
  const subnets = byAddress(stack, 'aws_subnet');
  const azOfSubnetRef = (ref: unknown) => subnets.filter(([a]) => refersTo(ref, a)).map(([, s]) => s.availability_zone as string);
  const azFilter = target.filter?.find((f) => f.path === 'Placement.AvailabilityZone' || f.path === 'AvailabilityZone')?.values;
  const inAz = (azs: string[]) => !azFilter || azs.some((az) => azFilter.includes(az));
  switch (target.resource_type) {
    case 'aws:ec2:instance': {
      // Instances get the launch template's instance tags; their AZs are those of the group using it
      // (directly, or through a mixed instances policy when the fleet runs on Spot).
      const groups = [...byAddress(stack, 'aws_autoscaling_group'), ...byAddress(stack, 'aws_eks_node_group')];
      return byAddress(stack, 'aws_launch_template')
        .filter(([, lt]) => carries(((lt.tag_specifications as { resource_type: string; tags: Record<string, string> }[]) ?? []).find((t) => t.resource_type === 'instance')?.tags ?? {}, target.resource_tag))
        .filter(([address]) => inAz(groups.filter(([, g]) => refersTo(g, address)).flatMap(([, g]) => azOfSubnetRef(g.vpc_zone_identifier ?? g.subnet_ids))))
        .map(([a]) => a);
    }
    case 'aws:ec2:subnet':
      return subnets.filter(([, s]) => carries({ ...defaults, ...(s.tags as Record<string, string>) }, target.resource_tag) && inAz([s.availability_zone as string])).map(([a]) => a);
    case 'aws:ec2:autoscaling-group':
      return byAddress(stack, 'aws_autoscaling_group').filter(([, g]) => carries(Object.fromEntries((g.tag as Tag[]).map((t) => [t.key, t.value])), target.resource_tag)).map(([a]) => a);
    case 'aws:rds:db':
      return byAddress(stack, 'aws_db_instance').filter(([, d]) => carries({ ...defaults, ...(d.tags as Record<string, string>) }, target.resource_tag)).map(([a]) => a);
    case 'aws:elasticache:replicationgroup':
      return byAddress(stack, 'aws_elasticache_replication_group').filter(([, c]) => carries({ ...defaults, ...(c.tags as Record<string, string>) }, target.resource_tag)).map(([a]) => a);
    case 'aws:eks:nodegroup':
      return byAddress(stack, 'aws_eks_node_group').filter(([, g]) => carries({ ...defaults, ...(g.tags as Record<string, string>) }, target.resource_tag)).map(([a]) => a);
    default:
      throw new Error(`unexpected FIS resource type ${target.resource_type}`);
  }
}

describe.each(['dev', 'staging', 'prod'])('resilience of %s', (env) => {
  const stack = app.stacks[env];
  const config = environmentNamed(env);
  const settings = resilienceOf(config);

  test('THEN every ALB and the internal NLB, and the EKS cluster, are registered for zonal shift', () => {
    const lbs = allOf(stack, 'aws_lb');
    expect(lbs.length).toBeGreaterThanOrEqual(2);
    expect(lbs.map((lb) => lb.enable_zonal_shift)).toEqual(lbs.map(() => true));
    expect(onlyOf(stack, 'aws_eks_cluster').zonal_shift_config).toEqual({ enabled: true });
    // The NLB's target groups meet zonal shift's cross-zone conditions.
    for (const tg of allOf(stack, 'aws_lb_target_group').filter((t) => t.protocol === 'TCP')) {
      expect(tg).toMatchObject({ load_balancing_cross_zone_enabled: 'use_load_balancer_configuration', target_health_state: [{ enable_unhealthy_connection_termination: false }] });
    }
  });

  test('THEN each AZ-loss template targets exactly the environment\'s resources in that AZ', () => {
    const templates = byAddress(stack, 'aws_fis_experiment_template').filter(([, t]) => (t.tags as Record<string, string>).Experiment === 'az-loss');
    expect(templates.map(([, t]) => (t.tags as Record<string, string>).AvailabilityZone).sort()).toEqual([...config.availabilityZones].sort());
    const launchTemplates = byAddress(stack, 'aws_launch_template');
    const nodeGroups = byAddress(stack, 'aws_eks_node_group');
    const subnets = byAddress(stack, 'aws_subnet');
    const [asg] = byAddress(stack, 'aws_autoscaling_group');
    const primary = byAddress(stack, 'aws_db_instance').find(([, d]) => !d.replicate_source_db)!;
    const [cache] = byAddress(stack, 'aws_elasticache_replication_group');
    for (const [, template] of templates) {
      const az = (template.tags as Record<string, string>).AvailabilityZone;
      const got = (template.target as Parameters<typeof selected>[1][]).flatMap((t) => {
        const hits = selected(stack, t);
        // The database and cache targets are narrowed to the AZ by a target parameter.
        if (t.resource_type === 'aws:rds:db') expect(t.parameters).toEqual({ availabilityZoneIdentifiers: az });
        if (t.resource_type === 'aws:elasticache:replicationgroup') expect(t.parameters).toEqual({ availabilityZoneIdentifier: az });
        return hits;
      });
      const nodeLaunchTemplatesInAz = nodeGroups
        .filter(([, g]) => subnets.some(([a, s]) => refersTo(g.subnet_ids, a) && s.availability_zone === az))
        .map(([, g]) => launchTemplates.find(([a]) => refersTo(g, a))![0]);
      const nginxLaunchTemplate = launchTemplates.find(([a]) => refersTo(asg[1], a))![0];
      const expected = [nginxLaunchTemplate, ...nodeLaunchTemplatesInAz, asg[0], ...subnets.filter(([, s]) => s.availability_zone === az).map(([a]) => a), primary[0], cache[0]];
      expect(got.sort()).toEqual(expected.sort());
      // Every action acts on a target of the template, and instances come back after the outage.
      const names = (template.target as { name: string }[]).map((t) => t.name);
      for (const action of template.action as { target: { value: string }; action_id: string; parameter: Tag[] }[]) {
        expect(names).toContain(action.target.value);
        if (action.action_id === 'aws:ec2:stop-instances') expect(action.parameter).toEqual([{ key: 'startInstancesAfterDuration', value: `PT${settings.faultInjection.durationMinutes}M` }]);
      }
    }
  });

  test('THEN the smaller templates target one node group, the cache or the primary alone', () => {
    const templates = allOf(stack, 'aws_fis_experiment_template');
    const kinds = (kind: string) => templates.filter((t) => (t.tags as Record<string, string>).Experiment === kind);
    expect(kinds('node-group')).toHaveLength(allOf(stack, 'aws_eks_node_group').length);
    for (const t of kinds('node-group')) expect(selected(stack, (t.target as Parameters<typeof selected>[1][])[0])).toHaveLength(1);
    expect(kinds('cache-az-power')).toHaveLength(config.availabilityZones.length);
    const [failover] = kinds('database-failover');
    const primary = byAddress(stack, 'aws_db_instance').find(([, d]) => !d.replicate_source_db)![0];
    expect(selected(stack, (failover.target as Parameters<typeof selected>[1][])[0])).toEqual([primary]);
  });

  test('THEN every template stops on the composite and the SLO alarm, and logs to its encrypted group', () => {
    const alarms = byAddress(stack, 'aws_cloudwatch_composite_alarm');
    const degraded = alarms.find(([, a]) => a.alarm_name === `${env}-degraded`)![0];
    const slo = alarms.find(([, a]) => a.alarm_name === `${env}-slo`)!;
    expect(String(slo[1].alarm_rule)).toMatch(/5xx-ratio.*latency-p95|latency-p95.*5xx-ratio/);
    for (const t of allOf(stack, 'aws_fis_experiment_template')) {
      expect(t.stop_condition).toEqual([
        { source: 'aws:cloudwatch:alarm', value: `\${${degraded}.arn}` },
        { source: 'aws:cloudwatch:alarm', value: `\${${slo[0]}.arn}` },
      ]);
      expect(JSON.stringify(t.log_configuration)).toContain('aws_cloudwatch_log_group');
    }
  });

  test('THEN the database is backed up on the configured schedule and copied to the second Region\'s vault', () => {
    const plan = onlyOf(stack, 'aws_backup_plan');
    const [rule] = plan.rule as { schedule: string; lifecycle: { delete_after: number }; copy_action: { destination_vault_arn: string; lifecycle: { delete_after: number } }[] }[];
    expect(rule.lifecycle.delete_after).toBe(settings.backup.retentionDays);
    expect(rule.schedule).toBe(settings.backup.intervalHours === 24 ? 'cron(0 5 * * ? *)' : `cron(0 0/${settings.backup.intervalHours} * * ? *)`);
    const vaults = byAddress(stack, 'aws_backup_vault');
    const copyVault = vaults.find(([, v]) => v.provider === 'aws.backup_copy')!;
    expect(rule.copy_action).toEqual([{ destination_vault_arn: `\${${copyVault[0]}.arn}`, lifecycle: { delete_after: settings.backup.copyRetentionDays } }]);
    const providers = (stack.provider as { aws: { alias?: string; region: string }[] }).aws;
    expect(providers.find((p) => p.alias === 'backup_copy')?.region).toBe(settings.backup.copyRegion);
    expect(settings.backup.copyRegion).not.toBe(config.region);
    const primary = byAddress(stack, 'aws_db_instance').find(([, d]) => !d.replicate_source_db)![0];
    expect(onlyOf(stack, 'aws_backup_selection').resources).toEqual([`\${${primary}.arn}`]);
    // Each vault has its own key, in its own Region.
    for (const [, v] of vaults) {
      const key = byAddress(stack, 'aws_kms_key').find(([a]) => refersTo(v.kms_key_arn, a))!;
      expect(key[1].provider).toBe(v.provider);
    }
    expect(allOf(stack, 'aws_backup_vault_lock_configuration')).toHaveLength(config.production ? 2 : 0);
  });

  test('THEN failed backups and copies and stopped experiments notify the alarm topic', () => {
    const rules = allOf(stack, 'aws_cloudwatch_event_rule').map((r) => JSON.parse(r.event_pattern as string) as Record<string, unknown>);
    expect(rules).toEqual(
      expect.arrayContaining([
        { source: ['aws.fis'], 'detail-type': ['FIS Experiment State Change'], detail: { 'new-state': { status: ['stopped', 'failed'] } } },
        { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
        { source: ['aws.backup'], 'detail-type': ['Copy Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
      ]),
    );
    const topic = byAddress(stack, 'aws_sns_topic')[0][0];
    expect(allOf(stack, 'aws_cloudwatch_event_target').every((t) => t.arn === `\${${topic}.arn}`)).toBe(true);
    expect(JSON.stringify(onlyOf(stack, 'aws_sns_topic_policy').policy)).toContain('events.amazonaws.com');
  });
});
