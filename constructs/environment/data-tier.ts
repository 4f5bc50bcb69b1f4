import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { CachePlan, DatabasePlan } from '../../lib/capacity';
import { checkPlanSlice } from '../../lib/plan-slice';
import { checkProps, checkRequiredObject } from '../../lib/validation';
import { DatabaseRole, MonitoringTargets } from '../monitoring-stack';
import { INetwork } from '../network';
import { MasterPassword, RdsWithReplicas } from '../rds-with-replicas';
import { RedisCluster } from '../redis-cluster';
import { DATABASE_NAME } from './conventions';
import { Protection } from '../../lib/protection';
import { checkSameStack } from '../../lib/wiring';
import { IConnectable } from '../connections';

/** Terraform variable the master password comes from (write-only, never in state): `TF_VAR_db_master_password`. */
export const DB_MASTER_PASSWORD_VARIABLE = 'db_master_password';

export interface DataTierProps {
  /** Environment name: names the database (`<name>-main`), the cache (`<name>-cache`) and the private zone (`<name>.db.internal`). */
  readonly name: string;
  /** The data subnets hold every instance; the private zone is attached to its VPC. */
  readonly network: INetwork;
  /** The database's slice of the capacity plan (`plan.database`). */
  readonly database: DatabasePlan;
  /** The cache's slice of the capacity plan (`plan.cache`). */
  readonly cache: CachePlan;
  /** Deletion protection, `prevent_destroy`, final snapshots, backup and log retention of the database and the cache. */
  readonly protection: Protection;
  /** Allowed to reach PostgreSQL, RDS Proxy and the cache (the EKS cluster: nodes and pods). */
  readonly clients: readonly IConnectable[];
}

/**
 * The data tier of one environment, sized by its plan slices: RDS PostgreSQL (primary,
 * `database.replicaCount` replicas, RDS Proxy) and a Valkey cluster (`cache.shards` x
 * `cache.replicasPerShard`), in the network's data subnets, plus the private zone whose
 * weighted `reader` name the in-cluster read pooler connects to.
 *
 * The master password is a write-only value from the ephemeral variable
 * `db_master_password` (see docs/data-tier.md): set `TF_VAR_db_master_password` on the
 * apply that creates the database.
 */
export class DataTier extends Construct {
  public readonly database: RdsWithReplicas;
  public readonly cache: RedisCluster;
  /** Private zone `<name>.db.internal` of the reader name. */
  public readonly zone: Route53Zone;
  /** What the observability tier watches here, with the plan's thresholds. */
  public readonly monitoringTargets: MonitoringTargets;

  constructor(scope: Construct, id: string, props: DataTierProps) {
    super(scope, id);
    checkProps(this, props, '{ name, network, database: plan.database, cache: plan.cache, protection, clients }');
    checkRequiredObject(this, 'network', props.network, 'pass the environment\'s Network');
    checkSameStack(this, 'network', props.network);
    const azs = { availabilityZones: props.network.availabilityZones };
    checkPlanSlice(this, 'database', props.database, azs);
    checkPlanSlice(this, 'cache', props.cache, azs);
    const { name, network, protection } = props;
    const plan = props.database;

    const zoneName = `${name}.db.internal`;
    this.zone = new Route53Zone(this, 'db-zone', {
      name: zoneName,
      comment: `Private names of the ${name} data tier`,
      vpc: [{ vpcId: network.vpcId }],
      forceDestroy: protection.forceDestroy,
    });

    this.database = new RdsWithReplicas(this, 'database', {
      identifier: `${name}-main`,
      network,
      clients: [...props.clients],
      instanceClass: plan.primaryInstanceClass,
      replicaInstanceClass: plan.replicaInstanceClass,
      replicaCount: plan.replicaCount,
      instanceMemoryGiB: plan.instanceMemoryGiB,
      replicaInstanceMemoryGiB: plan.replicaMemoryGiB,
      maxConnections: plan.maxConnections,
      proxyMaxConnectionsPercent: plan.proxyMaxConnectionsPercent,
      masterPassword: MasterPassword.fromEphemeralVariable(this, DB_MASTER_PASSWORD_VARIABLE),
      databaseName: DATABASE_NAME,
      protection,
      multiAz: plan.multiAz,
      readerDns: { zoneId: this.zone.zoneId, zoneName },
    });

    this.cache = new RedisCluster(this, 'cache', {
      replicationGroupId: `${name}-cache`,
      network,
      clients: [...props.clients],
      nodeType: props.cache.nodeType,
      shards: props.cache.shards,
      replicasPerShard: props.cache.replicasPerShard,
      protection,
    });

    const db = this.database;
    this.monitoringTargets = {
      databases: [
        { identifier: db.primary.identifier, allocatedStorageGiB: db.primary.allocatedStorage, role: DatabaseRole.PRIMARY, maxConnections: plan.maxConnections, memoryGiB: plan.instanceMemoryGiB },
        ...db.replicas.map((r) => ({ identifier: r.identifier, allocatedStorageGiB: r.allocatedStorage, role: DatabaseRole.REPLICA, maxConnections: plan.maxConnections, memoryGiB: plan.replicaMemoryGiB })),
      ],
      caches: [{ replicationGroupId: this.cache.replicationGroup.replicationGroupId, shards: props.cache.shards, replicasPerShard: props.cache.replicasPerShard, clusterMode: true }],
    };
  }
}
