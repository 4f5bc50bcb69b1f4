/**
 * The AWS FIS actions and target resource types the experiments use, as the AWS FIS actions
 * reference documents them (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html,
 * read 2026-12-02; target syntax and target parameters:
 * https://docs.aws.amazon.com/fis/latest/userguide/targets.html). The construct builds every
 * action and target from this table, and the tests check the synthesized templates against it,
 * so a renamed parameter or a wrong target key cannot slip in silently. Cross-checked against
 * AWS's own sample templates (aws-samples/fis-template-library:
 * elasticache-az-power-interruption/…-experiment-template.json, ec2-instance-faults/fis-stop-instance-AZ.json).
 */
export interface FisActionSpec {
  /** The action's target key (the `targets` map key in an action). */
  readonly targetKey: string;
  /** The resource type that target must have. */
  readonly resourceType: FisTargetResourceType;
  /** Parameters the action requires. */
  readonly requiredParameters: readonly string[];
  /** Parameters it also accepts. */
  readonly optionalParameters: readonly string[];
  /** Where it is documented. */
  readonly source: string;
}

const ACTIONS_REFERENCE = 'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html';

export type FisTargetResourceType = 'aws:ec2:instance' | 'aws:ec2:autoscaling-group' | 'aws:ec2:subnet' | 'aws:rds:db' | 'aws:elasticache:replicationgroup' | 'aws:eks:nodegroup';

export const FIS_ACTIONS = {
  /**
   * Stops the target instances; `startInstancesAfterDuration` (ISO 8601, one minute to 12
   * hours) starts them again. Target `Instances`, resource type aws:ec2:instance.
   */
  'aws:ec2:stop-instances': {
    targetKey: 'Instances',
    resourceType: 'aws:ec2:instance',
    requiredParameters: [],
    optionalParameters: ['startInstancesAfterDuration', 'completeIfInstancesTerminated'],
    source: `${ACTIONS_REFERENCE}#stop-instances`,
  },
  /**
   * Makes the groups' launches in the given AZs fail with InsufficientInstanceCapacity:
   * `availabilityZoneIdentifiers` (AZ names or IDs, comma-separated), `duration`, `percentage`
   * (1-100). Target `AutoScalingGroups`, resource type aws:ec2:autoscaling-group.
   */
  'aws:ec2:asg-insufficient-instance-capacity-error': {
    targetKey: 'AutoScalingGroups',
    resourceType: 'aws:ec2:autoscaling-group',
    requiredParameters: ['availabilityZoneIdentifiers', 'duration'],
    optionalParameters: ['percentage'],
    source: `${ACTIONS_REFERENCE}#asg-insufficient-instance-capacity-error`,
  },
  /**
   * Denies traffic to and from the target subnets (a NACL swapped in for `duration`, one minute
   * to 12 hours); `scope` `all` denies everything. Target `Subnets`, resource type aws:ec2:subnet.
   */
  'aws:network:disrupt-connectivity': {
    targetKey: 'Subnets',
    resourceType: 'aws:ec2:subnet',
    requiredParameters: ['duration'],
    optionalParameters: ['scope'],
    source: `${ACTIONS_REFERENCE}#disrupt-connectivity`,
  },
  /**
   * Reboots the target DB instances; `forceFailover` `true` fails a Multi-AZ instance over to
   * its standby (aws:rds:failover-db-cluster is for DB clusters, which this library does not
   * create). Target `DBInstances`, resource type aws:rds:db (target parameter
   * `availabilityZoneIdentifiers` picks the instances in an AZ).
   */
  'aws:rds:reboot-db-instances': {
    targetKey: 'DBInstances',
    resourceType: 'aws:rds:db',
    requiredParameters: [],
    optionalParameters: ['forceFailover'],
    source: `${ACTIONS_REFERENCE}#reboot-db-instances`,
  },
  /**
   * Interrupts power to the replication groups' nodes in one AZ for `duration` (replacements in
   * that AZ blocked meanwhile; Multi-AZ primaries there fail over). Target `ReplicationGroups`,
   * resource type aws:elasticache:replicationgroup, selected by tags only (no ARNs or filters),
   * with the target parameter `availabilityZoneIdentifier`. The older id
   * aws:elasticache:interrupt-cluster-az-power (type aws:elasticache:redis-replicationgroup) is
   * the deprecated name of this action.
   */
  'aws:elasticache:replicationgroup-interrupt-az-power': {
    targetKey: 'ReplicationGroups',
    resourceType: 'aws:elasticache:replicationgroup',
    requiredParameters: ['duration'],
    optionalParameters: [],
    source: `${ACTIONS_REFERENCE}#replicationgroup-interrupt-az-power`,
  },
  /**
   * Terminates `instanceTerminationPercentage` (1-100) of each target node group's instances.
   * Target `Nodegroups`, resource type aws:eks:nodegroup.
   */
  'aws:eks:terminate-nodegroup-instances': {
    targetKey: 'Nodegroups',
    resourceType: 'aws:eks:nodegroup',
    requiredParameters: ['instanceTerminationPercentage'],
    optionalParameters: [],
    source: `${ACTIONS_REFERENCE}#terminate-nodegroup-instances`,
  },
} as const satisfies Record<string, FisActionSpec>;

export type FisActionId = keyof typeof FIS_ACTIONS;

/**
 * Target parameters by resource type (targets.html, "Resource parameters"): which AZ a target
 * resolves in, where the resource type supports it.
 */
export const FIS_TARGET_PARAMETERS: Readonly<Partial<Record<FisTargetResourceType, readonly string[]>>> = {
  'aws:rds:db': ['availabilityZoneIdentifiers'],
  'aws:elasticache:replicationgroup': ['availabilityZoneIdentifier'],
};

/** Target filters by resource type: the describe-API attribute paths used here (targets.html, "Resource filters"). */
export const FIS_TARGET_FILTER_PATHS: Readonly<Partial<Record<FisTargetResourceType, readonly string[]>>> = {
  'aws:ec2:instance': ['Placement.AvailabilityZone', 'State.Name'],
  'aws:ec2:subnet': ['AvailabilityZone'],
};

/** Resource types FIS selects by tags only (no ARNs, no filters): the ElastiCache AZ power action's. */
export const FIS_TAG_ONLY_TYPES: readonly FisTargetResourceType[] = ['aws:elasticache:replicationgroup'];

/** An action of the table, with its target and parameters checked against it at synth. */
export function fisAction(name: string, actionId: FisActionId, target: string, parameters: Readonly<Record<string, string>>): { name: string; actionId: string; parameter: { key: string; value: string }[]; target: { key: string; value: string } } {
  const spec: FisActionSpec = FIS_ACTIONS[actionId];
  const allowed = [...spec.requiredParameters, ...spec.optionalParameters];
  const unknown = Object.keys(parameters).filter((k) => !allowed.includes(k));
  const missing = spec.requiredParameters.filter((k) => parameters[k] === undefined);
  if (unknown.length > 0 || missing.length > 0) {
    // A programming error in this construct, not bad input: the table is the documented contract.
    throw new Error(`FIS action ${actionId}: unknown parameters [${unknown.join(', ')}], missing [${missing.join(', ')}] (${spec.source})`);
  }
  return { name, actionId, parameter: Object.entries(parameters).map(([key, value]) => ({ key, value })), target: { key: spec.targetKey, value: target } };
}
