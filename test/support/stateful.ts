import { SynthesizedStack } from './synth';

/**
 * Stateful resource types: what each must carry in production so that no deploy loses
 * data, and which attributes force a replacement (or, like identifiers and names, move the
 * endpoint every client uses), so a change to them must be acknowledged.
 *
 * Force-new attributes follow the hashicorp/aws 5.100 schemas (`ForceNew: true`); a few
 * in-place but disruptive ones (a DB's subnet group moves it to another VPC) are guarded
 * too. aws_eks_cluster has no `deletion_protection` argument in 5.100 (added in 6.x), so
 * only prevent_destroy protects it.
 */
export interface StatefulType {
  readonly type: string;
  /** Production requirements: each returns a problem, or undefined when satisfied. */
  readonly requirements: ((resource: Record<string, unknown>) => string | undefined)[];
  readonly identity: readonly string[];
}

const preventDestroy = (r: Record<string, unknown>) =>
  (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true ? undefined : 'lifecycle.prevent_destroy is not true';
const attributeIs = (attribute: string, expected: unknown) => (r: Record<string, unknown>) =>
  r[attribute] === expected ? undefined : `${attribute} is ${JSON.stringify(r[attribute])}, expected ${JSON.stringify(expected)}`;
const atLeast = (attribute: string, min: number) => (r: Record<string, unknown>) =>
  typeof r[attribute] === 'number' && (r[attribute] as number) >= min ? undefined : `${attribute} is ${JSON.stringify(r[attribute])}, expected at least ${min}`;
const isReplica = (r: Record<string, unknown>) => r.replicate_source_db !== undefined;
/** A primary keeps a final snapshot on destroy; a replica cannot take one, so it must skip it (or destroy fails). */
const finalSnapshot = (r: Record<string, unknown>) => {
  if (isReplica(r)) return r.skip_final_snapshot === true ? undefined : 'a read replica must set skip_final_snapshot = true (replicas cannot take a final snapshot, so destroy would fail)';
  if (r.skip_final_snapshot === true) return 'skip_final_snapshot is true';
  return typeof r.final_snapshot_identifier === 'string' && r.final_snapshot_identifier.length > 0 ? undefined : 'final_snapshot_identifier is not set';
};
const primaryOnly = (check: (r: Record<string, unknown>) => string | undefined) => (r: Record<string, unknown>) => (isReplica(r) ? undefined : check(r));

export const STATEFUL_TYPES: readonly StatefulType[] = [
  {
    type: 'aws_db_instance',
    // A read replica holds no data the primary lacks: it must only be removable (skip its
    // final snapshot), so a smaller capacity plan can drop one.
    requirements: [primaryOnly(preventDestroy), primaryOnly(attributeIs('deletion_protection', true)), finalSnapshot, primaryOnly(atLeast('backup_retention_period', 1))],
    identity: ['identifier', 'identifier_prefix', 'engine', 'kms_key_id', 'storage_encrypted', 'username', 'db_name', 'availability_zone', 'character_set_name', 'timezone', 'snapshot_identifier', 'replicate_source_db', 'db_subnet_group_name'],
  },
  {
    type: 'aws_rds_cluster',
    requirements: [preventDestroy, attributeIs('deletion_protection', true), finalSnapshot, atLeast('backup_retention_period', 1)],
    identity: ['cluster_identifier', 'engine', 'engine_mode', 'kms_key_id', 'storage_encrypted', 'database_name', 'master_username', 'db_subnet_group_name', 'availability_zones'],
  },
  {
    type: 'aws_elasticache_replication_group',
    requirements: [
      preventDestroy,
      atLeast('snapshot_retention_limit', 1),
      (r) => (typeof r.final_snapshot_identifier === 'string' && r.final_snapshot_identifier.length > 0 ? undefined : 'final_snapshot_identifier is not set'),
    ],
    identity: ['replication_group_id', 'engine', 'at_rest_encryption_enabled', 'kms_key_id', 'subnet_group_name', 'port', 'cluster_mode', 'data_tiering_enabled', 'snapshot_arns', 'snapshot_name'],
  },
  {
    // Kafka's topics live on the brokers (Express: MSK's managed storage): destroying the cluster loses every retained event.
    type: 'aws_msk_cluster',
    requirements: [preventDestroy],
    identity: ['cluster_name', 'encryption_info'],
  },
  {
    type: 'aws_kms_key',
    requirements: [preventDestroy, atLeast('deletion_window_in_days', 7)],
    identity: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  },
  {
    type: 'aws_s3_bucket',
    requirements: [preventDestroy, (r) => (r.force_destroy === true ? 'force_destroy is true: destroy would delete every object' : undefined)],
    identity: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  },
  {
    type: 'aws_eks_cluster',
    requirements: [preventDestroy],
    identity: ['name', 'role_arn', 'kubernetes_network_config', 'bootstrap_self_managed_addons', 'access_config'],
  },
  {
    // The recovery points of every backup (issue 19): destroying the vault needs it empty, but
    // force_destroy deletes them first; renaming it starts an empty vault. The copy vault in the
    // second Region is one too (its provider alias is part of what must not change).
    type: 'aws_backup_vault',
    requirements: [preventDestroy, (r) => (r.force_destroy === true ? 'force_destroy is true: destroy would delete every recovery point' : undefined)],
    identity: ['name', 'kms_key_arn', 'provider'],
  },
  {
    // The database's master secret: RDS Proxy and the read pooler read it. A destroyed secret is
    // gone after its recovery window (0 deletes it at once); renaming it breaks every reader.
    type: 'aws_secretsmanager_secret',
    requirements: [preventDestroy, (r) => (typeof r.recovery_window_in_days === 'number' && r.recovery_window_in_days < 7 ? `recovery_window_in_days is ${r.recovery_window_in_days}, expected 7 to 30 (0 deletes at once)` : undefined)],
    identity: ['name', 'name_prefix'],
  },
  {
    // The services' images (IMMUTABLE tags the deployments name): force_delete deletes them with the repository.
    type: 'aws_ecr_repository',
    requirements: [preventDestroy, (r) => (r.force_delete === true ? 'force_delete is true: destroy would delete every image the deployments run' : undefined)],
    identity: ['name', 'encryption_configuration'],
  },
  {
    // A public zone's name servers are what the parent domain delegates to: a new zone gets new
    // ones, and the delegation breaks until someone updates the parent. A private zone holds only
    // records this app writes, so only its identity is guarded.
    type: 'aws_route53_zone',
    requirements: [
      (r) => (r.vpc === undefined ? preventDestroy(r) : undefined),
      (r) => (r.vpc === undefined && r.force_destroy === true ? 'force_destroy is true on a public zone: destroy would delete its records' : undefined),
    ],
    identity: ['name'],
  },
  {
    // MSK refuses to delete a configuration a cluster uses, so destroy fails on its own and no data
    // lives in it; but a new name or Kafka version list replaces it, which AWS refuses while the
    // cluster uses it (a failed apply): such a change must be acknowledged.
    type: 'aws_msk_configuration',
    requirements: [],
    identity: ['name', 'kafka_versions'],
  },
  {
    // Log groups hold the logs (audit, slow-query, Container Insights performance events):
    // destroying one deletes them, and renaming one starts an empty group and deletes the old one.
    type: 'aws_cloudwatch_log_group',
    requirements: [preventDestroy],
    identity: ['name', 'name_prefix'],
  },
];

export interface StatefulResource {
  /** `<stack>/<type>.<logical id>` */
  readonly key: string;
  readonly type: string;
  /** Construct path, from the `//` metadata. */
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export function statefulResourcesOf(stackName: string, stack: SynthesizedStack): StatefulResource[] {
  return STATEFUL_TYPES.flatMap(({ type }) =>
    Object.entries(stack.resource?.[type] ?? {}).map(([name, body]) => ({
      key: `${stackName}/${type}.${name}`,
      type,
      path: String((body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? ''),
      body,
    })),
  );
}

/** Problems with a production stateful resource; empty when it is protected. */
export function protectionProblems(resource: StatefulResource): string[] {
  const type = STATEFUL_TYPES.find((t) => t.type === resource.type);
  return (type?.requirements ?? []).map((check) => check(resource.body)).filter((p): p is string => p !== undefined);
}

/** The attributes of a resource that must not change silently (unset ones omitted). */
export function identityOf(resource: StatefulResource): Record<string, unknown> {
  const type = STATEFUL_TYPES.find((t) => t.type === resource.type);
  const identity: Record<string, unknown> = {};
  for (const attribute of type?.identity ?? []) {
    if (resource.body[attribute] !== undefined) identity[attribute] = resource.body[attribute];
  }
  return identity;
}

/** A reviewed and accepted change to one of prod's stateful identities. */
export interface Acknowledgement {
  /** `<stack>/<type>.<logical id>` as in prod-stateful-identities.json. */
  readonly key: string;
  /** The attribute that changes, or `'*'` when the resource goes away or moves address. */
  readonly attribute: string;
  readonly reason: string;
}
export type Identities = Record<string, { type: string; path: string; identity: Record<string, unknown> }>;

/** Differences between the committed identities and the current ones, minus acknowledged ones. */
export function replacementsOf(committed: Identities, current: Identities, acknowledged: readonly Acknowledgement[]): string[] {
  const isAcknowledged = (key: string, attribute: string) => acknowledged.some((a) => a.key === key && (a.attribute === attribute || a.attribute === '*'));
  const problems: string[] = [];
  for (const [key, before] of Object.entries(committed)) {
    const after = current[key];
    if (!after) {
      if (!isAcknowledged(key, '*')) problems.push(`${key} (${before.path}) is gone: Terraform would destroy it (a renamed construct changes the address; use moveTo, or acknowledge)`);
      continue;
    }
    const attributes = new Set([...Object.keys(before.identity), ...Object.keys(after.identity)]);
    for (const attribute of attributes) {
      const was = JSON.stringify(before.identity[attribute]);
      const is = JSON.stringify(after.identity[attribute]);
      if (was !== is && !isAcknowledged(key, attribute)) problems.push(`${key}.${attribute} changes from ${was} to ${is}, which replaces the resource`);
    }
  }
  return problems;
}


/**
 * Every other resource type the production AWS stack creates, and why losing or replacing one
 * loses no data (Terraform recreates it from the code). A type in neither list fails the
 * nothing-lost test, so a new stateful type is classified the day it appears.
 */
export const STATELESS_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    'configuration, recreated from the code': [
      'aws_db_parameter_group', 'aws_db_subnet_group', 'aws_elasticache_parameter_group', 'aws_elasticache_subnet_group', 'aws_launch_template',
      'aws_backup_plan', 'aws_backup_selection', 'aws_backup_vault_lock_configuration', 'aws_fis_experiment_template', 'aws_kms_alias', 'aws_kms_key_policy',
      'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning', 'aws_ecr_lifecycle_policy', 'aws_sns_topic_policy',
      'aws_cloudfront_cache_policy', 'aws_cloudfront_origin_access_control', 'aws_cloudfront_response_headers_policy', 'aws_cloudfront_monitoring_subscription',
      'aws_wafv2_web_acl', 'aws_wafv2_web_acl_association', 'aws_wafv2_web_acl_logging_configuration', 'aws_eks_addon', 'aws_eks_pod_identity_association',
      'aws_elasticache_user', 'aws_elasticache_user_group', 'aws_route53_record', 'aws_acm_certificate', 'aws_acm_certificate_validation',
    ],
    'network plumbing, recreated from the code': [
      'aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_route', 'aws_route_table', 'aws_route_table_association',
      'aws_vpc_endpoint', 'aws_default_security_group', 'aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_flow_log',
    ],
    'compute and traffic: replaceable by design (capacity comes back from the plan)': [
      'aws_autoscaling_group', 'aws_autoscaling_policy', 'aws_eks_node_group', 'aws_lb', 'aws_lb_listener', 'aws_lb_target_group',
      'aws_db_proxy', 'aws_db_proxy_default_target_group', 'aws_db_proxy_target', 'aws_cloudfront_distribution',
    ],
    'identity: recreated from the code': ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_iam_instance_profile'],
    'monitoring: alarms, dashboards, event rules and delivery hold no data': [
      'aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm', 'aws_cloudwatch_dashboard', 'aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target',
      'aws_cloudwatch_log_delivery', 'aws_cloudwatch_log_delivery_destination', 'aws_cloudwatch_log_delivery_source', 'aws_sns_topic',
    ],
    'secret versions: the value lives in the secret (guarded); a new version is a rotation': ['aws_secretsmanager_secret_version'],
  }).flatMap(([reason, types]) => types.map((type) => [type, reason])),
);

/** Resource types of a stack that are in neither STATEFUL_TYPES nor STATELESS_TYPES. */
export function unclassifiedTypes(stack: SynthesizedStack): string[] {
  return Object.keys(stack.resource ?? {}).filter((type) => !STATEFUL_TYPES.some((t) => t.type === type) && STATELESS_TYPES[type] === undefined).sort();
}
