import { TerraformOutput, TerraformStack } from 'cdktf';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { CapacityPlan } from '../../lib/capacity';
import { Protection } from '../../lib/protection';
import { EnvironmentConfig } from '../../lib/config/environment';
import { IConnectable } from '../../constructs/connections';
import { Network } from '../../constructs/network';
import { MasterPassword, RdsWithReplicas } from '../../constructs/rds-with-replicas';
import { RedisCluster } from '../../constructs/redis-cluster';

export interface DataTierOptions {
  readonly network: Network;
  /** The environment's capacity plan; the tier takes every size from it. */
  readonly plan: CapacityPlan;
  /** Allowed to reach PostgreSQL, RDS Proxy and the cache (the EKS cluster: nodes and pods). */
  readonly clients: IConnectable[];
}

export interface DataTier {
  readonly database: RdsWithReplicas;
  readonly cache: RedisCluster;
}

/** The application database every environment creates; services and the read pooler use it. */
export const DATABASE_NAME = 'app';

/**
 * Where a service keeps its cache keys: `<service>:` (in cluster mode, a hash tag goes after
 * it, e.g. `user-service:{42}:profile`). Its Valkey user may touch only those keys.
 */
export function serviceCacheKeyPrefix(service: string): string {
  return `${service}:`;
}

/** A service's Valkey user: its own keys, every command but the dangerous ones (as the application user). */
export function serviceCacheAccessString(service: string): string {
  return `on ~${serviceCacheKeyPrefix(service)}* +@all -@dangerous`;
}

/**
 * The data tier of one environment, sized by the capacity plan: RDS PostgreSQL (primary,
 * `plan.database.replicaCount` replicas, RDS Proxy) and a Valkey cluster
 * (`plan.cache.shards` x `plan.cache.replicasPerShard`), in the network's data subnets.
 *
 * The master password is a write-only value from the ephemeral variable
 * `db_master_password` (see docs/data-tier.md): set `TF_VAR_db_master_password` on the
 * apply that creates the database.
 */
export function addDataTier(stack: TerraformStack, config: EnvironmentConfig, options: DataTierOptions): DataTier {
  const plan = options.plan;
  const protection = Protection.forEnvironment(config.production);
  const network = options.network;

  // Private zone for the reader name the in-cluster pooler connects to.
  const zoneName = `${config.name}.db.internal`;
  const zone = new Route53Zone(stack, 'db-zone', {
    name: zoneName,
    comment: `Private names of the ${config.name} data tier`,
    vpc: [{ vpcId: network.vpcId }],
    forceDestroy: protection.forceDestroy,
  });

  const database = new RdsWithReplicas(stack, 'database', {
    identifier: `${config.name}-main`,
    network,
    clients: options.clients,
    instanceClass: plan.database.primaryInstanceClass,
    replicaInstanceClass: plan.database.replicaInstanceClass,
    replicaCount: plan.database.replicaCount,
    instanceMemoryGiB: plan.database.instanceMemoryGiB,
    replicaInstanceMemoryGiB: plan.database.replicaMemoryGiB,
    maxConnections: plan.database.maxConnections,
    proxyMaxConnectionsPercent: plan.database.proxyMaxConnectionsPercent,
    masterPassword: MasterPassword.fromEphemeralVariable(stack, 'db_master_password'),
    databaseName: DATABASE_NAME,
    protection,
    // The plan counts on the primary surviving an AZ loss wherever it says so (staging too).
    multiAz: plan.survivesAzLoss,
    readerDns: { zoneId: zone.zoneId, zoneName },
  });

  const cache = new RedisCluster(stack, 'cache', {
    replicationGroupId: `${config.name}-cache`,
    network,
    clients: options.clients,
    nodeType: plan.cache.nodeType,
    shards: plan.cache.shards,
    replicasPerShard: plan.cache.replicasPerShard,
    protection,
  });

  new TerraformOutput(stack, 'db_writer_endpoint', { value: database.writerEndpoint, description: 'Primary host (use the proxy endpoint from applications)' });
  new TerraformOutput(stack, 'db_proxy_endpoint', { value: database.proxyEndpoint, description: 'RDS Proxy (writes; TLS and IAM auth required)' });
  new TerraformOutput(stack, 'db_reader_endpoint', { value: database.readerEndpoint, description: 'Weighted name over the read replicas' });
  new TerraformOutput(stack, 'db_replica_endpoints', { value: database.replicaEndpoints });
  new TerraformOutput(stack, 'db_port', { value: database.port });
  new TerraformOutput(stack, 'db_secret_arn', { value: database.secretArn, description: 'Secrets Manager secret of the master user' });
  new TerraformOutput(stack, 'db_security_group_id', { value: database.securityGroupId });
  new TerraformOutput(stack, 'cache_configuration_endpoint', { value: cache.configurationEndpoint, description: 'Cluster-mode configuration endpoint (TLS, IAM auth)' });
  new TerraformOutput(stack, 'cache_port', { value: cache.port });
  new TerraformOutput(stack, 'cache_user_name', { value: cache.applicationUserName, description: 'RBAC user that authenticates with an IAM token' });
  new TerraformOutput(stack, 'cache_security_group_id', { value: cache.securityGroupId });
  return { database, cache };
}
