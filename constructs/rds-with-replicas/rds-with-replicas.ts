import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { rdsDefaultMaxConnections } from '../../lib/capacity/catalog';
import { invalid } from '../../lib/errors';
import { checkGrantee, IGrantable, PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { rejectReplacedProps } from '../../lib/replaced-props';
import { cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow, shiftWeeklyWindow } from '../../lib/maintenance-window';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { checkArray, checkBoolean, checkChoiceOf, checkInteger, checkLiteralInteger, checkName, checkOneOf, checkProps, checkRequiredObject, IAM_ROLE_NAME_MAX_LENGTH, isUnresolved } from '../../lib/validation';
import { Connections, IConnectable, Port } from '../connections';
import { checkConnectables } from '../connections/connections';
import { EncryptionKey } from '../encryption-key';
import { EngineLifecycleSupport, PostgresEngineVersion, ProxyClientAuth } from './engine';
import { instanceMemoryGiB, instanceVcpus, isBurstable } from './instance-classes';
import {
  DB_IDENTIFIER_MAX_LENGTH,
  DB_IDENTIFIER_PATTERN,
  DEFAULT_PORT,
  GP3,
  MASTER_USERNAME_PATTERN,
  MAX_BACKUP_RETENTION_DAYS,
  MAX_PORT,
  MAX_POSTGRES_CONNECTIONS,
  MAX_READ_REPLICAS,
  MIN_PORT,
  MIN_PRODUCTION_BACKUP_RETENTION_DAYS,
  MONITORING_INTERVALS_SECONDS,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
  PROXY_NAME_MAX_LENGTH,
} from './limits';
import { MasterPassword, WriteOnly } from './master-password';
import { PostgresParameter, tunedParameters } from './parameters';
import { RdsWithReplicasProps } from './rds-with-replicas-props';

const DEFAULT_STORAGE_GIB = 100;
/** Storage autoscaling may grow the volume to four times its size unless told otherwise. */
const DEFAULT_AUTOSCALING_FACTOR = 4;
const DEFAULT_BACKUP_WINDOW = '03:00-04:00';
const DEFAULT_MAINTENANCE_WINDOW = 'sun:05:00-sun:05:30';
const DEFAULT_STAGGER_MINUTES = 60;
const DEFAULT_MONITORING_INTERVAL_SECONDS = 15;
const DEFAULT_PI_RETENTION_DAYS = 7;
const DEFAULT_SLOW_QUERY_MS = 1_000;
const DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT = 90;
/** Keep some idle connections warm in the proxy's pool without holding the whole budget. */
const PROXY_MAX_IDLE_CONNECTIONS_PERCENT = 50;
/** A client waits at most this long for a pooled connection before the proxy errors. */
const PROXY_CONNECTION_BORROW_TIMEOUT_SECONDS = 120;
/** Idle client connections are closed after 30 minutes (RDS Proxy's default). */
const PROXY_IDLE_CLIENT_TIMEOUT_SECONDS = 1_800;
/** PostgreSQL log types RDS can export to CloudWatch Logs. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html */
const LOG_EXPORTS = ['postgresql', 'upgrade'];
const DEFAULT_USERNAME = 'postgres';
/** Record TTL of the reader name: short so a removed replica leaves rotation within a minute. */
const READER_RECORD_TTL_SECONDS = 30;
const REPLICA_WEIGHT = 1;
/** An RDS Proxy can use at most 200 Secrets Manager secrets. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html (Quotas and limitations) */
const MAX_PROXY_SECRETS = 200;
const LONGEST_ROLE_SUFFIX = '-rds-monitoring';
/** PostgreSQL identifiers: a letter or underscore, then letters, digits, underscores (and $, left out here). https://www.postgresql.org/docs/16/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS */
const POSTGRES_USER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * RDS PostgreSQL for a read-heavy service: a Multi-AZ primary, N read replicas spread over
 * the AZs (each with its own class, parameter group and staggered maintenance window), RDS
 * Proxy in front of the primary, and everything encrypted with one rotating KMS key.
 *
 * Credentials: see {@link MasterPassword}. AWS refuses RDS-managed master passwords on a
 * source of read replicas, so with replicas the password is written through Terraform's
 * write-only `password_wo` and kept in a KMS-encrypted Secrets Manager secret that RDS
 * Proxy reads; without replicas RDS may manage it. No password is ever in the synthesized
 * JSON or the state.
 *
 * Reads: RDS Proxy read-only endpoints exist only for Aurora, and a proxy can target only
 * the writer of an RDS replication configuration ("you can associate a proxy only with the
 * writer DB instance, not a read replica", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html).
 * So the proxy pools writes, and reads go to the replicas through the weighted reader name
 * ({@link RdsWithReplicasProps.readerDns}) that an in-cluster pooler (PgBouncer) or the
 * application's own pool connects to. See docs/data-tier.md.
 *
 * Terraform departures from the CDK construct: replicas have `skip_final_snapshot` and no
 * deletion protection (they hold no data the primary lacks, and scaling replicas down
 * must not fail); the parameter groups use `name_prefix` with `create_before_destroy`, so a
 * family change builds the new group before the old one goes.
 */
export class RdsWithReplicas extends Construct implements IConnectable {
  public readonly primary: DbInstance;
  public readonly replicas: DbInstance[];
  public readonly proxy: DbProxy;
  public readonly key: EncryptionKey;
  /** Host name of the writer (the primary); use {@link proxyEndpoint} from applications. */
  public readonly writerEndpoint: string;
  /** Host names of the replicas, in replica order. */
  public readonly replicaEndpoints: string[];
  /** The reader name when `readerDns` is given, else the first replica (or the writer without replicas). */
  public readonly readerEndpoint: string;
  /** RDS Proxy endpoint (read/write, TLS required). */
  public readonly proxyEndpoint: string;
  public readonly proxyArn: string;
  public readonly port: number;
  /** Secrets Manager secret holding `{ username, password }` of the master user. */
  public readonly secretArn: string;
  /** Master user name (the secret's `username`). */
  public readonly masterUsername: string;
  /** Security group of the instances. */
  public readonly securityGroupId: string;
  /** Security group of RDS Proxy. */
  public readonly proxySecurityGroupId: string;
  /**
   * Both groups (RDS Proxy and the instances) on the PostgreSQL port:
   * `db.connections.allowDefaultPortFrom(cluster)` admits a client to writes and replica reads.
   */
  public readonly connections: Connections;
  /** RDS Proxy's group only (writes). */
  public readonly proxyConnections: Connections;
  /** The instances' group only (reads from the replicas, through the read pooler). */
  public readonly instanceConnections: Connections;
  /** How clients authenticate to RDS Proxy. */
  public readonly proxyClientAuth: ProxyClientAuth;
  /** Parameters of the primary and of the replicas, for reports and tests. */
  public readonly primaryParameters: PostgresParameter[];
  public readonly replicaParameters: PostgresParameter[];
  private readonly proxyUserSecretCount: number;

  constructor(scope: Construct, id: string, given: RdsWithReplicasProps) {
    super(scope, id);
    checkProps(this, given, `{ identifier: 'prod-main', network, capacity: plan.database }`);
    checkRequiredObject(this, 'network', given.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const props = this.sized(given);
    const v = this.validate(props);
    const protection = v.protection;
    const network = props.network;
    const name = props.identifier;
    const port = props.port ?? DEFAULT_PORT;
    this.port = port;

    // One key for storage, Performance Insights, the secret and the exported logs.
    this.key = new EncryptionKey(this, 'key', {
      alias: `${name}-rds`,
      description: `Encrypts the RDS PostgreSQL instances, Performance Insights, logs and master secret of ${name}`,
      protection,
    });
    this.key.grantToService(cloudWatchLogsKeyGrant(network.region, this.key.partition, this.key.accountId));
    const partition = this.key.partition;

    // Network: the data subnets, and security groups that admit only the given clients.
    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: name.toLowerCase(),
      description: `Private data subnets of ${name}`,
      subnetIds: network.dataSubnets.map((s) => s.id),
      tags: { Name: name },
    });
    const dbSg = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-postgres-`,
      description: `PostgreSQL instances of ${name}: only RDS Proxy and the client security groups`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-postgres` },
      lifecycle: { createBeforeDestroy: true },
    });
    const proxySg = new SecurityGroup(this, 'proxy-security-group', {
      namePrefix: `${name}-postgres-proxy-`,
      description: `RDS Proxy of ${name}: only the client security groups`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-postgres-proxy` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = dbSg.id;
    this.proxySecurityGroupId = proxySg.id;
    const postgres = { ipProtocol: 'tcp', fromPort: port, toPort: port };
    new VpcSecurityGroupIngressRule(this, 'db-from-proxy', { securityGroupId: dbSg.id, referencedSecurityGroupId: proxySg.id, description: 'PostgreSQL from RDS Proxy', ...postgres });
    new VpcSecurityGroupEgressRule(this, 'proxy-to-db', { securityGroupId: proxySg.id, referencedSecurityGroupId: dbSg.id, description: 'PostgreSQL to the instances', ...postgres });
    const defaultPort = Port.tcp(port);
    this.instanceConnections = new Connections({ securityGroups: [{ securityGroupId: dbSg.id, owner: this, name: 'postgres' }], defaultPort });
    this.proxyConnections = new Connections({ securityGroups: [{ securityGroupId: proxySg.id, owner: this, name: 'proxy' }], defaultPort });
    this.connections = new Connections({ securityGroups: [...this.proxyConnections.securityGroups, ...this.instanceConnections.securityGroups], defaultPort });
    for (const client of props.clients ?? []) {
      this.proxyConnections.allowDefaultPortFrom(client, `PostgreSQL through RDS Proxy from ${client.connections.describe()}`);
      this.instanceConnections.allowDefaultPortFrom(client, `PostgreSQL (replica reads) from ${client.connections.describe()}`);
    }

    // Parameter groups: one for the primary, one for the replicas (their memory may differ).
    const family = v.engine.parameterGroupFamily;
    const primaryVcpus = v.primaryVcpus;
    this.primaryParameters = tunedParameters({ memoryGiB: v.primaryMemoryGiB, maxConnections: v.maxConnections, replicaCount: v.replicaCount, slowQueryThresholdMs: v.slowQueryMs, replica: false, primaryVcpus });
    this.replicaParameters = tunedParameters({ memoryGiB: v.replicaMemoryGiB, maxConnections: v.maxConnections, replicaCount: v.replicaCount, slowQueryThresholdMs: v.slowQueryMs, replica: true, primaryVcpus });
    const parameterGroup = (groupId: string, role: string, parameters: PostgresParameter[]) =>
      new DbParameterGroup(this, groupId, {
        namePrefix: `${name.toLowerCase()}-${role}-`,
        family,
        description: `Tuned ${family} settings for the ${role} of ${name}`,
        parameter: parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: p.applyMethod })),
        lifecycle: { createBeforeDestroy: true },
      });
    const primaryGroup = parameterGroup('primary-parameters', 'primary', this.primaryParameters);
    const replicaGroup = v.replicaCount > 0 ? parameterGroup('replica-parameters', 'replica', this.replicaParameters) : undefined;

    // Enhanced monitoring role.
    let monitoringRoleArn: string | undefined;
    if (v.monitoringInterval > 0) {
      const role = new IamRole(this, 'monitoring-role', {
        name: `${name}-rds-monitoring`,
        description: `Lets RDS enhanced monitoring of ${name} publish OS metrics to CloudWatch Logs`,
        assumeRolePolicy: PolicyDocument.trust(Principal.service('monitoring.rds.amazonaws.com')).toJson(),
      });
      new IamRolePolicyAttachment(this, 'monitoring-policy', { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` });
      monitoringRoleArn = role.arn;
    }

    // Log groups created ahead of RDS so they are encrypted and expire (RDS would create them without either).
    const logGroupsFor = (instanceId: string) =>
      LOG_EXPORTS.map(
        (type) =>
          new CloudwatchLogGroup(this, `logs-${instanceId}-${type}`, {
            name: `/aws/rds/instance/${instanceId}/${type}`,
            retentionInDays: v.logRetentionDays,
            kmsKeyId: this.key.keyArn,
            lifecycle: protection.lifecycle(),
          }),
      );

    const common = {
      storageType: 'gp3',
      maxAllocatedStorage: v.maxStorageGiB,
      vpcSecurityGroupIds: [dbSg.id],
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.key.keyArn,
      performanceInsightsRetentionPeriod: v.piRetentionDays,
      monitoringInterval: v.monitoringInterval,
      monitoringRoleArn,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      applyImmediately: props.applyImmediately ?? false,
      port,
    };

    const password = v.masterPassword;
    const primaryLogs = logGroupsFor(name);
    this.primary = new DbInstance(this, 'primary', {
      ...common,
      identifier: name,
      engine: 'postgres',
      engineVersion: v.engine.majorVersion,
      engineLifecycleSupport: v.lifecycleSupport,
      instanceClass: props.instanceClass,
      allocatedStorage: v.storageGiB,
      iops: props.storageIops,
      storageThroughput: props.storageThroughputMiBps,
      storageEncrypted: true,
      kmsKeyId: this.key.keyArn,
      dbName: props.databaseName,
      username: v.username,
      ...(password instanceof WriteOnly
        ? { passwordWo: password.value, passwordWoVersion: password.version }
        : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: this.key.keyArn }),
      multiAz: v.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: primaryGroup.name,
      backupRetentionPeriod: v.backupRetentionDays,
      backupWindow: v.backupWindow,
      maintenanceWindow: v.maintenanceWindow,
      deleteAutomatedBackups: !protection.retainOnDestroy,
      deletionProtection: protection.deletionProtection,
      skipFinalSnapshot: !protection.retainOnDestroy,
      finalSnapshotIdentifier: protection.finalSnapshotIdentifier(name),
      tags: { Name: name, Role: 'primary' },
      lifecycle: protection.lifecycle(),
      dependsOn: primaryLogs,
    });
    this.writerEndpoint = this.primary.address;

    // Replicas: round-robin over the AZs, staggered maintenance windows, nothing to lose on destroy.
    const azs = network.availabilityZones;
    const window = parseWeeklyWindow(this, 'maintenanceWindow', v.maintenanceWindow);
    this.replicas = Array.from({ length: v.replicaCount }, (_, i) => {
      const replicaId = `${name}-replica-${i + 1}`;
      return new DbInstance(this, `replica-${i + 1}`, {
        ...common,
        identifier: replicaId,
        replicateSourceDb: this.primary.identifier,
        instanceClass: v.replicaInstanceClass,
        availabilityZone: azs[i % azs.length],
        multiAz: false,
        parameterGroupName: replicaGroup!.name,
        maintenanceWindow: shiftWeeklyWindow(window, (i + 1) * v.staggerMinutes),
        // Replicas of an encrypted source are encrypted with its key; they take no backups and
        // leave no final snapshot, so removing one (a smaller capacity plan) never fails.
        backupRetentionPeriod: 0,
        skipFinalSnapshot: true,
        deletionProtection: false,
        tags: { Name: replicaId, Role: 'replica' },
        dependsOn: logGroupsFor(replicaId),
      });
    });
    this.replicaEndpoints = this.replicas.map((r) => r.address);

    // The master secret: RDS's own, or ours written through the write-only argument.
    let secretArn: string;
    if (password instanceof WriteOnly) {
      const secret = new SecretsmanagerSecret(this, 'master-secret', {
        namePrefix: `${name}-master-`,
        description: `Master user of ${name} (written by Terraform through secret_string_wo; read by RDS Proxy)`,
        kmsKeyId: this.key.keyArn,
        recoveryWindowInDays: protection.secretRecoveryWindowDays,
        lifecycle: protection.lifecycle(),
      });
      new SecretsmanagerSecretVersion(this, 'master-secret-value', {
        secretId: secret.id,
        secretStringWo: Fn.jsonencode({ engine: 'postgres', username: v.username, password: password.value, port }),
        secretStringWoVersion: password.version,
        // Written only once the instance accepted the password, so the secret never holds one RDS rejected.
        dependsOn: [this.primary],
      });
      secretArn = secret.arn;
    } else {
      secretArn = this.primary.masterUserSecret.get(0).secretArn;
    }
    this.secretArn = secretArn;
    this.masterUsername = v.username;

    // RDS Proxy in front of the primary.
    const userSecretArns = props.proxyUserSecretArns ?? [];
    const auth = (arn: string, description: string) => ({ authScheme: 'SECRETS', description, secretArn: arn, iamAuth: v.proxyClientAuth, clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256' });
    const proxyRole = new IamRole(this, 'proxy-role', {
      name: `${name}-rds-proxy`,
      description: `Lets RDS Proxy of ${name} read the master secret`,
      assumeRolePolicy: PolicyDocument.trust(Principal.service('rds.amazonaws.com')).toJson(),
    });
    new IamRolePolicy(this, 'proxy-secret-access', {
      name: 'read-master-secret',
      role: proxyRole.id,
      policy: new PolicyDocument([
        new PolicyStatement({ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secretArn, ...userSecretArns] }),
        new PolicyStatement({
          sid: 'DecryptSecret',
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${network.region}.amazonaws.com` } },
        }),
      ]).toJson(),
    });
    this.proxy = new DbProxy(this, 'proxy', {
      name: `${name.toLowerCase()}-proxy`,
      engineFamily: 'POSTGRESQL',
      roleArn: proxyRole.arn,
      requireTls: true,
      idleClientTimeout: PROXY_IDLE_CLIENT_TIMEOUT_SECONDS,
      vpcSubnetIds: network.dataSubnets.map((s) => s.id),
      vpcSecurityGroupIds: [proxySg.id],
      auth: [auth(secretArn, 'Master user (for administration; services use their own users)'), ...userSecretArns.map((arn, i) => auth(arn, `Service user ${i + 1}`))],
      tags: { Name: `${name}-proxy` },
    });
    new DbProxyDefaultTargetGroup(this, 'proxy-pool', {
      dbProxyName: this.proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent: v.proxyMaxConnectionsPercent,
        maxIdleConnectionsPercent: Math.min(PROXY_MAX_IDLE_CONNECTIONS_PERCENT, v.proxyMaxConnectionsPercent),
        connectionBorrowTimeout: PROXY_CONNECTION_BORROW_TIMEOUT_SECONDS,
      },
    });
    new DbProxyTarget(this, 'proxy-target', { dbProxyName: this.proxy.name, targetGroupName: 'default', dbInstanceIdentifier: this.primary.identifier });
    this.proxyEndpoint = this.proxy.endpoint;
    this.proxyArn = this.proxy.arn;
    this.proxyClientAuth = v.proxyClientAuth;
    this.proxyUserSecretCount = userSecretArns.length;

    // The reader name: weighted CNAMEs over the replicas (Route 53 cannot health-check private endpoints, see docs).
    if (props.readerDns) {
      const label = props.readerDns.recordName ?? 'reader';
      const fqdn = `${label}.${props.readerDns.zoneName}`;
      const targets = this.replicas.length > 0 ? this.replicas.map((r) => r.address) : [this.primary.address];
      targets.forEach((address, i) => {
        new Route53Record(this, `reader-record-${i + 1}`, {
          zoneId: props.readerDns!.zoneId,
          name: fqdn,
          type: 'CNAME',
          ttl: READER_RECORD_TTL_SECONDS,
          records: [address],
          setIdentifier: this.replicas.length > 0 ? `${name}-replica-${i + 1}` : `${name}-writer`,
          weightedRoutingPolicy: { weight: REPLICA_WEIGHT },
        });
      });
      this.readerEndpoint = fqdn;
    } else {
      this.readerEndpoint = this.replicas.length > 0 ? this.replicas[0].address : this.primary.address;
    }
  }

  /**
   * Lets `grantee` connect through RDS Proxy as the PostgreSQL user `dbUser` with an IAM
   * authentication token: `rds-db:connect` on
   * `arn:<partition>:rds-db:<region>:<account>:dbuser:<proxy resource id>/<dbUser>`, the proxy's
   * resource id (`prx-...`) being the last field of its ARN.
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html#rds-proxy-connecting-iam and
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrdsiamauthentication.html (db-user)
   *
   * The proxy logs in to PostgreSQL with the secret of that user, so `dbUser` must be one it
   * holds a secret for: the master user, or (with `proxyUserSecretArns`) a service's own user.
   * Terraform and the AWS provider cannot create PostgreSQL users (that is SQL against the
   * database), so without those secrets the master user is the only one (docs/data-tier.md).
   */
  public grantConnect(grantee: IGrantable, dbUser: string): void {
    checkGrantee(this, 'grantConnect.grantee', grantee);
    checkName(this, 'grantConnect.dbUser', dbUser, { maxLength: 63, pattern: POSTGRES_USER_PATTERN, charset: 'letters, digits and underscores, starting with a letter or underscore (a PostgreSQL user name)', what: 'PostgreSQL user name' });
    if (this.proxyClientAuth !== ProxyClientAuth.IAM) {
      invalid(this, 'grantConnect', dbUser, 'needs IAM authentication at RDS Proxy, but proxyClientAuth is PASSWORD', 'set proxyClientAuth: ProxyClientAuth.IAM (the default), or give the client the password secret instead');
    }
    if (this.proxyUserSecretCount === 0 && !isUnresolved(dbUser) && !isUnresolved(this.masterUsername) && dbUser !== this.masterUsername) {
      invalid(
        this,
        'grantConnect.dbUser',
        dbUser,
        `is not a user RDS Proxy can log in as: it holds only the master user's secret ("${this.masterUsername}")`,
        `grant "${this.masterUsername}", or create the user in PostgreSQL and pass its Secrets Manager secret in proxyUserSecretArns`,
      );
    }
    const field = (i: number) => Fn.element(Fn.split(':', this.proxyArn), i);
    const dbUserArn = `arn:${field(1)}:rds-db:${field(3)}:${field(4)}:dbuser:${field(6)}/${dbUser}`;
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'ConnectThroughRdsProxy', actions: ['rds-db:connect'], resources: [dbUserArn] }));
  }

  /** Checks every prop before any resource exists and returns the resolved settings. */
  /** The sizes: each explicit prop, else the capacity slice's; both and different is an error. */
  private sized(props: RdsWithReplicasProps): RdsWithReplicasProps & { readonly instanceClass: string } {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan, props.network);
    return {
      ...props,
      instanceClass: plannedRequired(this, 'instanceClass', props.instanceClass, plan?.primaryInstanceClass, "instanceClass: 'db.r7g.2xlarge'"),
      instanceMemoryGiB: planned(this, 'instanceMemoryGiB', props.instanceMemoryGiB, plan?.instanceMemoryGiB),
      replicaCount: planned(this, 'replicaCount', props.replicaCount, plan?.replicaCount),
      replicaInstanceClass: planned(this, 'replicaInstanceClass', props.replicaInstanceClass, plan?.replicaInstanceClass),
      replicaInstanceMemoryGiB: planned(this, 'replicaInstanceMemoryGiB', props.replicaInstanceMemoryGiB, plan?.replicaMemoryGiB),
      maxConnections: planned(this, 'maxConnections', props.maxConnections, plan?.maxConnections),
      proxyMaxConnectionsPercent: planned(this, 'proxyMaxConnectionsPercent', props.proxyMaxConnectionsPercent, plan?.proxyMaxConnectionsPercent),
      multiAz: planned(this, 'multiAz', props.multiAz, plan?.multiAz),
    };
  }

  private validate(props: RdsWithReplicasProps & { readonly instanceClass: string }) {
    checkName(this, 'identifier', props.identifier, {
      maxLength: DB_IDENTIFIER_MAX_LENGTH,
      pattern: DB_IDENTIFIER_PATTERN,
      charset: 'letters, digits and hyphens, starting with a letter, with no hyphen at the end or two in a row',
      what: 'DB instance identifier',
    });
    const protection: Protection = resolveProtection(this, props);
    const production = protection.productionGuardrails;
    // Issue 21: counts the construct needs at synth time, closed sets.
    checkLiteralInteger(this, 'replicaCount', props.replicaCount, { min: 0, max: MAX_READ_REPLICAS, limit: `AWS allows at most ${MAX_READ_REPLICAS} read replicas per PostgreSQL source instance`, decides: 'how many replica instances, reader records and replication parameters there are' });
    checkChoiceOf(this, 'engineVersion', props.engineVersion, PostgresEngineVersion, 'PostgresEngineVersion.VER_15, PostgresEngineVersion.VER_16, PostgresEngineVersion.VER_17, or PostgresEngineVersion.of("<major>") for a newer major');
    const replicaCount = props.replicaCount ?? 0;
    checkInteger(this, 'replicaCount', replicaCount, { min: 0, max: MAX_READ_REPLICAS, limit: `AWS allows at most ${MAX_READ_REPLICAS} read replicas per PostgreSQL source instance` });
    const longestReplicaId = `${props.identifier}-replica-${replicaCount}`;
    if (replicaCount > 0 && longestReplicaId.length > DB_IDENTIFIER_MAX_LENGTH) {
      invalid(this, 'identifier', props.identifier, `makes replica identifiers such as "${longestReplicaId}" longer than ${DB_IDENTIFIER_MAX_LENGTH} characters`, `shorten identifier to at most ${DB_IDENTIFIER_MAX_LENGTH - `-replica-${replicaCount}`.length} characters`);
    }
    const proxyName = `${props.identifier}-proxy`;
    if (proxyName.length > PROXY_NAME_MAX_LENGTH) {
      invalid(this, 'identifier', props.identifier, `makes the RDS Proxy name "${proxyName}" longer than ${PROXY_NAME_MAX_LENGTH} characters`, `shorten identifier to at most ${PROXY_NAME_MAX_LENGTH - '-proxy'.length} characters`);
    }
    const longestRole = `${props.identifier}${LONGEST_ROLE_SUFFIX}`;
    if (longestRole.length > IAM_ROLE_NAME_MAX_LENGTH) {
      invalid(this, 'identifier', props.identifier, `makes the IAM role name "${longestRole}" longer than ${IAM_ROLE_NAME_MAX_LENGTH} characters`, `shorten identifier to at most ${IAM_ROLE_NAME_MAX_LENGTH - LONGEST_ROLE_SUFFIX.length} characters`);
    }
    checkArray(this, 'network.dataSubnets', props.network.dataSubnets, { minLength: 2, what: 'data subnets in different AZs (a DB subnet group needs two AZs)' });
    rejectReplacedProps(this, props, { clientSecurityGroupIds: { by: 'clients (object references)', fix: () => 'pass clients: [eksCluster], or Connections.fromSecurityGroupId(this, "<id>", "<sg-id>") for a group made elsewhere' } });
    checkConnectables(this, 'clients', props.clients);
    checkArray(this, 'proxyUserSecretArns', props.proxyUserSecretArns, { maxLength: MAX_PROXY_SECRETS - 1, what: 'Secrets Manager secret ARNs (RDS Proxy holds at most 200 secrets, one is the master user)' });
    const engine = props.engineVersion ?? PostgresEngineVersion.VER_16;
    if (!/^\d+$/.test(engine.majorVersion)) {
      invalid(this, 'engineVersion', engine.majorVersion, 'is not a major version', 'pin only the major version (e.g. "16"); AWS applies minor versions with auto_minor_version_upgrade');
    }
    const lifecycleSupport = props.engineLifecycleSupport ?? EngineLifecycleSupport.EXTENDED_SUPPORT_DISABLED;
    checkOneOf(this, 'engineLifecycleSupport', lifecycleSupport, Object.values(EngineLifecycleSupport));

    const replicaInstanceClass = props.replicaInstanceClass ?? props.instanceClass;
    const primaryMemoryGiB = instanceMemoryGiB(this, 'instanceClass', props.instanceClass, props.instanceMemoryGiB, 'instanceMemoryGiB');
    const replicaMemoryGiB = instanceMemoryGiB(this, 'replicaInstanceClass', replicaInstanceClass, props.replicaInstanceMemoryGiB ?? (props.replicaInstanceClass ? undefined : props.instanceMemoryGiB), 'replicaInstanceMemoryGiB');
    checkInteger(this, 'instanceMemoryGiB', props.instanceMemoryGiB, { min: 1 });
    if (production && isBurstable(props.instanceClass)) {
      invalid(this, 'instanceClass', props.instanceClass, `is a burstable class in production (${protection.name}): CPU credits run out under sustained load`, `use a db.m7g, db.r7g or db.r6g class, ${Protection.OPT_OUT}`);
    }

    const maxConnections = props.maxConnections ?? rdsDefaultMaxConnections(primaryMemoryGiB);
    checkInteger(this, 'maxConnections', maxConnections, { min: 10, max: MAX_POSTGRES_CONNECTIONS, limit: `PostgreSQL accepts max_connections up to ${MAX_POSTGRES_CONNECTIONS}` });
    const proxyMaxConnectionsPercent = props.proxyMaxConnectionsPercent ?? DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT;
    checkInteger(this, 'proxyMaxConnectionsPercent', proxyMaxConnectionsPercent, { min: 1, max: 100, limit: 'RDS Proxy max_connections_percent is 1 to 100' });
    checkOneOf(this, 'proxyClientAuth', props.proxyClientAuth, Object.values(ProxyClientAuth));
    const username = props.masterUsername ?? DEFAULT_USERNAME;
    checkName(this, 'masterUsername', username, { maxLength: 63, pattern: MASTER_USERNAME_PATTERN, charset: 'letters, digits and underscores, starting with a letter', what: 'master user name' });
    if (['rdsadmin', 'rdsrepladmin', 'admin'].includes(username.toLowerCase())) {
      invalid(this, 'masterUsername', username, 'is reserved by RDS', 'choose another name, e.g. "postgres"');
    }
    if (props.databaseName !== undefined) {
      checkName(this, 'databaseName', props.databaseName, { maxLength: 63, pattern: /^[a-zA-Z][a-zA-Z0-9_]*$/, charset: 'letters, digits and underscores, starting with a letter', what: 'PostgreSQL database name' });
    }

    const masterPassword = props.masterPassword ?? MasterPassword.managedByRds();
    if (masterPassword.kind === 'managed-by-rds' && replicaCount > 0) {
      invalid(
        this,
        'masterPassword',
        'managedByRds',
        `cannot be used with ${replicaCount} read replicas: AWS does not create read replicas of a source whose master password RDS manages in Secrets Manager (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations)`,
        'pass masterPassword: MasterPassword.fromEphemeralVariable(stack, "<name>") (write-only, never in plan or state)',
      );
    }
    if (masterPassword instanceof WriteOnly) {
      if (!Token.isUnresolved(masterPassword.value)) {
        invalid(this, 'masterPassword', '<literal string>', 'is a literal password, which would be written in plaintext into the synthesized JSON', 'pass a reference such as MasterPassword.fromEphemeralVariable(stack, "<name>")');
      }
      checkInteger(this, 'masterPassword.version', masterPassword.version, { min: 1 });
    }

    checkInteger(this, 'port', props.port, { min: MIN_PORT, max: MAX_PORT, limit: `RDS PostgreSQL listens on ports ${MIN_PORT} to ${MAX_PORT}` });
    const storageGiB = props.allocatedStorageGiB ?? DEFAULT_STORAGE_GIB;
    this.validateStorage(props, storageGiB);
    const maxStorageGiB = props.maxAllocatedStorageGiB ?? Math.min(GP3.maxStorageGiB, storageGiB * DEFAULT_AUTOSCALING_FACTOR);
    checkInteger(this, 'maxAllocatedStorageGiB', maxStorageGiB, { min: storageGiB, max: GP3.maxStorageGiB, limit: `the autoscaling ceiling must be at least allocatedStorageGiB (${storageGiB}) and at most ${GP3.maxStorageGiB} GiB` });

    const multiAz = props.multiAz ?? production;
    checkBoolean(this, 'multiAz', props.multiAz);
    if (production && !multiAz) {
      invalid(this, 'multiAz', multiAz, `is false in production (${protection.name}): an AZ outage would stop writes until the instance is rebuilt`, `set multiAz: true (or leave it unset), ${Protection.OPT_OUT}`);
    }
    const backupRetentionDays = props.backupRetentionDays ?? protection.databaseBackupRetentionDays;
    const backupProp = props.backupRetentionDays === undefined ? 'protection.databaseBackupRetentionDays' : 'backupRetentionDays';
    if (production && typeof backupRetentionDays === 'number' && !isUnresolved(backupRetentionDays) && backupRetentionDays < MIN_PRODUCTION_BACKUP_RETENTION_DAYS) {
      invalid(
        this,
        backupProp,
        backupRetentionDays,
        `is out of range (production keeps ${MIN_PRODUCTION_BACKUP_RETENTION_DAYS} to ${MAX_BACKUP_RETENTION_DAYS} days; read replicas need backups on the source)`,
        `pass a value from ${MIN_PRODUCTION_BACKUP_RETENTION_DAYS} to ${MAX_BACKUP_RETENTION_DAYS}, ${Protection.OPT_OUT}`,
      );
    }
    checkInteger(this, backupProp, backupRetentionDays, {
      min: 1,
      max: MAX_BACKUP_RETENTION_DAYS,
      limit: `RDS keeps 1 to ${MAX_BACKUP_RETENTION_DAYS} days when read replicas need backups on the source`,
    });
    const backupWindow = props.backupWindow ?? DEFAULT_BACKUP_WINDOW;
    const maintenanceWindow = (props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW).toLowerCase();
    const daily = parseDailyWindow(this, 'backupWindow', backupWindow);
    const weekly = parseWeeklyWindow(this, 'maintenanceWindow', maintenanceWindow);
    if (dailyOverlapsWeekly(daily, weekly)) {
      invalid(this, 'backupWindow', backupWindow, `overlaps maintenanceWindow "${maintenanceWindow}" (RDS requires them apart)`, 'move one of the windows');
    }
    const staggerMinutes = props.replicaMaintenanceStaggerMinutes ?? DEFAULT_STAGGER_MINUTES;
    checkInteger(this, 'replicaMaintenanceStaggerMinutes', staggerMinutes, { min: weekly.end - weekly.start, max: 24 * 60, limit: 'each replica must start after the previous window ends' });
    const monitoringInterval = props.monitoringIntervalSeconds ?? DEFAULT_MONITORING_INTERVAL_SECONDS;
    checkOneOf(this, 'monitoringIntervalSeconds', monitoringInterval, MONITORING_INTERVALS_SECONDS);
    const piRetentionDays = props.performanceInsightsRetentionDays ?? DEFAULT_PI_RETENTION_DAYS;
    checkOneOf(this, 'performanceInsightsRetentionDays', piRetentionDays, PERFORMANCE_INSIGHTS_RETENTION_DAYS);
    const slowQueryMs = props.slowQueryThresholdMs ?? DEFAULT_SLOW_QUERY_MS;
    checkInteger(this, 'slowQueryThresholdMs', slowQueryMs, { min: 0, max: 2_147_483_647 });
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);
    if (props.readerDns) {
      checkName(this, 'readerDns.recordName', props.readerDns.recordName, { maxLength: 63, pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, charset: 'a DNS label: lower-case letters, digits and hyphens', what: 'DNS label' });
    }
    return {
      protection,
      engine,
      lifecycleSupport,
      replicaCount,
      replicaInstanceClass,
      primaryMemoryGiB,
      replicaMemoryGiB,
      primaryVcpus: instanceVcpus(this, 'instanceClass', props.instanceClass),
      maxConnections,
      proxyMaxConnectionsPercent,
      proxyClientAuth: props.proxyClientAuth ?? ProxyClientAuth.IAM,
      username,
      masterPassword,
      storageGiB,
      maxStorageGiB,
      multiAz,
      backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      staggerMinutes,
      monitoringInterval,
      piRetentionDays,
      slowQueryMs,
      logRetentionDays,
    };
  }

  /** gp3 rules for RDS PostgreSQL (see {@link GP3}). */
  private validateStorage(props: RdsWithReplicasProps, storageGiB: number): void {
    checkInteger(this, 'allocatedStorageGiB', storageGiB, { min: GP3.minStorageGiB, max: GP3.maxStorageGiB, limit: `gp3 volumes for RDS PostgreSQL are ${GP3.minStorageGiB} to ${GP3.maxStorageGiB} GiB` });
    const { storageIops: iops, storageThroughputMiBps: throughput } = props;
    if (isUnresolved(storageGiB)) return;
    if (storageGiB < GP3.provisioningThresholdGiB) {
      const baseline = 'RDS gives gp3 volumes under 400 GiB a fixed baseline of 3,000 IOPS and 125 MiB/s';
      if (iops !== undefined) invalid(this, 'storageIops', iops, `cannot be set with allocatedStorageGiB = ${storageGiB}: ${baseline}`, `remove storageIops, or raise allocatedStorageGiB to at least ${GP3.provisioningThresholdGiB}`);
      if (throughput !== undefined) invalid(this, 'storageThroughputMiBps', throughput, `cannot be set with allocatedStorageGiB = ${storageGiB}: ${baseline}`, `remove storageThroughputMiBps, or raise allocatedStorageGiB to at least ${GP3.provisioningThresholdGiB}`);
      return;
    }
    checkInteger(this, 'storageIops', iops, { min: GP3.minIops, max: GP3.maxIops, limit: `gp3 from ${GP3.provisioningThresholdGiB} GiB allows ${GP3.minIops} to ${GP3.maxIops} IOPS` });
    checkInteger(this, 'storageThroughputMiBps', throughput, { min: GP3.minThroughputMiBps, max: GP3.maxThroughputMiBps, limit: `gp3 from ${GP3.provisioningThresholdGiB} GiB allows ${GP3.minThroughputMiBps} to ${GP3.maxThroughputMiBps} MiB/s` });
    const effectiveIops = iops ?? GP3.minIops;
    if (throughput !== undefined && !isUnresolved(effectiveIops) && !isUnresolved(throughput) && throughput > effectiveIops * GP3.maxThroughputPerIops) {
      invalid(this, 'storageThroughputMiBps', throughput, `exceeds ${GP3.maxThroughputPerIops} MiB/s per IOPS (${effectiveIops} IOPS allow ${effectiveIops * GP3.maxThroughputPerIops})`, `raise storageIops to at least ${Math.ceil(throughput / GP3.maxThroughputPerIops)} or lower the throughput`);
    }
  }
}
