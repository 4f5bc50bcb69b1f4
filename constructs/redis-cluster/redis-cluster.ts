import { createHash } from 'crypto';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { invalid } from '../../lib/errors';
import { checkGrantee, IGrantable, PolicyStatement } from '../../lib/iam';
import { rejectReplacedProps } from '../../lib/replaced-props';
import { cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from '../../lib/maintenance-window';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkPlanSlice, plannedRequired } from '../../lib/plan-slice';
import { checkArray, checkCacheNodeType, checkChoiceOf, checkInteger, checkLiteralInteger, checkMinMax, checkName, checkOneOf, checkProps, checkRequiredObject, isUnresolved } from '../../lib/validation';
import { Connections, IConnectable, Port } from '../connections';
import { checkConnectables } from '../connections/connections';
import { EncryptionKey } from '../encryption-key';
import { CacheEngineVersion, CacheScalingDimension } from './engine';
import {
  AUTO_SCALING_NODE_FAMILIES,
  DEFAULT_PORT,
  MAX_NODES_PER_CLUSTER,
  MAX_PORT,
  MAX_REPLICAS_PER_SHARD,
  MAX_SHARDS,
  MAX_SNAPSHOT_RETENTION_DAYS,
  MIN_PORT,
  NODE_TYPE_PATTERN,
  REPLICATION_GROUP_ID_MAX_LENGTH,
  REPLICATION_GROUP_ID_PATTERN,
} from './limits';
import { RedisClusterProps } from './redis-cluster-props';

const DEFAULT_SNAPSHOT_WINDOW = '03:00-04:00';
const DEFAULT_MAINTENANCE_WINDOW = 'sun:06:00-sun:07:00';
const DEFAULT_MAXMEMORY_POLICY = 'allkeys-lru';
/** Valkey/Redis eviction policies. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html */
const MAXMEMORY_POLICIES = ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'];
/** Everything but commands that block the server or wipe data (KEYS, FLUSHALL, DEBUG...). */
const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';
/** Below ~70% engine CPU a shard still absorbs the loss of its AZ peer's load during failover. */
const DEFAULT_TARGET_ENGINE_CPU_PERCENT = 60;
/** Wait 5 minutes after scaling out and 10 after scaling in: resharding moves slots and takes minutes. */
const SCALE_OUT_COOLDOWN_SECONDS = 300;
const SCALE_IN_COOLDOWN_SECONDS = 600;
const LOG_TYPES = ['slow-log', 'engine-log'] as const;
/** Length of the parameter-set hash in the parameter group name. */
const PARAMETER_HASH_LENGTH = 8;
/**
 * An ElastiCache user id: a letter, then letters, digits and hyphens; AWS stores it
 * lower-case (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html).
 * IAM authentication needs the id and the name equal, so the construct takes lower-case
 * only, and no hyphen at the end or two in a row (as the replication group id).
 */
const CACHE_USER_ID_PATTERN = /^[a-z](?!.*--)([a-z0-9-]*[a-z0-9])?$/;
/** Names no added user may take: the mandatory `default` user, and `app` (the application user). */
const RESERVED_USER_NAMES = ['default', 'app'];

/** An IAM-authenticated user of a {@link RedisCluster}: what a client connects as. */
export interface CacheUser {
  /** User id and user name (equal, as IAM authentication requires): `<replicationGroupId>-<name>`. */
  readonly userName: string;
  /** ARN of the user, for `elasticache:Connect`. */
  readonly userArn: string;
  /** The user's ACL access string. */
  readonly accessString: string;
}

/**
 * An ElastiCache replication group in cluster mode (Valkey by default): shards x replicas
 * from the capacity model, Multi-AZ with automatic failover, TLS in transit (required) and
 * KMS at rest, slow and engine logs in encrypted CloudWatch log groups.
 *
 * Authentication is RBAC with IAM: the application user authenticates with a short-lived
 * IAM token (`elasticache:Connect`), so no password or AUTH token exists anywhere. (The
 * provider's `auth_token` and password users would put the secret in plaintext into the
 * synthesized JSON and the state; see docs/data-tier.md.) The mandatory `default` user is
 * switched off. Because there is no secret, {@link secretArn} is undefined.
 *
 * The parameter group's name carries a hash of its family and values, and it is created
 * before the old one is destroyed, so a version upgrade or a changed value switches groups
 * without an outage or a "parameter group in use" error.
 */
