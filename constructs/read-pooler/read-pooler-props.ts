import { ITerraformDependable } from 'cdktf';
import type { ReadPoolerPlan } from '../../lib/capacity/plan';
import type { SecretsStoreCsi } from './secrets-store-csi';
import { ServerTls } from './server-tls';

export interface ReadPoolerProps {
  /**
   * Namespace of the pooler; its service account must match the EKS Pod Identity association
   * made in the AWS stack ({@link ReadPoolerRole}).
   */
  readonly namespace: string;
  /**
   * Names the Deployment, Service, HPA, PDB, service account and NetworkPolicy (DNS-1123 label).
   * @default "pgbouncer-read"
   */
  readonly name?: string;
  /**
   * Full image reference, pinned by tag or digest. Another image must have the same layout:
   * `/bin/sh`, `sed`, `/usr/bin/pgbouncer` and a user with UID 998 / GID 996.
   * @default PGBOUNCER_IMAGE
   */
  readonly image?: string;
  /** Host PgBouncer connects to: the weighted reader name over the replicas (`RdsWithReplicas.readerEndpoint`). */
  readonly serverHost: string;
  /** @default 5432 */
  readonly serverPort?: number;
  /** CIDRs the servers live in (the data subnets); the pods may open connections only there. */
  readonly serverCidrs: string[];
  /** Database clients use and PgBouncer connects to. */
  readonly databaseName: string;
  /** PostgreSQL user PgBouncer logs in as; the secret's `username` must be the same. */
  readonly serverUser: string;
  /** Secrets Manager secret (`{ username, password, ... }` JSON) mounted through the Secrets Store CSI driver. */
  readonly secretArn: string;
  /** Region of the secret, for ASCP. */
  readonly region: string;
  /** How PgBouncer authenticates the servers: see {@link ServerTls}. */
  readonly serverTls: ServerTls;
  /**
   * Name of a `kubernetes.io/tls` Secret in the namespace: when set, clients must use TLS
   * (`client_tls_sslmode = require`).
   * @default - clients connect in plain text inside the cluster (see docs/data-tier.md)
   */
  readonly clientTlsSecretName?: string;
  /** Namespaces whose pods may connect (the NetworkPolicy's ingress). */
  readonly clientNamespaces: string[];
  /**
   * Only the pods carrying one of these label sets (in `clientNamespaces`) may connect, e.g. the
   * services that use the database: `[{ 'app.kubernetes.io/name': 'user-service' }]`.
   * @default - every pod of `clientNamespaces`
   */
  readonly clientPodLabels?: readonly Readonly<Record<string, string>>[];
  /**
   * The pooler's slice of the capacity plan (`plan.readPooler`): HPA bounds, PgBouncer's
   * connection limits and the pod's resources. Sizes given explicitly next to it must equal
   * the plan's.
   * @default - no plan: the HPA bounds and connection limits below are required
   */
  readonly capacity?: ReadPoolerPlan;
  /**
   * Fewest pooler pods (HPA minimum), at least 2. Required without `capacity`.
   * @default - `capacity.minReplicas`
   */
  readonly minReplicas?: number;
  /**
   * Most pooler pods the HPA may run; with `defaultPoolSize` it bounds the connections to
   * the replicas. Required without `capacity`.
   * @default - `capacity.maxReplicas`
   */
  readonly maxReplicas?: number;
  /**
   * PgBouncer `max_client_conn` per pod. Required without `capacity`.
   * @default - `capacity.maxClientConnections`
   */
  readonly maxClientConnections?: number;
  /**
   * PgBouncer `default_pool_size` and `max_db_connections` per pod. Required without `capacity`.
   * @default - `capacity.defaultPoolSize`
   */
  readonly defaultPoolSize?: number;
  /**
   * Server connections all pods together may hold at `maxReplicas`; the constructor rejects
   * `maxReplicas x defaultPoolSize` above it. Required without `capacity`.
   * @default - `capacity.serverConnectionBudget`
   */
  readonly serverConnectionBudget?: number;
  /** @default - `capacity.targetCpuUtilizationPercent`, else 60 */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * CPU request and limit per pod. PgBouncer is one single-threaded process, so more than
   * one core is wasted.
   * @default - `capacity.cpuMillicores`, else 1000
   */
  readonly cpuMillicores?: number;
  /** @default - `capacity.memoryMiB`, else 256 */
  readonly memoryMiB?: number;
  /** @default 6432 */
  readonly port?: number;
  /**
   * The Secrets Store CSI driver and AWS provider the database secret is mounted through:
   * the SecretProviderClass (a kind the driver's chart installs) and the Deployment are
   * created after them.
   * @default - installed elsewhere; nothing waits for it
   */
  readonly secretsStoreCsi?: SecretsStoreCsi;
  /**
   * What serves the metrics the HPA reads (metrics-server's release, e.g.
   * `ClusterControllers.metricsServer`): the HPA is created after it.
   * @default [] - installed elsewhere
   */
  readonly metricsApis?: ITerraformDependable[];
}
