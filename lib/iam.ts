import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalid } from './errors';

/**
 * IAM policy documents as typed objects, rendered in one place.
 *
 * Every trust policy, inline policy, key policy and bucket or topic policy the constructs
 * write is a {@link PolicyDocument} of {@link PolicyStatement}s: no hand-written JSON at
 * the call site, one rendering (`Version`, key order, single values unwrapped as IAM
 * itself prints them), and tokens that resolve (see {@link PolicyDocument.toJson}).
 */

/** The IAM policy language version. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html */
export const POLICY_VERSION = '2012-10-17';

export enum Effect {
  ALLOW = 'Allow',
  DENY = 'Deny',
}

/** Who a resource policy or a trust policy is about. */
export abstract class Principal {
  /** An AWS service, e.g. `ec2.amazonaws.com` or `logs.us-east-1.amazonaws.com`. */
  public static service(service: string): Principal {
    return new KeyedPrincipal('Service', service);
  }

  /** An AWS account or IAM principal ARN (`arn:aws:iam::123456789012:root`, a role ARN). */
  public static aws(arn: string): Principal {
    return new KeyedPrincipal('AWS', arn);
  }

  /** The root of an account: every IAM principal of it the account's own policies allow. */
  public static accountRoot(partition: string, accountId: string): Principal {
    return Principal.aws(`arn:${partition}:iam::${accountId}:root`);
  }

  /** Anyone (`"*"`): only with a Deny, or with conditions that narrow it. */
  public static anyone(): Principal {
    return ANYONE;
  }

  /** The principal as it appears in a policy (`{ Service: ... }`, `{ AWS: ... }` or `"*"`). */
  public abstract render(): unknown;
  /** Merges principals of one statement into one element, as IAM prints them. */
  public static renderAll(principals: readonly Principal[]): unknown {
    if (principals.some((p) => p === ANYONE)) return '*';
    const byKey: Record<string, string[]> = {};
    for (const p of principals as KeyedPrincipal[]) (byKey[p.key] ??= []).push(p.value);
    return Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, unwrap(values)]));
  }
}

class KeyedPrincipal extends Principal {
  constructor(
    public readonly key: 'Service' | 'AWS',
    public readonly value: string,
  ) {
    super();
  }

  public render(): unknown {
    return { [this.key]: this.value };
  }
}

class AnyPrincipal extends Principal {
  public render(): unknown {
    return '*';
  }
}
const ANYONE = new AnyPrincipal();

/** A condition block: operator -> condition key -> value(s), e.g. `{ StringEquals: { 'kms:ViaService': '...' } }`. */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatementProps {
  /** Statement id; IAM requires it to be unique in a policy, letters and digits only. @default - none */
  readonly sid?: string;
  /** @default Effect.ALLOW */
  readonly effect?: Effect;
  /** Actions, e.g. `['kms:Decrypt']`. */
  readonly actions: readonly string[];
  /** Resource ARNs; omit for a trust policy. @default - none (trust policies) */
  readonly resources?: readonly string[];
  /** Principals; only in resource and trust policies. @default - none (identity policies) */
  readonly principals?: readonly Principal[];
  /** @default - none */
  readonly conditions?: Conditions;
}

/** IAM statement ids: letters and digits. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html */
const SID = /^[A-Za-z0-9]+$/;
/** `service:Action` with wildcards, or `*`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html */
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/** One statement of a policy document. */
export class PolicyStatement {
  public readonly sid?: string;
  public readonly effect: Effect;
  public readonly actions: readonly string[];
  public readonly resources: readonly string[];
  public readonly principals: readonly Principal[];
  public readonly conditions?: Conditions;

  constructor(props: PolicyStatementProps) {
    const where = 'PolicyStatement';
    if (typeof props !== 'object' || props === null) invalid(where, 'props', props, 'is not an object', "pass { actions: ['kms:Decrypt'], resources: [keyArn] }");
    if (props.sid !== undefined && !SID.test(props.sid)) invalid(where, 'sid', props.sid, 'is not a statement id', 'use letters and digits only, e.g. "ReadSecret"');
    if (!Array.isArray(props.actions) || props.actions.length === 0) invalid(where, 'actions', props.actions, 'is empty', "list at least one action, e.g. ['kms:Decrypt']");
    props.actions.forEach((action, i) => {
      if (typeof action !== 'string' || (!Token.isUnresolved(action) && !ACTION.test(action))) invalid(where, `actions[${i}]`, action, 'is not an IAM action', 'use "<service>:<Action>", e.g. "rds-db:connect"');
    });
    const principals = props.principals ?? [];
    if (principals.some((p) => !(p instanceof Principal))) invalid(where, 'principals', props.principals, 'holds something that is not a Principal', 'use Principal.service(...), Principal.aws(...) or Principal.anyone()');
    const resources = props.resources ?? [];
    resources.forEach((r, i) => {
      if (typeof r !== 'string' || r.length === 0) invalid(where, `resources[${i}]`, r, 'is not an ARN', 'pass ARNs (references to resources are fine), or "*"');
    });
    if (resources.length === 0 && principals.length === 0) {
      invalid(where, 'resources', props.resources, 'is empty in a statement without principals (an identity policy statement needs resources)', 'list the resource ARNs the actions apply to');
    }
    this.sid = props.sid;
    this.effect = props.effect ?? Effect.ALLOW;
    this.actions = [...props.actions];
    // A list reference (one token for the whole list) is kept as the very array it is.
    this.resources = Token.isUnresolved(resources as string[]) ? resources : resources.slice();
    this.principals = principals.slice();
    this.conditions = props.conditions;
  }