export class RedisCluster extends Construct implements IConnectable {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly key: EncryptionKey;
  /** Cluster-mode configuration endpoint (TLS). */
  public readonly configurationEndpoint: string;
  public readonly port: number;
  public readonly securityGroupId: string;
  /** ARN of the replication group, for `elasticache:Connect` policies. */
  public readonly replicationGroupArn: string;
  /** User name (equal to its id) the application authenticates as with an IAM token. */
  public readonly applicationUserName: string;
  /** ARN of the application user, for `elasticache:Connect` policies. */
  public readonly applicationUserArn: string;
  /** No secret exists: clients authenticate with IAM. Kept for a uniform consumer interface. */
  public readonly secretArn: string | undefined = undefined;
  /** The cache's group on its port: `cache.connections.allowDefaultPortFrom(cluster)`. */
  public readonly connections: Connections;
  /** The application user (`applicationAccessString`). */
  public readonly applicationUser: CacheUser;
  private readonly users = new Map<string, CacheUser>();
  private readonly engineName: string;
  private readonly groupId: string;
  private readonly userIds: string[] = [];

  constructor(scope: Construct, id: string, given: RedisClusterProps) {
    super(scope, id);
    checkProps(this, given, `{ replicationGroupId: 'prod-cache', network, capacity: plan.cache }`);
    checkRequiredObject(this, 'network', given.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const props = this.sized(given);
    const v = this.validate(props);
    const protection = v.protection;
    const network = props.network;
    const name = props.replicationGroupId;
    const engine = v.engine;
    this.port = v.port;

    this.key = new EncryptionKey(this, 'key', {
      alias: `${name}-elasticache`,
      description: `Encrypts the ElastiCache data and logs of ${name}`,
      protection,
    });
    this.key.grantToService(cloudWatchLogsKeyGrant(network.region, this.key.partition, this.key.accountId));

    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnet-group', {
      name,
      description: `Private data subnets of ${name}`,
      subnetIds: network.dataSubnets.map((s) => s.id),
    });
    const sg = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-cache-`,
      description: `ElastiCache ${name}: only the client security groups`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-cache` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = sg.id;
    this.connections = new Connections({ securityGroups: [{ securityGroupId: sg.id, owner: this, name: 'cache' }], defaultPort: Port.tcp(v.port) });
    for (const client of props.clients ?? []) this.connections.allowDefaultPortFrom(client, `${engine.engine} (TLS) from ${client.connections.describe()}`);
    this.engineName = engine.engine;
    this.groupId = name;

    const parameters = [
      { name: 'cluster-enabled', value: 'yes' },
      { name: 'maxmemory-policy', value: v.maxmemoryPolicy },
    ];
    const hash = createHash('sha256').update(JSON.stringify({ family: engine.parameterGroupFamily, parameters })).digest('hex').slice(0, PARAMETER_HASH_LENGTH);
    const parameterGroup = new ElasticacheParameterGroup(this, 'parameters', {
      name: `${name}-${engine.parameterGroupFamily}-${hash}`,
      family: engine.parameterGroupFamily,
      description: `Cluster mode settings of ${name}`,
      parameter: parameters,
      lifecycle: { createBeforeDestroy: true },
    });

