import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * FIS resource types the experiments target, and the Terraform resource that carries the
 * tags FIS matches: an EC2 instance gets its tags from its launch template's `instance` tag
 * specification; the others from their own `tags` plus the provider's `default_tags`.
 */
export const FIS_TAGGED_TYPES = {
  'aws:ec2:instance': 'aws_launch_template',
  'aws:ec2:autoscaling-group': 'aws_autoscaling_group',
  'aws:ec2:subnet': 'aws_subnet',
  'aws:rds:db': 'aws_db_instance',
  'aws:elasticache:replicationgroup': 'aws_elasticache_replication_group',
  'aws:eks:nodegroup': 'aws_eks_node_group',
} as const;

export type FisResourceType = keyof typeof FIS_TAGGED_TYPES;

/** A resource of the stack with the tags AWS will find on it (or on what it launches). */
export interface TaggedResource {
  readonly resource: TerraformResource;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The stack's resources that will carry every tag in `tags` as the FIS resource type sees them.
 * Launch templates' instance tags do not get the provider's default tags (they are a nested
 * block, https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags); the
 * Auto Scaling group's own `tag` blocks are its only tags.
 */
export function resourcesCarrying(scope: IConstruct, type: FisResourceType, tags: Readonly<Record<string, string>>): TaggedResource[] {
  return taggedResources(scope, type).filter((r) => Object.entries(tags).every(([k, v]) => r.tags[k] === v));
}

/** Every resource of the stack of the Terraform type behind `type`, with its effective tags. */
export function taggedResources(scope: IConstruct, type: FisResourceType): TaggedResource[] {
  const stack = TerraformStack.of(scope);
  const terraformType = FIS_TAGGED_TYPES[type];
  const defaults = defaultTagsOf(stack);
  return stack.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === terraformType)
    .map((resource) => ({ resource, tags: effectiveTags(resource, type, defaults) }));
}

function effectiveTags(resource: TerraformResource, type: FisResourceType, defaults: Record<string, string>): Record<string, string> {
  const r = resource as unknown as {
    tagsInput?: Record<string, string>;
    tagSpecificationsInput?: { resourceType?: string; tags?: Record<string, string> }[];
    tagInput?: { key: string; value: string }[];
  };
  if (type === 'aws:ec2:instance') {
    const specs = Array.isArray(r.tagSpecificationsInput) ? r.tagSpecificationsInput : [];
    return { ...(specs.find((s) => s.resourceType === 'instance')?.tags ?? {}) };
  }
  if (type === 'aws:ec2:autoscaling-group') {
    const blocks = Array.isArray(r.tagInput) ? r.tagInput : [];
    // aws_autoscaling_group has `tag` blocks, not `tags`: default_tags do not reach it.
    return Object.fromEntries(blocks.map((t) => [t.key, t.value]));
  }
  return { ...defaults, ...(r.tagsInput ?? {}) };
}

/** `default_tags` of the stack's default (un-aliased) AWS provider. */
function defaultTagsOf(stack: TerraformStack): Record<string, string> {
  const provider = stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.aliasInput === undefined);
  const blocks = provider?.defaultTagsInput;
  if (!Array.isArray(blocks)) return {};
  return Object.assign({}, ...blocks.map((b) => (b.tags ?? {}) as Record<string, string>));
}