  /** The same statement with another statement id (grants make ids unique within one policy). */
  public withSid(sid: string): PolicyStatement {
    return new PolicyStatement({ sid, effect: this.effect, actions: this.actions, resources: this.resources, principals: this.principals, conditions: this.conditions });
  }

  /** The statement as IAM JSON: Sid, Effect, Principal, Action, Resource, Condition; one value unwrapped. */
  public toJson(): Record<string, unknown> {
    return {
      ...(this.sid !== undefined ? { Sid: this.sid } : {}),
      Effect: this.effect,
      ...(this.principals.length > 0 ? { Principal: Principal.renderAll(this.principals) } : {}),
      Action: unwrap(this.actions),
      ...(this.resources.length > 0 ? { Resource: unwrap(this.resources) } : {}),
      ...(this.conditions !== undefined ? { Condition: this.conditions } : {}),
    };
  }
}

/** A policy document: statements, rendered once. */
export class PolicyDocument {
  /**
   * The trust policy of a role a service assumes, e.g.
   * `PolicyDocument.trust(Principal.service('ec2.amazonaws.com'))`.
   */
  public static trust(principal: Principal, actions: readonly string[] = ['sts:AssumeRole']): PolicyDocument {
    return new PolicyDocument([new PolicyStatement({ principals: [principal], actions })]);
  }

  private readonly statements: PolicyStatement[];

  constructor(statements: readonly PolicyStatement[] = []) {
    this.statements = [...statements];
  }

  /** Appends statements (key policies and grantable roles collect them). */
  public addStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }

  public get statementCount(): number {
    return this.statements.length;
  }

  /** Statement ids already used, so a new one can be made unique. */
  public get sids(): readonly string[] {
    return this.statements.map((s) => s.sid).filter((s): s is string => s !== undefined);
  }

  /** The document as a plain object (`Version`, `Statement`). */
  public toObject(): Record<string, unknown> {
    return { Version: POLICY_VERSION, Statement: this.statements.map((s) => s.toJson()) };
  }

  /**
   * The document as the JSON string a resource takes. References that are strings (ARNs,
   * ids, `Fn` string calls) are interpolated into the JSON text, which Terraform evaluates
   * as a template, so the policy stays readable JSON in the synthesized stack; a list or
   * number reference cannot sit inside JSON text, so a document holding one renders through
   * Terraform's `jsonencode` instead.
   */
  public toJson(): string {
    const doc = this.toObject();
    return holdsNonStringToken(doc) ? Fn.jsonencode(doc) : JSON.stringify(doc);
  }
}

/** Something an IAM policy can be attached to: the grantee of a construct's `grant*` method. */
export interface IGrantable {
  /** Adds a statement to the grantee's own (identity) policy. */
  addToPrincipalPolicy(statement: PolicyStatement): void;
}

export function isGrantable(value: unknown): value is IGrantable {
  return typeof value === 'object' && value !== null && typeof (value as IGrantable).addToPrincipalPolicy === 'function';
}

/** Rejects a grantee that cannot take a policy (JavaScript callers, or a role ARN string). */
export function checkGrantee(scope: IConstruct | string, prop: string, grantee: unknown): asserts grantee is IGrantable {
  if (!isGrantable(grantee)) {
    invalid(scope, prop, describeGrantee(grantee), 'is not a grantee (an IGrantable such as ServiceIdentity, ReadPoolerRole or AlertmanagerRole)', 'pass the role construct itself, not its ARN or name');
  }
}

function describeGrantee(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'node' in value) return (value as IConstruct).node.path;
  return value;
}

/** A statement id not yet in `taken`: `base`, then `base2`, `base3`, ... */
export function uniqueSid(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

/** True when a list or number token sits in the value (string tokens survive JSON.stringify). */
function holdsNonStringToken(value: unknown): boolean {
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(holdsNonStringToken);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsNonStringToken);
  return false;
}

/** One value as a scalar, as IAM prints it; a list reference (a token for a whole list) stays a list. */
function unwrap(values: readonly string[]): string | string[] {
  if (Token.isUnresolved(values as string[])) return values as string[];
  return values.length === 1 ? values[0] : [...values];
}