    // RBAC: a disabled `default` user (every group must hold one) and an IAM-authenticated application user.
    const defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${name}-default`,
      userName: 'default',
      engine: engine.engine,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    // IAM authentication requires the user id and name to be equal. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html
    this.userIds.push(defaultUser.userId);
    this.applicationUser = this.createUser('app-user', `${name}-app`, v.accessString);
    // Users added later (addUser) join the group: the list is read at synth.
    const userGroup = new ElasticacheUserGroup(this, 'user-group', {
      userGroupId: `${name}-users`,
      engine: engine.engine,
      userIds: Lazy.listValue({ produce: () => this.userIds }),
    });
    this.applicationUserName = this.applicationUser.userName;
    this.applicationUserArn = this.applicationUser.userArn;

    const logGroups = LOG_TYPES.map(
      (type) =>
        new CloudwatchLogGroup(this, `logs-${type}`, {
          name: `/aws/elasticache/${name}/${type}`,
          retentionInDays: v.logRetentionDays,
          kmsKeyId: this.key.keyArn,
          lifecycle: protection.lifecycle(),
        }),
    );

    const scaled = props.autoScaling?.dimension;
    const ignoreChanges = scaled === CacheScalingDimension.SHARDS ? ['num_node_groups'] : scaled === CacheScalingDimension.REPLICAS ? ['replicas_per_node_group'] : undefined;
    const multiAz = props.replicasPerShard > 0;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: name,
      description: `${engine.engine} ${engine.version} cluster ${name}`,
      engine: engine.engine,
      engineVersion: engine.version,
      autoMinorVersionUpgrade: 'true',
      nodeType: props.nodeType,
      clusterMode: 'enabled',
      numNodeGroups: props.shards,
      replicasPerNodeGroup: props.replicasPerShard,
      // Cluster mode requires automatic failover; Multi-AZ needs a replica to fail over to.
      automaticFailoverEnabled: true,
      multiAzEnabled: multiAz,
      parameterGroupName: parameterGroup.name,
      port: v.port,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [sg.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: this.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: v.snapshotRetentionDays,
      snapshotWindow: v.snapshotWindow,
      maintenanceWindow: v.maintenanceWindow,
      finalSnapshotIdentifier: protection.finalSnapshotIdentifier(name),
      applyImmediately: props.applyImmediately ?? false,
      logDeliveryConfiguration: LOG_TYPES.map((type, i) => ({
        destination: logGroups[i].name,
        destinationType: 'cloudwatch-logs',
        logFormat: 'json',
        logType: type,
      })),
      tags: { Name: name },
      lifecycle: protection.lifecycle(ignoreChanges ? { ignoreChanges } : undefined),
    });
    this.configurationEndpoint = this.replicationGroup.configurationEndpointAddress;
    this.replicationGroupArn = this.replicationGroup.arn;

    if (props.autoScaling) {
      const scaling = props.autoScaling;
      const target = new AppautoscalingTarget(this, 'scaling-target', {
        serviceNamespace: 'elasticache',
        resourceId: `replication-group/${this.replicationGroup.id}`,
        scalableDimension: scaling.dimension,
        minCapacity: scaling.minCapacity,
        maxCapacity: scaling.maxCapacity,
      });
      new AppautoscalingPolicy(this, 'scaling-policy', {
        name: `${name}-engine-cpu`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: scaling.targetEngineCpuPercent ?? DEFAULT_TARGET_ENGINE_CPU_PERCENT,
          predefinedMetricSpecification: {
            predefinedMetricType: scaling.dimension === CacheScalingDimension.SHARDS ? 'ElastiCachePrimaryEngineCPUUtilization' : 'ElastiCacheReplicaEngineCPUUtilization',
          },
          scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
          scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
        },
      });
    }
  }

  /**
   * Adds an IAM-authenticated user `<replicationGroupId>-<name>` with its own access string
   * (one per service: `on ~<service>:* +@all -@dangerous` keeps it to its own keys) to the
   * cluster's user group. Grant a role the right to connect as it with {@link grantConnect}.
   */
  public addUser(name: string, accessString: string): CacheUser {
    checkName(this, 'addUser.name', name, { maxLength: 63, pattern: CACHE_USER_ID_PATTERN, charset: 'lower-case letters, digits and hyphens, starting with a letter, no hyphen at the end or two in a row', what: 'cache user name' });
    if (RESERVED_USER_NAMES.includes(name)) invalid(this, 'addUser.name', name, 'is reserved (the default user, or the application user)', 'choose another name, e.g. the service name');
    const userName = `${this.groupId}-${name}`;
    if (this.users.has(userName)) invalid(this, 'addUser.name', name, 'is a user of this cluster already', 'add each user once; grant more roles to the CacheUser it returned');
    checkAccessString(this, 'addUser.accessString', accessString);
    return this.createUser(`user-${name}`, userName, accessString);
  }

  /**
   * Lets `grantee` connect as `user` with an IAM token: `elasticache:Connect` on the
   * replication group and on the user. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html
   */
  public grantConnect(grantee: IGrantable, user: CacheUser): void {
    checkGrantee(this, 'grantConnect.grantee', grantee);
    const known = typeof user === 'object' && user !== null ? this.users.get(user.userName) : undefined;
    if (known === undefined || known !== user) {
      const given = typeof user === 'object' && user !== null ? user.userName : user;
      invalid(this, 'grantConnect.user', given, `is not a user of this cluster (${[...this.users.keys()].join(', ')})`, 'pass the CacheUser that addUser(name, accessString) on this cluster returned, or applicationUser');
    }
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'ConnectToCache', actions: ['elasticache:Connect'], resources: [this.replicationGroupArn, user.userArn] }));
  }

  private createUser(id: string, userName: string, accessString: string): CacheUser {
    const resource = new ElasticacheUser(this, id, {
      userId: userName,
      userName,
      engine: this.engineName,
      accessString,
      authenticationMode: { type: 'iam' },
    });
    this.userIds.push(resource.userId);
    const user: CacheUser = { userName, userArn: resource.arn, accessString };
    this.users.set(userName, user);
    return user;
  }

  /** The sizes: each explicit prop, else the capacity slice's; both and different is an error. */
  private sized(props: RedisClusterProps): SizedRedisClusterProps {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan, props.network);
    return {
      ...props,
      nodeType: plannedRequired(this, 'nodeType', props.nodeType, plan?.nodeType, "nodeType: 'cache.r7g.large'"),
      shards: plannedRequired(this, 'shards', props.shards, plan?.shards, 'shards: 3'),
      replicasPerShard: plannedRequired(this, 'replicasPerShard', props.replicasPerShard, plan?.replicasPerShard, 'replicasPerShard: 1'),
    };
  }

  private validate(props: SizedRedisClusterProps) {
    checkName(this, 'replicationGroupId', props.replicationGroupId, {
      maxLength: REPLICATION_GROUP_ID_MAX_LENGTH,
      pattern: REPLICATION_GROUP_ID_PATTERN,
      charset: 'lower-case letters, digits and hyphens, starting with a letter, with no hyphen at the end or two in a row',
      what: 'replication group id',
    });
    const protection: Protection = resolveProtection(this, props);
    const production = protection.productionGuardrails;
    checkArray(this, 'network.dataSubnets', props.network.dataSubnets, { minLength: 1, what: 'data subnets' });
    rejectReplacedProps(this, props, { clientSecurityGroupIds: { by: 'clients (object references)', fix: () => 'pass clients: [eksCluster], or Connections.fromSecurityGroupId(this, "<id>", "<sg-id>") for a group made elsewhere' } });
    checkConnectables(this, 'clients', props.clients);
    // Issue 21: counts the construct needs at synth time, closed sets.
    checkLiteralInteger(this, 'shards', props.shards, { min: 1, max: MAX_SHARDS, limit: `ElastiCache allows at most ${MAX_SHARDS} shards per cluster`, decides: 'the node groups, the node count checked against the cluster limit and the per-shard alarms' });
    checkLiteralInteger(this, 'replicasPerShard', props.replicasPerShard, { min: 0, max: MAX_REPLICAS_PER_SHARD, limit: `ElastiCache allows at most ${MAX_REPLICAS_PER_SHARD} replicas per shard`, decides: 'the replicas per node group, Multi-AZ failover and the node count checked against the cluster limit' });
    checkCacheNodeType(this, 'nodeType', props.nodeType);
    checkChoiceOf(this, 'engineVersion', props.engineVersion, CacheEngineVersion, 'CacheEngineVersion.VALKEY_8_0, CacheEngineVersion.VALKEY_7_2, CacheEngineVersion.REDIS_7_1');
    const engine = props.engineVersion ?? CacheEngineVersion.VALKEY_8_0;
    checkName(this, 'nodeType', props.nodeType, { maxLength: 64, pattern: NODE_TYPE_PATTERN, charset: 'an ElastiCache node type such as "cache.r7g.large"', what: 'node type' });
    checkInteger(this, 'shards', props.shards, { min: 1, max: MAX_SHARDS, limit: `ElastiCache allows at most ${MAX_SHARDS} shards per cluster` });
    if (production && props.replicasPerShard === 0) {
      invalid(
        this,
        'replicasPerShard',
        props.replicasPerShard,
        `is out of range (production needs at least one replica per shard for Multi-AZ failover; ElastiCache allows at most ${MAX_REPLICAS_PER_SHARD})`,
        `pass a value from 1 to ${MAX_REPLICAS_PER_SHARD}, ${Protection.OPT_OUT}`,
      );
    }
    checkInteger(this, 'replicasPerShard', props.replicasPerShard, { min: 0, max: MAX_REPLICAS_PER_SHARD, limit: `ElastiCache allows at most ${MAX_REPLICAS_PER_SHARD} replicas per shard` });
    if (!isUnresolved(props.shards) && !isUnresolved(props.replicasPerShard)) {
      const nodes = props.shards * (1 + props.replicasPerShard);
      if (nodes > MAX_NODES_PER_CLUSTER) {
        invalid(this, 'shards', props.shards, `x (1 + ${props.replicasPerShard} replicas) = ${nodes} nodes; ElastiCache allows at most ${MAX_NODES_PER_CLUSTER} nodes per cluster`, `use fewer shards, fewer replicas, or a larger nodeType`);
      }
    }
    const port = props.port ?? DEFAULT_PORT;
    checkInteger(this, 'port', port, { min: MIN_PORT, max: MAX_PORT, limit: `a TCP port is ${MIN_PORT} to ${MAX_PORT}` });
    const snapshotRetentionDays = props.snapshotRetentionDays ?? protection.cacheSnapshotRetentionDays;
    const snapshotProp = props.snapshotRetentionDays === undefined ? 'protection.cacheSnapshotRetentionDays' : 'snapshotRetentionDays';
    if (production && snapshotRetentionDays === 0) {
      invalid(this, snapshotProp, snapshotRetentionDays, `is out of range (ElastiCache keeps snapshots up to ${MAX_SNAPSHOT_RETENTION_DAYS} days; production keeps at least 1)`, `pass a value from 1 to ${MAX_SNAPSHOT_RETENTION_DAYS}, ${Protection.OPT_OUT}`);
    }
    checkInteger(this, snapshotProp, snapshotRetentionDays, { min: 0, max: MAX_SNAPSHOT_RETENTION_DAYS, limit: `ElastiCache keeps snapshots up to ${MAX_SNAPSHOT_RETENTION_DAYS} days` });
    const snapshotWindow = props.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW;
    const maintenanceWindow = (props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW).toLowerCase();
    const daily = parseDailyWindow(this, 'snapshotWindow', snapshotWindow);
    const weekly = parseWeeklyWindow(this, 'maintenanceWindow', maintenanceWindow);
    if (dailyOverlapsWeekly(daily, weekly)) invalid(this, 'snapshotWindow', snapshotWindow, `overlaps maintenanceWindow "${maintenanceWindow}"`, 'move one of the windows');
    const maxmemoryPolicy = props.maxmemoryPolicy ?? DEFAULT_MAXMEMORY_POLICY;
    checkOneOf(this, 'maxmemoryPolicy', maxmemoryPolicy, MAXMEMORY_POLICIES);
    const accessString = props.applicationAccessString ?? DEFAULT_ACCESS_STRING;
    checkAccessString(this, 'applicationAccessString', accessString);
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);
    if (props.autoScaling) {
      const s = props.autoScaling;
      checkOneOf(this, 'autoScaling.dimension', s.dimension, Object.values(CacheScalingDimension));
      const [max, what] = s.dimension === CacheScalingDimension.SHARDS ? [MAX_SHARDS, 'shards'] : [MAX_REPLICAS_PER_SHARD, 'replicas per shard'];
      checkInteger(this, 'autoScaling.minCapacity', s.minCapacity, { min: s.dimension === CacheScalingDimension.SHARDS ? 1 : production ? 1 : 0, max, limit: `${what} are limited to ${max}` });
      checkInteger(this, 'autoScaling.maxCapacity', s.maxCapacity, { min: 1, max, limit: `${what} are limited to ${max}` });
      checkMinMax(this, 'autoScaling.minCapacity', s.minCapacity, 'autoScaling.maxCapacity', s.maxCapacity);
      const current = s.dimension === CacheScalingDimension.SHARDS ? props.shards : props.replicasPerShard;
      if (current < s.minCapacity || current > s.maxCapacity) {
        invalid(this, s.dimension === CacheScalingDimension.SHARDS ? 'shards' : 'replicasPerShard', current, `is outside autoScaling [${s.minCapacity}, ${s.maxCapacity}]`, 'start inside the auto scaling range');
      }
      checkInteger(this, 'autoScaling.targetEngineCpuPercent', s.targetEngineCpuPercent, { min: 10, max: 90 });
      if (!AUTO_SCALING_NODE_FAMILIES.test(props.nodeType)) {
        invalid(this, 'autoScaling', s.dimension, `is not supported on ${props.nodeType} (ElastiCache auto scaling needs an r/m node family, not burstable t-types)`, 'use a cache.r7g or cache.m7g node type, or drop autoScaling');
      }
    }
    return { protection, engine, port, snapshotRetentionDays, snapshotWindow, maintenanceWindow, maxmemoryPolicy, accessString, logRetentionDays };
  }
}

/** An ACL access string starts with `on` or `off`. https://valkey.io/topics/acl/ */
function checkAccessString(scope: Construct, prop: string, value: unknown): void {
  if (typeof value !== 'string' || !/^(on|off)\b/.test(value)) invalid(scope, prop, value, 'does not start with "on" or "off"', 'use an ACL access string such as "on ~app:* +@read +@write"');
}

/** Props with every size resolved (explicit or from `capacity`). */
type SizedRedisClusterProps = RedisClusterProps & { readonly nodeType: string; readonly shards: number; readonly replicasPerShard: number };
