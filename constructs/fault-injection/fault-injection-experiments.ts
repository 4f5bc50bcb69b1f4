import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { FisExperimentTemplate, FisExperimentTemplateAction, FisExperimentTemplateTarget } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AVAILABILITY_ZONE_PATTERN } from '../../lib/aws-arn';
import { invalid } from '../../lib/errors';
import { PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { resolveProtection, Protection } from '../../lib/protection';
import { checkArray, checkInteger, checkName, checkProps, checkString, isUnresolved } from '../../lib/validation';
import { EncryptionKey } from '../encryption-key';
import { fisAction } from './fis-actions';
import { FisResourceType, resourcesCarrying } from './tagged-resources';

/** An instance fleet (an Auto Scaling group) whose instances in the lost AZ are stopped. */
export interface FleetTarget {
  /** Short label, in target and template names (e.g. `nginx`). */
  readonly label: string;
  /** Its launch template: its `instance` tag specification selects the instances. */
  readonly launchTemplate: LaunchTemplate;
  /** The group: new launches in the lost AZ fail while the experiment runs (insufficient capacity). @default - none */
  readonly autoScalingGroup?: AutoscalingGroup;
}

/** An EKS managed node group in one AZ. */
export interface NodeGroupTarget {
  /** Short label, e.g. the node group's name. */
  readonly label: string;
  readonly nodeGroup: EksNodeGroup;
  /** Its launch template: its `instance` tag specification selects the nodes. */
  readonly launchTemplate: LaunchTemplate;
  /** The AZ of its subnet. */
  readonly availabilityZone: string;
}

export interface FaultInjectionExperimentsProps {
  /** Environment name: prefixes the role, the log group and the templates' names. */
  readonly name: string;
  /** Region of the targets (IAM ARNs and the logs service principal). */
  readonly region: string;
  /** The environment's AZs: one AZ-loss template per AZ. */
  readonly availabilityZones: readonly string[];
  /** VPC of the subnets (the network disruption creates NACLs in it). */
  readonly vpcId: string;
  /** Fleets whose instances in the lost AZ are stopped (the nginx fleet). @default [] */
  readonly fleets?: readonly FleetTarget[];
  /** Node groups: the lost AZ's are stopped, and each gets a template of its own. @default [] */
  readonly nodeGroups?: readonly NodeGroupTarget[];
  /** Tags every subnet of the environment carries (e.g. `{ Environment: 'prod' }`); the AZ filter picks the lost AZ's. */
  readonly subnetTags: Readonly<Record<string, string>>;
  /** The database primary, forced to fail over (reboot with failover) when it is in the lost AZ. @default - none */
  readonly database?: DbInstance;
  /** The cache: its nodes in the lost AZ lose power. @default - none */
  readonly cache?: ElasticacheReplicationGroup;
  /** CloudWatch alarm ARNs that stop every experiment when they go to ALARM (at least one). */
  readonly stopConditionAlarmArns: readonly string[];
  /** Minutes an AZ stays lost. @default 30 (DEFAULT_AZ_LOSS_MINUTES in lib/config/resilience.ts) */
  readonly durationMinutes?: number;
  /** Log retention and `prevent_destroy` of the log group and its key. @default Protection.PRODUCTION */
  readonly protection?: Protection;
}

/** One experiment template and what it targets, for tests and the README. */
export interface ExperimentInfo {
  readonly id: string;
  readonly template: FisExperimentTemplate;
  /** `az-loss`, `node-group`, `cache-az-power` or `database-failover`. */
  readonly kind: string;
  /** The AZ the experiment takes down, when it is about one AZ. */
  readonly availabilityZone?: string;
  /** The resources its targets select (before the AZ filter). */
  readonly targets: readonly TerraformResource[];
}

const DEFAULT_MINUTES = 30;
/** The actions' durations run from one minute to 12 hours (FIS actions reference: stop-instances' startInstancesAfterDuration, disrupt-connectivity's duration). */
const MAX_MINUTES = 12 * 60;
/** A node-group experiment loses the whole group (the managed node group then replaces it). */
const NODE_GROUP_TERMINATION_PERCENT = 100;
/** FIS target names: up to 64 characters. https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplateTargetInput.html */
const TARGET_NAME_MAX = 64;
const ALARM_ARN = /^arn:aws(-cn|-us-gov)?:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;

/**
 * AWS FIS experiment templates that reproduce the loss of one AZ of an environment, and
 * smaller faults, with a least-privilege experiment role and logs in CloudWatch.
 *
 * Per AZ, `<name>-az-loss-<az>` runs together (the "AZ Availability: Power Interruption"
 * scenario's actions for these resource types, https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html):
 * the fleets' and node groups' instances in the AZ stopped (restarted after the duration), new
 * launches of the fleets in the AZ failing with insufficient capacity, the AZ's subnets cut off
 * (`aws:network:disrupt-connectivity`, scope all), the database primary rebooted with failover
 * when it is in the AZ, and the cache nodes in the AZ powered off. Smaller templates: one node
 * group lost, the cache nodes of one AZ powered off, the database failover alone.
 *
 * Targets are selected by the tags the stacks already set (read from the resources passed
 * in; a tag that no resource, or more than the given one, carries is an error at synth), every
 * template stops on the given alarms, and creating templates changes nothing: an operator
 * starts an experiment (`aws fis start-experiment --experiment-template-id <id>`).
 */
export class FaultInjectionExperiments extends Construct {
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly experiments: readonly ExperimentInfo[];

  constructor(scope: Construct, id: string, props: FaultInjectionExperimentsProps) {
    super(scope, id);
    checkProps(this, props, `{ name: 'prod', region, availabilityZones, vpcId, subnetTags: { Environment: 'prod' }, stopConditionAlarmArns: [monitoring.degradedAlarm.arn] }`);
    this.validate(props);
    const protection = resolveProtection(this, props);
    const { name, region } = props;
    const minutes = props.durationMinutes ?? DEFAULT_MINUTES;
    const duration = `PT${minutes}M`;

    const key = new EncryptionKey(this, 'log-key', { alias: `${name}-fis-logs`, description: `Encrypts the FIS experiment logs of ${name}`, protection });
    key.grantToService(cloudWatchLogsKeyGrant(region, key.partition, key.accountId));
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/fis/${name}`,
      retentionInDays: protection.logRetentionDays,
      kmsKeyId: key.keyArn,
      lifecycle: protection.lifecycle(),
      // EncryptionKey orders the group after the key policy that lets CloudWatch Logs use the key.
    });
    const { partition, accountId } = key;
    const arn = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${accountId}:${resource}`;

    const fleets = (props.fleets ?? []).map((f) => ({ ...f, instanceTags: this.instanceTags(`fleets[${f.label}]`, f.launchTemplate), groupTags: f.autoScalingGroup ? this.selectorTags(`fleets[${f.label}].autoScalingGroup`, 'aws:ec2:autoscaling-group', f.autoScalingGroup) : undefined }));
    const nodeGroups = (props.nodeGroups ?? []).map((g) => ({ ...g, instanceTags: this.instanceTags(`nodeGroups[${g.label}]`, g.launchTemplate), groupTags: this.selectorTags(`nodeGroups[${g.label}].nodeGroup`, 'aws:eks:nodegroup', g.nodeGroup) }));
    const subnetTags = { ...props.subnetTags };
    if (resourcesCarrying(this, 'aws:ec2:subnet', subnetTags).length === 0) {
      invalid(this, 'subnetTags', subnetTags, 'is carried by no subnet of this stack: the network disruption would select nothing', 'pass tags the Network\'s subnets carry, e.g. { Environment: "<name>" } from the provider\'s default tags');
    }
    const dbTags = props.database ? this.selectorTags('database', 'aws:rds:db', props.database) : undefined;
    const cacheTags = props.cache ? this.selectorTags('cache', 'aws:elasticache:replicationgroup', props.cache) : undefined;

    // Least privilege: each action's API calls, on this environment's resources where IAM can scope them.
    const instanceNames = [...fleets, ...nodeGroups].map((t) => t.instanceTags.Name).filter((n): n is string => n !== undefined);
    const statements: PolicyStatement[] = [
      new PolicyStatement({ sid: 'DescribeTargets', actions: ['ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries', 'autoscaling:DescribeAutoScalingGroups', 'rds:DescribeDBInstances', 'elasticache:DescribeReplicationGroups', 'tag:GetResources'], resources: ['*'] }),
    ];
    if (instanceNames.length > 0) {
      statements.push(
        new PolicyStatement({ sid: 'StopAndStartTheFleets', actions: ['ec2:StopInstances', 'ec2:StartInstances'], resources: [arn('ec2', 'instance/*')], conditions: { StringEquals: { 'aws:ResourceTag/Name': instanceNames } } }),
        // Restarting instances whose volumes are encrypted with a KMS key needs a grant for EC2.
        new PolicyStatement({ sid: 'GrantEc2TheVolumeKeys', actions: ['kms:CreateGrant'], resources: [`arn:${partition}:kms:${region}:${accountId}:key/*`], conditions: { StringEquals: { 'kms:ViaService': `ec2.${region}.amazonaws.com` }, Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
      );
    }
    if (fleets.some((f) => f.autoScalingGroup)) {
      statements.push(new PolicyStatement({ sid: 'FailLaunchesInTheLostAz', actions: ['ec2:InjectApiError'], resources: ['*'], conditions: { 'ForAnyValue:StringEquals': { 'ec2:FisActionId': ['aws:ec2:asg-insufficient-instance-capacity-error'] } } }));
    }
    if (nodeGroups.length > 0) {
      statements.push(
        new PolicyStatement({ sid: 'DescribeNodeGroups', actions: ['eks:DescribeNodegroup'], resources: nodeGroups.map((g) => g.nodeGroup.arn) }),
        new PolicyStatement({ sid: 'TerminateNodes', actions: ['ec2:TerminateInstances'], resources: [arn('ec2', 'instance/*')], conditions: { StringEquals: { 'aws:ResourceTag/Name': nodeGroups.map((g) => g.instanceTags.Name).filter((n): n is string => n !== undefined) } } }),
      );
    }
    statements.push(
      new PolicyStatement({ sid: 'CutOffTheSubnets', actions: ['ec2:CreateNetworkAcl', 'ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl', 'ec2:ReplaceNetworkAclAssociation', 'ec2:CreateTags'], resources: [arn('ec2', 'network-acl/*'), arn('ec2', 'subnet/*'), arn('ec2', `vpc/${props.vpcId}`)] }),
    );
    if (props.database) statements.push(new PolicyStatement({ sid: 'FailOverTheDatabase', actions: ['rds:RebootDBInstance'], resources: [props.database.arn] }));
    if (props.cache) {
      statements.push(new PolicyStatement({ sid: 'PowerOffCacheNodes', actions: ['elasticache:InterruptClusterAzPower'], resources: [props.cache.arn, arn('elasticache', `cluster:${props.cache.replicationGroupId}-*`)] }));
    }
    // Log delivery to CloudWatch Logs (vended logs). https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html
    statements.push(new PolicyStatement({ sid: 'DeliverExperimentLogs', actions: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], resources: ['*'] }));

    this.role = new IamRole(this, 'role', {
      name: `${name}-fis-experiments`,
      description: `Runs the FIS experiments of ${name} (AZ loss and smaller faults)`,
      assumeRolePolicy: new PolicyDocument([
        new PolicyStatement({ principals: [Principal.service('fis.amazonaws.com')], actions: ['sts:AssumeRole'], conditions: { StringEquals: { 'aws:SourceAccount': accountId } } }),
      ]).toJson(),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', { name: 'run-experiments', role: this.role.id, policy: new PolicyDocument(statements).toJson() });

    const stopConditions = props.stopConditionAlarmArns.map((value) => ({ source: 'aws:cloudwatch:alarm', value }));
    const logConfiguration = { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${this.logGroup.arn}:*` } };
    const experiments: ExperimentInfo[] = [];
    const add = (expId: string, kind: string, description: string, targets: FisExperimentTemplateTarget[], actions: FisExperimentTemplateAction[], selected: TerraformResource[], az?: string) => {
      const template = new FisExperimentTemplate(this, expId, {
        description,
        roleArn: this.role.arn,
        stopCondition: stopConditions,
        target: targets,
        action: actions,
        logConfiguration,
        // An AZ loss still runs when, say, the primary is not in that AZ: its target resolves empty.
        experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: kind === 'az-loss' ? 'skip' : 'fail' },
        tags: { Name: `${name}-${expId}`, Experiment: kind, ...(az ? { AvailabilityZone: az } : {}) },
        dependsOn: [rolePolicy],
      });
      experiments.push({ id: expId, template, kind, availabilityZone: az, targets: selected });
    };
    const tags = (t: Readonly<Record<string, string>>) => Object.entries(t).map(([key, value]) => ({ key, value }));

    for (const az of props.availabilityZones) {
      const targets: FisExperimentTemplateTarget[] = [];
      const actions: FisExperimentTemplateAction[] = [];
      const selected: TerraformResource[] = [];
      const inAz = nodeGroups.filter((g) => g.availabilityZone === az);
      for (const t of [...fleets, ...inAz]) {
        const target = targetName(`instances-${t.label}`);
        targets.push({ name: target, resourceType: 'aws:ec2:instance', selectionMode: 'ALL', resourceTag: tags(t.instanceTags), filter: [{ path: 'Placement.AvailabilityZone', values: [az] }, { path: 'State.Name', values: ['running'] }] });
        actions.push(fisAction(targetName(`stop-${t.label}`), 'aws:ec2:stop-instances', target, { startInstancesAfterDuration: duration }));
        selected.push(t.launchTemplate);
      }
      for (const f of fleets.filter((x) => x.groupTags && x.autoScalingGroup)) {
        const target = targetName(`group-${f.label}`);
        targets.push({ name: target, resourceType: 'aws:ec2:autoscaling-group', selectionMode: 'ALL', resourceTag: tags(f.groupTags!) });
        actions.push(fisAction(targetName(`no-capacity-${f.label}`), 'aws:ec2:asg-insufficient-instance-capacity-error', target, { availabilityZoneIdentifiers: az, duration, percentage: '100' }));
        selected.push(f.autoScalingGroup!);
      }
      targets.push({ name: 'subnets', resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceTag: tags(subnetTags), filter: [{ path: 'AvailabilityZone', values: [az] }] });
      actions.push(fisAction('cut-off-subnets', 'aws:network:disrupt-connectivity', 'subnets', { duration, scope: 'all' }));
      selected.push(...resourcesCarrying(this, 'aws:ec2:subnet', subnetTags).map((r) => r.resource));
      if (props.database && dbTags) {
        targets.push({ name: 'database-primary', resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTag: tags(dbTags), parameters: { availabilityZoneIdentifiers: az } });
        actions.push(fisAction('fail-over-database', 'aws:rds:reboot-db-instances', 'database-primary', { forceFailover: 'true' }));
        selected.push(props.database);
      }
      if (props.cache && cacheTags) {
        targets.push({ name: 'cache', resourceType: 'aws:elasticache:replicationgroup', selectionMode: 'ALL', resourceTag: tags(cacheTags), parameters: { availabilityZoneIdentifier: az } });
        actions.push(fisAction('power-off-cache-nodes', 'aws:elasticache:replicationgroup-interrupt-az-power', 'cache', { duration }));
        selected.push(props.cache);
      }
      add(`az-loss-${az}`, 'az-loss', `${name}: lose ${az} for ${minutes} min (instances stopped, subnets cut off, database failover, cache nodes powered off)`, targets, actions, selected, az);
    }

    for (const g of nodeGroups) {
      add(
        `node-group-${g.label}`,
        'node-group',
        `${name}: lose node group ${g.label} (${g.availabilityZone}): every node terminated; the managed node group replaces them`,
        [{ name: 'node-group', resourceType: 'aws:eks:nodegroup', selectionMode: 'ALL', resourceTag: tags(g.groupTags) }],
        [fisAction('terminate-nodes', 'aws:eks:terminate-nodegroup-instances', 'node-group', { instanceTerminationPercentage: String(NODE_GROUP_TERMINATION_PERCENT) })],
        [g.nodeGroup],
        g.availabilityZone,
      );
    }
    if (props.cache && cacheTags) {
      for (const az of props.availabilityZones) {
        add(
          `cache-az-power-${az}`,
          'cache-az-power',
          `${name}: power off the cache nodes in ${az} for ${minutes} min (their shards' primaries fail over)`,
          [{ name: 'cache', resourceType: 'aws:elasticache:replicationgroup', selectionMode: 'ALL', resourceTag: tags(cacheTags), parameters: { availabilityZoneIdentifier: az } }],
          [fisAction('power-off-cache-nodes', 'aws:elasticache:replicationgroup-interrupt-az-power', 'cache', { duration })],
          [props.cache],
          az,
        );
      }
    }
    if (props.database && dbTags) {
      add(
        'database-failover',
        'database-failover',
        `${name}: fail the database primary over to its standby (reboot with failover)`,
        [{ name: 'database-primary', resourceType: 'aws:rds:db', selectionMode: 'ALL', resourceTag: tags(dbTags) }],
        [fisAction('fail-over-database', 'aws:rds:reboot-db-instances', 'database-primary', { forceFailover: 'true' })],
        [props.database],
      );
    }
    this.experiments = experiments;
  }

  /** The tags a launch template gives its instances; every one of them must select only this template's instances. */
  private instanceTags(prop: string, launchTemplate: LaunchTemplate): Record<string, string> {
    const specs = launchTemplate.tagSpecificationsInput;
    const tags = Array.isArray(specs) ? specs.find((s) => s.resourceType === 'instance')?.tags : undefined;
    if (!tags || Object.keys(tags).length === 0) {
      invalid(this, `${prop}.launchTemplate`, launchTemplate.node.path, 'tags no instance it launches (no "instance" tag specification)', 'give the launch template an instance tag specification, e.g. { Name: "<fleet>" }');
    }
    this.checkSelectsExactly(`${prop}.launchTemplate`, 'aws:ec2:instance', tags, launchTemplate);
    return { ...tags };
  }

  /** The resource's own tags (the `Name` and role tags the constructs set), checked to select exactly it. */
  private selectorTags(prop: string, type: FisResourceType, resource: TerraformResource): Record<string, string> {
    const own = type === 'aws:ec2:autoscaling-group'
      ? Object.fromEntries(((resource as AutoscalingGroup).tagInput as { key: string; value: string }[] | undefined ?? []).map((t) => [t.key, t.value]))
      : ((resource as unknown as { tagsInput?: Record<string, string> }).tagsInput ?? {});
    const tags = Object.fromEntries(Object.entries(own).filter(([k]) => k === 'Name' || k === 'Role'));
    if (Object.keys(tags).length === 0) invalid(this, prop, resource.node.path, 'has no Name tag to select it by', 'tag the resource with a Name (the constructs of this library do)');
    this.checkSelectsExactly(prop, type, tags, resource);
    return tags;
  }

  private checkSelectsExactly(prop: string, type: FisResourceType, tags: Record<string, string>, resource: TerraformResource): void {
    const carriers = resourcesCarrying(this, type, tags);
    if (!carriers.some((c) => c.resource === resource)) {
      invalid(this, prop, tags, `is carried by no ${type} target of this stack (the resource is not in this stack, or its tags are not set)`, 'pass a resource of the same stack as the experiments');
    }
    const others = carriers.filter((c) => c.resource !== resource);
    if (others.length > 0) {
      invalid(this, prop, tags, `also selects ${others.map((o) => o.resource.node.path).join(', ')}`, 'give each target resource a unique Name tag');
    }
  }

  private validate(props: FaultInjectionExperimentsProps): void {
    checkName(this, 'name', props.name, { maxLength: 32, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'environment name (it prefixes the role name)' });
    checkString(this, 'region', props.region, true);
    checkString(this, 'vpcId', props.vpcId, true);
    checkArray(this, 'availabilityZones', props.availabilityZones, { minLength: 1, what: 'AZ names' });
    props.availabilityZones.forEach((az, i) => {
      if (!isUnresolved(az) && !AVAILABILITY_ZONE_PATTERN.test(az)) invalid(this, `availabilityZones[${i}]`, az, 'is not an availability zone name', `use names such as "${props.region}a"`);
    });
    checkArray(this, 'stopConditionAlarmArns', props.stopConditionAlarmArns, { what: 'CloudWatch alarm ARNs' });
    if (!props.stopConditionAlarmArns || props.stopConditionAlarmArns.length === 0) {
      invalid(this, 'stopConditionAlarmArns', props.stopConditionAlarmArns, 'is empty: an experiment without a stop condition keeps breaking the environment however bad it gets', 'pass the environment\'s composite alarm and SLO alarms (MonitoringStack degradedAlarm.arn, sloAlarms)');
    }
    props.stopConditionAlarmArns.forEach((a, i) => {
      if (typeof a !== 'string' || (!isUnresolved(a) && !ALARM_ARN.test(a))) invalid(this, `stopConditionAlarmArns[${i}]`, a, 'is not a CloudWatch alarm ARN', 'pass an alarm\'s arn attribute');
    });
    checkInteger(this, 'durationMinutes', props.durationMinutes, { min: 1, max: MAX_MINUTES, limit: 'an FIS action runs at most 12 hours' });
    if (typeof props.subnetTags !== 'object' || props.subnetTags === null || Object.keys(props.subnetTags).length === 0) {
      invalid(this, 'subnetTags', props.subnetTags, 'is empty: the network disruption would select every subnet of the account in the AZ', 'pass the environment\'s tag, e.g. { Environment: "prod" }');
    }
    const labels = [...(props.fleets ?? []), ...(props.nodeGroups ?? [])].map((t) => t.label);
    labels.forEach((label, i) => {
      checkName(this, 'label', label, { maxLength: 40, pattern: /^[a-z0-9][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'target label' });
      if (labels.indexOf(label) !== i) invalid(this, 'label', label, 'is used by two targets', 'give every fleet and node group its own label');
    });
    (props.nodeGroups ?? []).forEach((g, i) => {
      if (!props.availabilityZones.includes(g.availabilityZone)) invalid(this, `nodeGroups[${i}].availabilityZone`, g.availabilityZone, `is not one of the environment's AZs (${props.availabilityZones.join(', ')})`, 'pass the AZ of the node group\'s subnet');
    });
  }
}

function targetName(name: string): string {
  return name.length <= TARGET_NAME_MAX ? name : name.slice(0, TARGET_NAME_MAX);
}
