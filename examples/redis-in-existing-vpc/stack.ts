/**
 * A Valkey cluster (cluster mode, TLS, IAM authentication, KMS encryption) in a VPC that
 * another team or another Terraform configuration already manages. Nothing but the cache
 * is created: the VPC, its subnets and the clients' security group come in as Terraform
 * variables, so no resource id is written in code.
 */
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections, INetwork, Network, Protection, RedisCluster, SubnetInfo } from 'cdktf-million-rps';

/** Where the existing VPC lives. Set these to your own; ids are asked for at plan time. */
export const REGION = 'eu-central-1';
/** The VPC's CIDR; the cache admits clients by security group, but INetwork carries it for constructs that trust the VPC's addresses. */
export const VPC_CIDR = '10.0.0.0/16';
/** The existing private data subnets, in the order `data_subnet_ids` lists their ids: one per AZ. */
export const DATA_SUBNETS: readonly { readonly availabilityZone: string; readonly cidr: string }[] = [
  { availabilityZone: 'eu-central-1a', cidr: '10.0.128.0/22' },
  { availabilityZone: 'eu-central-1b', cidr: '10.0.132.0/22' },
  { availabilityZone: 'eu-central-1c', cidr: '10.0.136.0/22' },
];

/**
 * Explicit sizes (the environment-50k-rps example takes them from the capacity model).
 * cache.r7g.large: 2 vCPUs, 13.07 GiB (https://aws.amazon.com/elasticache/pricing/); two
 * shards hold ~26 GiB of keys and split the writes; one replica per shard gives each shard
 * a Multi-AZ failover target.
 */
export const CACHE_NODE_TYPE = 'cache.r7g.large';
export const CACHE_SHARDS = 2;
export const CACHE_REPLICAS_PER_SHARD = 1;

export class RedisInExistingVpcStack extends TerraformStack {
  public readonly cache: RedisCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION });

    const vpcId = new TerraformVariable(this, 'vpc_id', {
      type: 'string',
      description: 'Id of the existing VPC (vpc-...)',
      validation: [{ condition: '${can(regex("^vpc-[0-9a-f]+$", var.vpc_id))}', errorMessage: 'vpc_id must be a VPC id such as vpc-0123456789abcdef0.' }],
    });
    const dataSubnetIds = new TerraformVariable(this, 'data_subnet_ids', {
      type: 'list(string)',
      description: `Ids of the existing private data subnets, one per AZ, in this order: ${DATA_SUBNETS.map((s) => s.availabilityZone).join(', ')}`,
      validation: [
        {
          condition: `\${length(var.data_subnet_ids) == ${DATA_SUBNETS.length} && alltrue([for id in var.data_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])}`,
          errorMessage: `data_subnet_ids must list ${DATA_SUBNETS.length} subnet ids (subnet-...), one per AZ of DATA_SUBNETS in stack.ts.`,
        },
      ],
    });
    const clientSecurityGroupId = new TerraformVariable(this, 'client_security_group_id', {
      type: 'string',
      description: 'Security group of the clients (for example the EKS node security group); the only group admitted to the cache port',
      validation: [{ condition: '${can(regex("^sg-[0-9a-f]+$", var.client_security_group_id))}', errorMessage: 'client_security_group_id must be a security group id such as sg-0123456789abcdef0.' }],
    });

    const dataSubnets: SubnetInfo[] = DATA_SUBNETS.map((s, i) => ({ ...s, id: Fn.element(dataSubnetIds.listValue, i) }));
    const network: INetwork = Network.fromAttributes({
      vpcId: vpcId.stringValue,
      vpcCidr: VPC_CIDR,
      region: REGION,
      availabilityZones: DATA_SUBNETS.map((s) => s.availabilityZone),
      // The cache uses only the data subnets.
      publicSubnets: [],
      appSubnets: [],
      dataSubnets,
    });

    this.cache = new RedisCluster(this, 'cache', {
      replicationGroupId: 'orders-cache',
      network,
      // A group made elsewhere: admitted on the cache port (it keeps its own outbound rules).
      clients: [Connections.fromSecurityGroupId(this, 'clients', clientSecurityGroupId.stringValue)],
      nodeType: CACHE_NODE_TYPE,
      shards: CACHE_SHARDS,
      replicasPerShard: CACHE_REPLICAS_PER_SHARD,
      // Destroys cleanly; Protection.PRODUCTION (the default) adds prevent_destroy, a final snapshot and a week of snapshots.
      protection: Protection.NON_PRODUCTION,
    });

    new TerraformOutput(this, 'configuration_endpoint', { value: this.cache.configurationEndpoint, description: 'Cluster-mode configuration endpoint (TLS)' });
    new TerraformOutput(this, 'port', { value: this.cache.port });
    new TerraformOutput(this, 'user_name', { value: this.cache.applicationUserName, description: 'User that authenticates with an IAM token (elasticache:Connect)' });
    new TerraformOutput(this, 'user_arn', { value: this.cache.applicationUserArn, description: 'Grant elasticache:Connect on this and the replication group ARN' });
    new TerraformOutput(this, 'replication_group_arn', { value: this.cache.replicationGroupArn });
  }
}
