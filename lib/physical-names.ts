/**
 * Physical-name collisions: two resources that would get the same AWS name, in one stack or
 * in two stacks of one app deployed to one account. AWS rejects the second at apply (or, for
 * names that may repeat such as VPC Name tags, two environments become indistinguishable in
 * the console), long after synth said nothing. Checked on the synthesized documents, so every
 * construct and every hand-made resource counts alike.
 */

/** Where a name must be unique. */
export enum NameScope {
  /** Per account and Region (most names). */
  REGION = 'region',
  /** Per account, every Region (IAM). */
  ACCOUNT = 'account',
  /** Across all of AWS (S3 bucket names). */
  GLOBAL = 'global',
}

/** One kind of physical name: the resource type, the attribute holding the name, its scope. */
export interface PhysicalNameRule {
  readonly resourceType: string;
  readonly attribute: string;
  readonly scope: NameScope;
  /** What the name is, for the message. */
  readonly what: string;
  /** An attribute whose value also scopes the name (a node group's cluster, a security group's VPC). */
  readonly within?: string;
}

/** The names AWS requires to be unique, per the service's API reference. */
export const PHYSICAL_NAME_RULES: readonly PhysicalNameRule[] = [
  { resourceType: 'aws_autoscaling_group', attribute: 'name', scope: NameScope.REGION, what: 'Auto Scaling group name' },
  { resourceType: 'aws_launch_template', attribute: 'name', scope: NameScope.REGION, what: 'launch template name' },
  { resourceType: 'aws_elasticache_replication_group', attribute: 'replication_group_id', scope: NameScope.REGION, what: 'ElastiCache replication group id' },
  { resourceType: 'aws_elasticache_subnet_group', attribute: 'name', scope: NameScope.REGION, what: 'ElastiCache subnet group name' },
  { resourceType: 'aws_elasticache_user', attribute: 'user_id', scope: NameScope.REGION, what: 'ElastiCache user id' },
  { resourceType: 'aws_elasticache_user_group', attribute: 'user_group_id', scope: NameScope.REGION, what: 'ElastiCache user group id' },
  { resourceType: 'aws_kms_alias', attribute: 'name', scope: NameScope.REGION, what: 'KMS alias' },
  { resourceType: 'aws_cloudwatch_metric_alarm', attribute: 'alarm_name', scope: NameScope.REGION, what: 'CloudWatch alarm name' },
  { resourceType: 'aws_cloudwatch_composite_alarm', attribute: 'alarm_name', scope: NameScope.REGION, what: 'CloudWatch alarm name' },
  { resourceType: 'aws_cloudwatch_dashboard', attribute: 'dashboard_name', scope: NameScope.REGION, what: 'CloudWatch dashboard name' },
  { resourceType: 'aws_cloudwatch_log_group', attribute: 'name', scope: NameScope.REGION, what: 'CloudWatch log group name' },
  { resourceType: 'aws_db_instance', attribute: 'identifier', scope: NameScope.REGION, what: 'RDS instance identifier' },
  { resourceType: 'aws_db_proxy', attribute: 'name', scope: NameScope.REGION, what: 'RDS Proxy name' },
  { resourceType: 'aws_db_subnet_group', attribute: 'name', scope: NameScope.REGION, what: 'DB subnet group name' },
  { resourceType: 'aws_eks_cluster', attribute: 'name', scope: NameScope.REGION, what: 'EKS cluster name' },
  { resourceType: 'aws_eks_node_group', attribute: 'node_group_name', scope: NameScope.REGION, what: 'EKS node group name', within: 'cluster_name' },
  { resourceType: 'aws_ecr_repository', attribute: 'name', scope: NameScope.REGION, what: 'ECR repository name' },
  { resourceType: 'aws_lb', attribute: 'name', scope: NameScope.REGION, what: 'load balancer name' },
  { resourceType: 'aws_lb_target_group', attribute: 'name', scope: NameScope.REGION, what: 'target group name' },
  { resourceType: 'aws_security_group', attribute: 'name', scope: NameScope.REGION, what: 'security group name', within: 'vpc_id' },
  { resourceType: 'aws_sns_topic', attribute: 'name', scope: NameScope.REGION, what: 'SNS topic name' },
  { resourceType: 'aws_secretsmanager_secret', attribute: 'name', scope: NameScope.REGION, what: 'Secrets Manager secret name' },
  { resourceType: 'aws_wafv2_web_acl', attribute: 'name', scope: NameScope.REGION, what: 'WAF web ACL name', within: 'scope' },
  { resourceType: 'aws_wafv2_ip_set', attribute: 'name', scope: NameScope.REGION, what: 'WAF IP set name', within: 'scope' },
  { resourceType: 'aws_vpc', attribute: 'tags.Name', scope: NameScope.REGION, what: 'VPC Name tag (AWS allows repeats; two environments would look alike in every console and report)' },
  { resourceType: 'aws_iam_role', attribute: 'name', scope: NameScope.ACCOUNT, what: 'IAM role name' },
  { resourceType: 'aws_iam_policy', attribute: 'name', scope: NameScope.ACCOUNT, what: 'IAM policy name' },
  { resourceType: 'aws_iam_instance_profile', attribute: 'name', scope: NameScope.ACCOUNT, what: 'IAM instance profile name' },
  { resourceType: 'aws_s3_bucket', attribute: 'bucket', scope: NameScope.GLOBAL, what: 'S3 bucket name' },
];

