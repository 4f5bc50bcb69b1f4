import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/** A synthesized attribute value: what Terraform will read, references left as `${...}` strings. */
export type Attr = unknown;
export type Attrs = Record<string, Attr>;

/** A stack as Terraform JSON (`cdk.tf.json`): the `resource` block and everything else. */
export type TerraformDocument = { readonly resource?: Record<string, Record<string, Attrs>> } & Attrs;

/** One resource as Terraform will see it, with the construct that made it. */
export interface ResourceView {
  /** Terraform type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Logical id in the stack (`network_vpc_1A2B3C4D`). */
  readonly name: string;
  /** `type.name`, the prefix of every reference to it (`aws_vpc.network_vpc_1A2B3C4D`). */
  readonly address: string;
  /** Configuration with snake_case keys, overrides applied, exactly as in the document. */
  readonly config: Attrs;
  /**
   * The construct that made the resource, found through the construct path cdktf writes in
   * each resource's `//` metadata; the nearest construct on that path that still exists, or
   * the stack when the resource carries no path (a resource added with `stack.addOverride`).
   */
  readonly construct: IConstruct;
}

/**
 * The whole stack as one Terraform document, so rules can look across resources (a bucket
 * and its encryption configuration, an ALB and its WAF association, a VPC and its flow log).
 *
 * Built from a document cdktf produced: the synthesized `cdk.tf.json` as written (what
 * Policy.apply evaluates at synth), or, when none is given, one `stack.toTerraform()` passed
 * through JSON (what Policy.evaluate does). Either way a rule sees escape hatches
 * (`addOverride`) exactly as Terraform will. Resources are listed sorted by type and name, the
 * order of the written file.
 */
export class StackView {
  public readonly resources: readonly ResourceView[];
  /** The document the view was built from. Read it, never change it. */
  public readonly document: TerraformDocument;
  private readonly byType = new Map<string, ResourceView[]>();
  private readonly byAddress = new Map<string, ResourceView>();

  constructor(
    public readonly stack: TerraformStack,
    document: TerraformDocument = JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformDocument,
  ) {
    this.document = document;
    const resources: ResourceView[] = [];
    const byType = document.resource ?? {};
    for (const type of Object.keys(byType).sort()) {
      const byName = byType[type];
      const ofType: ResourceView[] = [];
      for (const name of Object.keys(byName).sort()) {
        const config = byName[name];
        const address = `${type}.${name}`;
        const view: ResourceView = { type, name, address, config, construct: constructAt(stack, constructPathOf(config)) };
        resources.push(view);
        ofType.push(view);
        this.byAddress.set(address, view);
      }
      this.byType.set(type, ofType);
    }
    this.resources = resources;
  }

  /** The resource a reference such as `${aws_subnet.app_a.id}` points at, if it is in the stack. */
  public resolve(reference: unknown): ResourceView | undefined {
    if (typeof reference !== 'string') return undefined;
    const match = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(reference);
    return match ? this.byAddress.get(`${match[1]}.${match[2]}`) : undefined;
  }

  public ofType(...types: string[]): ResourceView[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /**
   * Resources of `types` whose `attribute` points at `target`: a reference such as
   * `${aws_s3_bucket.logs.id}` (any attribute of the target), or, when `literals` are given,
   * one of those plain values (a bucket referenced by its literal name).
   */
  public referencing(target: ResourceView, types: string[], attribute: string, literals: unknown[] = []): ResourceView[] {
    return this.ofType(...types).filter((candidate) => {
      const values = asList(candidate.config[attribute]);
      return values.some((v) => refersTo(v, target) || (literals.length > 0 && literals.some((l) => l !== undefined && l === v)));
    });
  }
}

/** True when `value` is (or contains) a Terraform reference to `target`. */
export function refersTo(value: Attr, target: ResourceView): boolean {
  return typeof value === 'string' && value.includes(`\${${target.address}.`);
}

/** True when the value is a Terraform expression that cannot be judged at synth time. */
export function isExpression(value: Attr): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Nested blocks synthesize as an object or a list of objects; this reads both as a list. */
export function blocks(value: Attr): Attrs[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Attrs => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** The first nested block, or undefined. */
export function block(value: Attr): Attrs | undefined {
  return blocks(value)[0];
}

export function asList(value: Attr): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Booleans as Terraform reads them (`true`, `"true"`). */
export function isTrue(value: Attr): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: Attr): boolean {
  return value === false || value === 'false';
}

export function asNumber(value: Attr): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Set to a non-empty value (a literal or a reference). */
export function isSet(value: Attr): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** The construct path cdktf records in a resource's `//` metadata, if any. */
function constructPathOf(config: Attrs): string | undefined {
  const comment = config['//'] as { metadata?: { path?: unknown } } | undefined;
  const path = comment?.metadata?.path;
  return typeof path === 'string' ? path : undefined;
}

/** The construct at `path` under `stack`, or its nearest existing scope (the stack at worst). */
function constructAt(stack: TerraformStack, path: string | undefined): IConstruct {
  const prefix = `${stack.node.path}/`;
  let construct: IConstruct = stack;
  if (path === undefined || !path.startsWith(prefix)) return construct;
  for (const id of path.slice(prefix.length).split('/')) {
    const child = construct.node.tryFindChild(id);
    if (!child) break;
    construct = child;
  }
  return construct;
}
