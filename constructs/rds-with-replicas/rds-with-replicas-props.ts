import { IConnectable } from '../connections';
import { Protection } from '../../lib/protection';
import { INetwork } from '../network';
import { EngineLifecycleSupport, PostgresEngineVersion, ProxyClientAuth } from './engine';
import { MasterPassword } from './master-password';

/** A Route 53 private hosted zone in which the construct publishes the reader name. */
export interface ReaderDnsZone {
  /** Hosted zone id. */
  readonly zoneId: string;
  /** Zone name without the trailing dot, e.g. `prod.db.internal`. */
  readonly zoneName: string;
  /**
   * Label of the reader record inside the zone.
   * @default 'reader'
   */
  readonly recordName?: string;
}

export interface RdsWithReplicasProps {
  /**
   * Identifier of the primary; replicas are `<identifier>-replica-<n>` and the proxy
   * `<identifier>-proxy`. Letters, digits and hyphens, starting with a letter.
   */
  readonly identifier: string;
  /** VPC and the private data subnets the instances and the proxy live in. */
  readonly network: INetwork;
  /**
   * The clients (an EksCluster: nodes and pods share its group): each is admitted on the
   * port to RDS Proxy (writes) and to the instances (the read pooler's replica reads), and
   * nothing else is. More can be added with `connections.allowDefaultPortFrom(client)`;
   * `Connections.fromSecurityGroupId(...)` brings in a group made elsewhere.
   * @default [] - nobody can connect until a client is added
   */
  readonly clients?: IConnectable[];
  /** @default PostgresEngineVersion.VER_16 */
  readonly engineVersion?: PostgresEngineVersion;
  /** @default EngineLifecycleSupport.EXTENDED_SUPPORT_DISABLED */
  readonly engineLifecycleSupport?: EngineLifecycleSupport;
  /** Instance class of the primary, e.g. `db.r7g.8xlarge` (the capacity model's `primaryInstanceClass`). */
  readonly instanceClass: string;
  /**
   * Memory of the primary's class, GiB, for classes missing from `DB_INSTANCE_CLASS_MEMORY_GIB`.
   * @default - looked up from the instance class
   */
  readonly instanceMemoryGiB?: number;
  /**
   * Read replicas, spread round-robin over the network's AZs (the capacity model's
   * `replicaCount`). AWS allows at most 15 per PostgreSQL source.
   * @default 0
   */
  readonly replicaCount?: number;
  /** @default - the primary's instance class */
  readonly replicaInstanceClass?: string;
  /** @default - looked up from the replica instance class */
  readonly replicaInstanceMemoryGiB?: number;
  /**
   * PostgreSQL max_connections on the primary and every replica (a hot standby needs at
   * least the primary's value). The capacity model's `maxConnections`.
   * @default - RDS's formula LEAST(memory / 9531392, 5000) for the primary's memory
   */
  readonly maxConnections?: number;
  /**
   * Share of max_connections RDS Proxy may open to the primary (the capacity model's
   * `proxyMaxConnectionsPercent`).
   * @default 90
   */
  readonly proxyMaxConnectionsPercent?: number;
  /** @default ProxyClientAuth.IAM */
  readonly proxyClientAuth?: ProxyClientAuth;
  /**
   * Secrets Manager secrets (`{ username, password }`) of per-service PostgreSQL users the
   * proxy may log in as, so services do not share the master user. Encrypt them with this
   * construct's `key`; the proxy role may read and decrypt them.
   * @default [] - only the master user
   */
  readonly proxyUserSecretArns?: string[];
  /** @default 'postgres' */
  readonly masterUsername?: string;
  /**
   * Where the master password comes from; see {@link MasterPassword}.
   * @default MasterPassword.managedByRds() - allowed only without read replicas
   */
  readonly masterPassword?: MasterPassword;
  /** Name of the database created on the primary. @default - none (only `postgres`) */
  readonly databaseName?: string;
  /** @default 5432 */
  readonly port?: number;
  /** gp3 storage of the primary, GiB (20 to 65,536). @default 100 */
  readonly allocatedStorageGiB?: number;
  /** Storage autoscaling ceiling, GiB. @default - 4 x allocatedStorageGiB, at most 65,536 */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Provisioned gp3 IOPS; only at 400 GiB and more (below, RDS gives a fixed 3,000).
   * @default - the gp3 baseline
   */
  readonly storageIops?: number;
  /** Provisioned gp3 throughput, MiB/s; only at 400 GiB and more. @default - the gp3 baseline */
  readonly storageThroughputMiBps?: number;
  /**
   * What protects the data: with `retainOnDestroy`, deletion protection, `prevent_destroy`
   * and a final snapshot on the primary, automated backups kept after deletion, the master
   * secret's longest recovery window; with `productionGuardrails`, Multi-AZ required, no
   * burstable class and at least 7 days of backups. Backup and log retention default to its
   * figures.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /** @default - the protection's `productionGuardrails` (true in production) */
  readonly multiAz?: boolean;
  /** Days of automated backups (1 to 35; at least 7 in production). @default - the protection's `databaseBackupRetentionDays` (14 in production, 7 otherwise) */
  readonly backupRetentionDays?: number;
  /** Daily backup window, UTC. @default '03:00-04:00' */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window of the primary, UTC. Replica n gets the same window moved
   * by n x `replicaMaintenanceStaggerMinutes`, so replicas never restart together.
   * @default 'sun:05:00-sun:05:30'
   */
  readonly maintenanceWindow?: string;
  /** @default 60 */
  readonly replicaMaintenanceStaggerMinutes?: number;
  /** Enhanced monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60 s. @default 15 */
  readonly monitoringIntervalSeconds?: number;
  /** Performance Insights retention: 7 days (free tier) or a multiple of 31 up to 731. @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Statements slower than this are logged (log_min_duration_statement). @default 1000 */
  readonly slowQueryThresholdMs?: number;
  /** Days to keep the PostgreSQL logs exported to CloudWatch. @default - the protection's `logRetentionDays` (365 in production, 30 otherwise) */
  readonly logRetentionDays?: number;
  /**
   * Publish `<recordName>.<zoneName>`, a weighted CNAME over every replica (or the writer
   * when there are none), for the reader pool to connect to.
   * @default - no record; use `replicaEndpoints`
   */
  readonly readerDns?: ReaderDnsZone;
  /** Apply changes at once instead of in the next maintenance window. @default false */
  readonly applyImmediately?: boolean;
}