/** One synthesized stack: its name, the Region its aws provider targets, its Terraform JSON. */
export interface NamedDocument {
  readonly stack: string;
  /** The aws provider's `region`; undefined when the stack has no aws provider or it is a token. */
  readonly region?: string;
  readonly document: Record<string, unknown>;
}

/** A name two or more resources would share. */
export interface NameCollision {
  readonly what: string;
  readonly name: string;
  /** The scope the name collides in: a Region, "account" or "global". */
  readonly where: string;
  /** `<stack>: <construct path or address>` of each resource. */
  readonly resources: readonly string[];
}

const UNRESOLVED = /\$\{/;

function attributeOf(body: Record<string, unknown>, attribute: string): unknown {
  return attribute.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), body);
}

/** The aws provider's region of a document (the default provider, without alias). */
export function regionOf(document: Record<string, unknown>): string | undefined {
  const providers = (document.provider as Record<string, unknown[]> | undefined)?.aws ?? [];
  const main = (providers as Record<string, unknown>[]).find((p) => p.alias === undefined);
  const region = main?.region;
  return typeof region === 'string' && !UNRESOLVED.test(region) ? region : undefined;
}

/**
 * Every name two or more resources would share, among `documents` (the stacks of one app,
 * assumed deployed to one account). Names that are tokens (known only at apply) and
 * `name_prefix`-generated names are skipped: they cannot collide at synth.
 */
export function findNameCollisions(documents: readonly NamedDocument[], rules: readonly PhysicalNameRule[] = PHYSICAL_NAME_RULES): NameCollision[] {
  const seen = new Map<string, { what: string; name: string; where: string; resources: string[] }>();
  for (const doc of documents) {
    const resources = (doc.document.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    for (const rule of rules) {
      for (const [id, body] of Object.entries(resources[rule.resourceType] ?? {})) {
        const name = attributeOf(body, rule.attribute);
        if (typeof name !== 'string' || UNRESOLVED.test(name)) continue;
        const within = rule.within ? attributeOf(body, rule.within) : undefined;
        const where = rule.scope === NameScope.GLOBAL ? 'global' : rule.scope === NameScope.ACCOUNT ? 'account' : (doc.region ?? `the region of ${doc.stack}`);
        // A scope that is a token (the VPC or cluster made in this stack) is one scope per stack.
        const scopeKey = rule.within ? `${typeof within === 'string' && UNRESOLVED.test(within) ? `${doc.stack}:` : ''}${String(within)}` : '';
        const key = `${rule.what}\u0000${where}\u0000${scopeKey}\u0000${name}`;
        const path = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${rule.resourceType}.${id}`;
        const entry = seen.get(key) ?? { what: rule.what, name, where, resources: [] };
        entry.resources.push(`${doc.stack}: ${path}`);
        seen.set(key, entry);
      }
    }
  }
  return [...seen.values()].filter((e) => e.resources.length > 1);
}

/** The message for a collision: what, the name, where each resource is, and the fix. */
export function describeCollision(c: NameCollision): string {
  const scope = c.where === 'global' ? 'across all of AWS' : c.where === 'account' ? 'in one account' : `in one account in ${c.where}`;
  return (
    `${c.resources.length} resources would share the ${c.what} "${c.name}" ${scope}: ${c.resources.join('; ')}. ` +
    'Fix: give the constructs (or environments) different names, or deploy the stacks to different accounts or Regions'
  );
}
