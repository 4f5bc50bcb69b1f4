import { Construct } from 'constructs';
import { CapacityPlan, IConnectable, MasterPassword, Network, RdsWithReplicas, RedisCluster } from 'cdktf-million-rps';
import { ENVIRONMENT, PROTECTION } from './settings';

/**
 * PostgreSQL (primary, read replicas, RDS Proxy) and a Valkey cluster in the data subnets,
 * sized by the plan and reachable only from the given clients.
 */
export class DataTier extends Construct {
  public readonly database: RdsWithReplicas;
  public readonly cache: RedisCluster;

  constructor(scope: Construct, id: string, network: Network, plan: CapacityPlan, clients: IConnectable[]) {
    super(scope, id);
    this.database = new RdsWithReplicas(this, 'database', {
      identifier: `${ENVIRONMENT}-main`,
      network,
      clients,
      instanceClass: plan.database.primaryInstanceClass,
      replicaInstanceClass: plan.database.replicaInstanceClass,
      replicaCount: plan.database.replicaCount,
      maxConnections: plan.database.maxConnections,
      proxyMaxConnectionsPercent: plan.database.proxyMaxConnectionsPercent,
      // A standby in another AZ takes over writes when the primary's AZ is lost.
      multiAz: plan.survivesAzLoss,
      // Read replicas rule out an RDS-managed password: set TF_VAR_db_master_password on the first apply.
      masterPassword: MasterPassword.fromEphemeralVariable(this, 'db_master_password'),
      databaseName: 'app',
      protection: PROTECTION,
    });
    this.cache = new RedisCluster(this, 'cache', {
      replicationGroupId: `${ENVIRONMENT}-cache`,
      network,
      clients,
      nodeType: plan.cache.nodeType,
      shards: plan.cache.shards,
      replicasPerShard: plan.cache.replicasPerShard,
      protection: PROTECTION,
    });
  }
}
