import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { describeScope, invalid } from '../../lib/errors';
import { checkName, checkString } from '../../lib/validation';
import { Port } from './port';

/**
 * A security group and the construct that owns it. Rules that change the group are created
 * inside its owner, so a rule lives in the same stack (and next to) the group it changes.
 */
export interface SecurityGroupHandle {
  readonly securityGroupId: string;
  /** The construct the group belongs to. */
  readonly owner: IConstruct;
  /** Short name of the group inside its owner (`postgres`, `proxy`, `nodes`): part of the rules' logical ids. */
  readonly name: string;
  /**
   * The group already allows all outbound traffic, so connections add no egress rule to it
   * (groups made elsewhere; EKS nodes, whose group allows all egress).
   * @default false - Terraform's `aws_security_group` drops AWS's default allow-all egress rule, so every egress is explicit
   */
  readonly allowAllOutbound?: boolean;
}

/** Anything with security groups other things connect to or from. */
export interface IConnectable {
  readonly connections: Connections;
}

export interface ConnectionsProps {
  /** The groups of the thing (all of them get the same rules). */
  readonly securityGroups: SecurityGroupHandle[];
  /** The port clients use (`allowDefaultPortFrom`). @default - none; pass a port to every call */
  readonly defaultPort?: Port;
}

