import { TerraformOutput, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { EksPlan } from '../../lib/capacity';
import { EnvironmentAlarm, ResolvedResilience } from '../../lib/config/resilience';
import { invalid } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { runbookLink } from '../../lib/runbooks';
import { CrossRegionBackup } from '../cross-region-backup';
import { FaultInjectionExperiments } from '../fault-injection';
import { MonitoringStack } from '../monitoring-stack';
import { INetwork } from '../network';
import { ComputeTier } from './compute-tier';
import { DataTier } from './data-tier';
import { EdgeTier } from './edge-tier';

/** A stack-level output named exactly `name` (not prefixed with this construct's path). */
function stackOutput(scope: Construct, name: string, config: { value: unknown; description: string }): void {
  new TerraformOutput(scope, name, config).overrideLogicalId(name);
}

export interface ResilienceTierProps {
  /** Environment name: prefixes the templates, vaults, roles and the `<name>-slo` alarm. */
  readonly name: string;
  /** The environment's Region. */
  readonly region: string;
  /** Its AZs (one AZ-loss template each), VPC and subnets. */
  readonly network: INetwork;
  /** The node groups (stopped, one template each), the NLB and cluster (zonal shift). */
  readonly compute: ComputeTier;
  /** The database primary (failover, backups) and the cache (AZ power interruption). */
  readonly data: DataTier;
  /** The nginx fleet (stopped, no capacity in the AZ) and the ALBs (zonal shift). */
  readonly edge: EdgeTier;
  /** The composite and SLO alarms the experiments stop on; the topic the notifications go to. */
  readonly monitoring: MonitoringStack;
  /** The cluster's plan slice: which AZ each node group is in. */
  readonly eks: EksPlan;
  /** The environment's resolved zonal shift, FIS and backup settings (`resolveResilience`). */
  readonly settings: ResolvedResilience;
  /**
   * AWS provider for `settings.backup.copyRegion` (required when backups are on).
   * @default - none; an error when backups are on
   */
  readonly copyProvider?: TerraformProvider;
  /** `prevent_destroy`, retention and vault lock defaults of the keys, log group and vaults. */
  readonly protection: Protection;
}

/**
 * What proves and protects the one-AZ-lost claim: FIS experiment templates over the tiers'
 * resources, AWS Backup with a copy in a second Region, the notifications of both, and the
 * zonal autoshift configuration the provider cannot express (as the commands to run).
 */
export class ResilienceTier extends Construct {
  public readonly experiments?: FaultInjectionExperiments;
  public readonly backup?: CrossRegionBackup;
  /** `<name>-slo`: in ALARM while any SLO alarm is (a stop condition and a practice-run outcome alarm). */
  public readonly sloAlarm?: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: ResilienceTierProps) {
    super(scope, id);
    const { name, settings, monitoring, data, edge, compute } = props;
    const slo = monitoring.sloAlarms;
    if (slo.length > 0) {
      this.sloAlarm = new CloudwatchCompositeAlarm(this, 'slo', {
        alarmName: `${name}-slo`,
        alarmDescription: `[critical] An SLO alarm of ${name} (5xx burn rate or p95 latency) is in ALARM: stops FIS experiments. Runbook: ${runbookLink('CloudWatch edge')}`,
        alarmRule: slo.map((a) => `ALARM("${a.alarm.alarmName}")`).join(' OR '),
        tags: { Severity: 'critical', Tier: 'edge' },
      });
    }
    const alarmArn = (ref: string, prop: string): string => {
      if (ref === EnvironmentAlarm.DEGRADED) {
        if (!monitoring.degradedAlarm) invalid(this, prop, ref, 'names the composite alarm, which does not exist (nothing is watched)', 'watch the tiers with the MonitoringStack, or pass an alarm ARN');
        return monitoring.degradedAlarm.arn;
      }
      if (ref === EnvironmentAlarm.SLO) {
        if (!this.sloAlarm) invalid(this, prop, ref, 'names the SLO alarms, and the environment has none (no ALB is watched)', 'pass "degraded" or an alarm ARN');
        return this.sloAlarm.arn;
      }
      return ref;
    };

    if (settings.faultInjection.enabled) {
      const fleet = edge.tier.fleet;
      this.experiments = new FaultInjectionExperiments(this, 'fis', {
        name,
        region: props.region,
        availabilityZones: props.network.availabilityZones,
        vpcId: props.network.vpcId,
        fleets: [{ label: 'nginx', launchTemplate: fleet.launchTemplate, autoScalingGroup: fleet.group }],
        nodeGroups: compute.eks.nodeGroups.map((g, i) => ({ label: props.eks.nodeGroups[i].name, nodeGroup: g.nodeGroup, launchTemplate: g.launchTemplate, availabilityZone: props.network.availabilityZones[props.eks.nodeGroups[i].azIndex] })),
        // The provider's default tags put Environment on every subnet.
        subnetTags: { Environment: name },
        database: data.database.primary,
        cache: data.cache.replicationGroup,
        stopConditionAlarmArns: settings.faultInjection.stopConditions.map((ref, i) => alarmArn(ref, `faultInjection.stopConditions[${i}]`)),
        durationMinutes: settings.faultInjection.durationMinutes,
        protection: props.protection,
      });
      // FIS emits "FIS Experiment State Change" with new-state.status stopped (a stop condition or an operator) or failed.
      // https://docs.aws.amazon.com/fis/latest/userguide/monitoring-eventbridge.html
      monitoring.notifyOnEvent('fis-experiment-stopped', {
        description: `An FIS experiment of ${name} stopped (a stop condition went to ALARM, or an operator stopped it) or failed. Runbook: ${runbookLink('FIS experiment stopped')}`,
        eventPattern: { source: ['aws.fis'], 'detail-type': ['FIS Experiment State Change'], detail: { 'new-state': { status: ['stopped', 'failed'] } } },
      });
      stackOutput(this, 'fis_experiment_template_ids', {
        value: Object.fromEntries(this.experiments.experiments.map((e) => [e.id, e.template.id])),
        description: 'aws fis start-experiment --experiment-template-id <id> (README, Reliability)',
      });
    }

    if (settings.backup.enabled) {
      if (!props.copyProvider) invalid(this, 'copyProvider', props.copyProvider, `is missing while backups copy to ${settings.backup.copyRegion}`, 'pass an AwsProvider aliased for the copy Region');
      this.backup = new CrossRegionBackup(this, 'backup', {
        name,
        region: props.region,
        resources: [{ label: 'database', arn: data.database.primary.arn }],
        copyRegion: settings.backup.copyRegion,
        copyProvider: props.copyProvider,
        intervalHours: settings.backup.intervalHours,
        retentionDays: settings.backup.retentionDays,
        copyRetentionDays: settings.backup.copyRetentionDays,
        vaultLock: settings.backup.vaultLock,
        protection: props.protection,
      });
      // AWS Backup sends "Backup Job State Change" / "Copy Job State Change" events (best effort, every 5 minutes).
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
      monitoring.notifyOnEvent('backup-job-failed', {
        description: `An AWS Backup job of ${name} failed, was aborted or expired. Runbook: ${runbookLink('Backup job failed')}`,
        eventPattern: { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
      });
      monitoring.notifyOnEvent('backup-copy-failed', {
        description: `A cross-Region backup copy of ${name} failed, was aborted or expired. Runbook: ${runbookLink('Backup copy failed')}`,
        eventPattern: { source: ['aws.backup'], 'detail-type': ['Copy Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
      });
      stackOutput(this, 'backup_vaults', {
        value: { source: this.backup.vault.arn, copy: this.backup.copyVault.arn, plan: this.backup.plan.arn },
        description: 'AWS Backup vaults (source and copy Region) and plan (docs/runbooks.md, "Restore the database")',
      });
    }

    if (settings.zonalShift.enabled) {
      const resources = [...edge.tier.albs.map((a) => a.arn), compute.ingress.loadBalancerArn, compute.eks.cluster.arn];
      stackOutput(this, 'zonal_shift_resources', { value: resources, description: 'aws arc-zonal-shift start-zonal-shift --resource-identifier <arn> --away-from <az-id> (docs/runbooks.md, "Zonal shift")' });
      const autoshift = settings.zonalShift.autoshift;
      if (autoshift?.enabled) {
        // hashicorp/aws 5.100 has no resource for practice runs or autoshift: the commands to run once.
        const outcome = alarmArn(autoshift.practiceRunOutcomeAlarm!, 'zonalShift.autoshift.practiceRunOutcomeAlarm');
        const blocking = autoshift.practiceRunBlockingAlarm ? alarmArn(autoshift.practiceRunBlockingAlarm, 'zonalShift.autoshift.practiceRunBlockingAlarm') : undefined;
        stackOutput(this, 'zonal_autoshift_commands', {
          value: resources.map(
            (arn) =>
              `aws arc-zonal-shift create-practice-run-configuration --resource-identifier ${arn} --outcome-alarms type=CLOUDWATCH,alarmIdentifier=${outcome}${blocking ? ` --blocking-alarms type=CLOUDWATCH,alarmIdentifier=${blocking}` : ''} && aws arc-zonal-shift update-zonal-autoshift-configuration --resource-identifier ${arn} --zonal-autoshift-status ENABLED`,
          ),
          description: 'Run once after the first apply: zonal autoshift with practice runs (no Terraform resource in hashicorp/aws 5.100)',
        });
      }
    }
  }
}