export interface ImportedSecurityGroupOptions {
  /** @default - none */
  readonly defaultPort?: Port;
  /**
   * Whether the group already allows all outbound traffic; when it does, no egress rule is
   * added to it (it is not this app's to narrow).
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

/** Rules already made per owner: logical id -> what the rule connects, so a repeated call is a no-op. */
const RULES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Security-group rules between objects (aws-cdk-lib's `Connections`): `db.connections.allowDefaultPortFrom(cluster)`
 * admits the cluster's group on the database's port and lets the cluster's group out to it.
 *
 * `a.connections.allowFrom(b, port, description)` creates, for every pair of groups, an
 * ingress rule on a's group from b's group (inside a's owner) and an egress rule on b's
 * group to a's group (inside b's owner; skipped when b's group allows all outbound). Ids are
 * stable and readable (`proxy-from-eks-nodes-tcp-5432`); a repeated call adds nothing.
 *
 * Both ends must be in one `TerraformStack`: a rule referencing a group of another stack
 * would become a `terraform_remote_state` lookup that an offline plan cannot read, so it is
 * a ValidationError at synth. For a group made elsewhere use {@link Connections.fromSecurityGroupId}.
 */
export class Connections implements IConnectable {
  /**
   * A security group made elsewhere (another stack, another Terraform configuration): its id
   * (a variable, a plain id) as something to connect. The rules that change it are created in
   * `scope`, under `id`.
   */
  public static fromSecurityGroupId(scope: Construct, id: string, securityGroupId: string, options: ImportedSecurityGroupOptions = {}): Connections {
    checkString(`Connections.fromSecurityGroupId (${scope.node.path}/${id})`, 'securityGroupId', securityGroupId, true);
    const owner = new ImportedSecurityGroup(scope, id);
    return new Connections({
      securityGroups: [{ securityGroupId, owner, name: 'group', allowAllOutbound: options.allowAllOutbound ?? true }],
      defaultPort: options.defaultPort,
    });
  }

  public readonly securityGroups: readonly SecurityGroupHandle[];
  public readonly defaultPort?: Port;

  constructor(props: ConnectionsProps) {
    if (!Array.isArray(props?.securityGroups) || props.securityGroups.length === 0) {
      invalid('Connections', 'securityGroups', props?.securityGroups, 'is empty', 'pass at least one security group handle { securityGroupId, owner, name }');
    }
    props.securityGroups.forEach((g, i) => {
      checkName('Connections', `securityGroups[${i}].name`, g.name, { maxLength: 40, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'security group name' });
    });
    this.securityGroups = [...props.securityGroups];
    this.defaultPort = props.defaultPort;
  }

  public get connections(): Connections {
    return this;
  }

  public get securityGroupIds(): string[] {
    return this.securityGroups.map((g) => g.securityGroupId);
  }

  /** How descriptions name these groups: `eks nodes`, `edge nginx`. */
  public describe(): string {
    return describePeer(this);
  }

  /** Admits `other` on `port`: ingress on these groups, egress on other's groups. */
  public allowFrom(other: IConnectable, port: Port, description: string): void {
    const peer = connectionsOf(this, other);
    for (const target of this.securityGroups) for (const source of peer.securityGroups) connect(source, target, port, description);
  }

  /** Lets these groups reach `other` on `port`: egress here, ingress on other's groups. */
  public allowTo(other: IConnectable, port: Port, description: string): void {
    const peer = connectionsOf(this, other);
    for (const target of peer.securityGroups) for (const source of this.securityGroups) connect(source, target, port, description);
  }

  /** {@link allowFrom} on this thing's default port (a database's, a cache's). */
  public allowDefaultPortFrom(other: IConnectable, description?: string): void {
    const port = this.requireDefaultPort('allowDefaultPortFrom');
    this.allowFrom(other, port, description ?? `${port} from ${describePeer(connectionsOf(this, other))}`);
  }

  /** {@link allowTo} on the other thing's default port. */
  public allowDefaultPortTo(other: IConnectable, description?: string): void {
    const peer = connectionsOf(this, other);
    const port = peer.requireDefaultPort('allowDefaultPortTo');
    this.allowTo(peer, port, description ?? `${port} to ${describePeer(peer)}`);
  }

  private requireDefaultPort(method: string): Port {
    if (!this.defaultPort) {
      const where = this.securityGroups[0].owner;
      invalid(where, `connections.${method}`, undefined, 'has no default port to use', 'pass the port: allowFrom(other, Port.tcp(<port>), "<why>")');
    }
    return this.defaultPort;
  }
}

/** Owns the rules this app adds to a group made elsewhere. */
export class ImportedSecurityGroup extends Construct {}

function connectionsOf(self: Connections, other: IConnectable): Connections {
  const connections = (other as IConnectable | undefined)?.connections;
  if (!(connections instanceof Connections)) {
    const owner = self.securityGroups[0].owner;
    invalid(owner, 'connections peer', describeOther(other), 'is not connectable (no `connections`)', 'pass a construct with connections (RdsWithReplicas, RedisCluster, EksCluster, ServiceIngress, AlbNginxTier.nginxConnections, ...) or Connections.fromSecurityGroupId(scope, id, "<sg-id>")');
  }
  return connections;
}

/** Security group rule descriptions: up to 255 characters of a-z A-Z 0-9 space . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html */
const RULE_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

function connect(source: SecurityGroupHandle, target: SecurityGroupHandle, port: Port, description: string): void {
  checkString(describeScope(target.owner), 'connection description', description, true);
  if (!RULE_DESCRIPTION.test(description)) {
    invalid(target.owner, 'connection description', description, 'is not a security group rule description (at most 255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*)', 'shorten it and drop other characters');
  }
  const targetStack = TerraformStack.of(target.owner);
  const sourceStack = TerraformStack.of(source.owner);
  if (targetStack !== sourceStack) {
    invalid(
      target.owner,
      'connections',
      describeScope(source.owner),
      `is in another TerraformStack ("${sourceStack.node.id}"; this construct is in "${targetStack.node.id}"): cdktf would turn the security group id into a cross-stack terraform_remote_state reference, which an offline plan cannot read`,
      `create both constructs in one stack, or bring the other group in by id with Connections.fromSecurityGroupId(<a scope in "${targetStack.node.id}">, '<id>', <its id from a variable>)`,
    );
  }
  const what = `${target.securityGroupId}<-${source.securityGroupId}:${port.label}`;
  addRule(target.owner, `${target.name}-from-${peerLabel(target.owner, source)}-${port.label}`, what, (scope, id) =>
    new VpcSecurityGroupIngressRule(scope, id, { securityGroupId: target.securityGroupId, referencedSecurityGroupId: source.securityGroupId, description, ...port.toRuleFields() }),
  );
  if (!source.allowAllOutbound) {
    addRule(source.owner, `${source.name}-to-${peerLabel(source.owner, target)}-${port.label}`, what, (scope, id) =>
      new VpcSecurityGroupEgressRule(scope, id, { securityGroupId: source.securityGroupId, referencedSecurityGroupId: target.securityGroupId, description, ...port.toRuleFields() }),
    );
  }
}

function addRule(owner: IConstruct, id: string, what: string, create: (scope: Construct, id: string) => void): void {
  let made = RULES.get(owner);
  if (!made) RULES.set(owner, (made = new Map()));
  let unique = id;
  if (made.has(unique) && made.get(unique) !== what) unique = `${id}-${createHash('sha256').update(what).digest('hex').slice(0, 8)}`;
  if (made.get(unique) === what) return;
  made.set(unique, what);
  create(owner as Construct, unique);
}

/** The peer's name as seen from `owner`: its group name inside the same owner, else `<owner id>-<group name>`. */
function peerLabel(owner: IConstruct, peer: SecurityGroupHandle): string {
  return peer.owner === owner ? peer.name : `${peer.owner.node.id}-${peer.name}`;
}

function describePeer(connections: Connections): string {
  return connections.securityGroups.map((g) => `${g.owner.node.id} ${g.name}`).join(', ');
}

function describeOther(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'node' in value) return describeScope(value as IConstruct);
  return value;
}

/** True for anything with `connections` (a construct that owns security groups, or an imported group). */
export function isConnectable(value: unknown): value is IConnectable {
  return typeof value === 'object' && value !== null && (value as IConnectable).connections instanceof Connections;
}

/** Checks a list of connectables (a construct's `clients`), naming the first bad entry. */
export function checkConnectables(scope: IConstruct, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) invalid(scope, prop, describeOther(value), 'is not a list', `pass a list of constructs with connections, e.g. ${prop}: [eksCluster]`);
  value.forEach((v, i) => {
    if (!isConnectable(v)) {
      invalid(
        scope,
        `${prop}[${i}]`,
        describeOther(v),
        'is not connectable (no `connections`)',
        typeof v === 'string' ? `pass the construct, or Connections.fromSecurityGroupId(this, '<id>', ${JSON.stringify(v)}) for a group made elsewhere` : 'pass a construct with connections (EksCluster, AlbNginxTier.nginxConnections, ...) or Connections.fromSecurityGroupId(...)',
      );
    }
  });
}
