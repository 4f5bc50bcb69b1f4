/**
 * An MSK cluster (Express brokers, IAM-only clients) in a VPC made elsewhere, with one producer
 * and one consumer group, each an EKS Pod Identity role granted exactly its topics:
 *
 * - the `transaction-service` publishes `wallet.funded`;
 * - the `fraud-detection` consumer group reads `wallet.funded` and publishes the events it
 *   failed to process to its dead-letter topic `fraud-detection.dlq`.
 *
 * The VPC, its data subnets, the clients' security group and the EKS cluster come in as
 * Terraform variables, so no resource id is written in code.
 */
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections, INetwork, KafkaTopic, MskCluster, Network, Protection, ServiceIdentity } from 'cdktf-million-rps';

/** Where the existing VPC lives. Set these to your own; ids are asked for at plan time. */
export const REGION = 'eu-central-1';
export const VPC_CIDR = '10.0.0.0/16';
/** The existing private data subnets, in the order `data_subnet_ids` lists their ids: one per AZ (Express brokers need three). */
export const DATA_SUBNETS: readonly { readonly availabilityZone: string; readonly cidr: string }[] = [
  { availabilityZone: 'eu-central-1a', cidr: '10.0.128.0/22' },
  { availabilityZone: 'eu-central-1b', cidr: '10.0.132.0/22' },
  { availabilityZone: 'eu-central-1c', cidr: '10.0.136.0/22' },
];

/**
 * Explicit sizes (the reference environments take them from the capacity model, `plan.kafka`).
 * express.m7g.large sustains 15.6 MB/s ingress and 31.2 MB/s egress per broker (AWS docs, Amazon
 * MSK Express broker quota); one broker per AZ is the smallest Express cluster.
 */
export const BROKER_INSTANCE_TYPE = 'express.m7g.large';
export const BROKER_COUNT = 3;

/** The event and its consumer group (the design notes' names). */
export const EVENT_TOPIC = 'wallet.funded';
export const CONSUMER_GROUP = 'fraud-detection';
/** Each consumer group has its own dead-letter topic, `<group>.dlq` (the capacity model's convention). */
export const DEAD_LETTER_TOPIC = `${CONSUMER_GROUP}.dlq`;

/**
 * The topics as typed config: partitions are a multiple of the brokers so leadership spreads
 * evenly; 6 lets up to 6 consumers of the group read in parallel. A week of retention (Kafka's
 * default), a month for the dead letters, which someone has to look at.
 */
export const TOPICS: KafkaTopic[] = [
  { name: EVENT_TOPIC, partitions: 6, retentionHours: 168 },
  { name: DEAD_LETTER_TOPIC, partitions: 3, retentionHours: 720 },
];

/** The services' namespace and service accounts (the Pod Identity associations name them). */
export const NAMESPACE = 'services';
export const PRODUCER = 'transaction-service';
export const CONSUMER = 'fraud-detection';

export class KafkaProducerConsumerStack extends TerraformStack {
  public readonly events: MskCluster;
  public readonly producer: ServiceIdentity;
  public readonly consumer: ServiceIdentity;

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
      description: 'Security group of the clients (the EKS node security group): the only group admitted to the IAM listener (9098)',
      validation: [{ condition: '${can(regex("^sg-[0-9a-f]+$", var.client_security_group_id))}', errorMessage: 'client_security_group_id must be a security group id such as sg-0123456789abcdef0.' }],
    });
    const eksClusterName = new TerraformVariable(this, 'eks_cluster_name', {
      type: 'string',
      description: 'Name of the EKS cluster whose pods assume the producer and consumer roles (EKS Pod Identity)',
    });

    const network: INetwork = Network.fromAttributes({
      vpcId: vpcId.stringValue,
      vpcCidr: VPC_CIDR,
      region: REGION,
      availabilityZones: DATA_SUBNETS.map((s) => s.availabilityZone),
      // The brokers use only the data subnets.
      publicSubnets: [],
      appSubnets: [],
      dataSubnets: DATA_SUBNETS.map((s, i) => ({ ...s, id: Fn.element(dataSubnetIds.listValue, i) })),
    });

    this.events = new MskCluster(this, 'events', {
      clusterName: 'wallet-events',
      network,
      instanceType: BROKER_INSTANCE_TYPE,
      brokerCount: BROKER_COUNT,
      topics: TOPICS,
      clients: [Connections.fromSecurityGroupId(this, 'clients', clientSecurityGroupId.stringValue)],
      // Destroys cleanly; Protection.PRODUCTION (the default) adds prevent_destroy and longer log retention.
      protection: Protection.NON_PRODUCTION,
    });

    const identity = (service: string) =>
      new ServiceIdentity(this, `identity-${service}`, { clusterName: eksClusterName.stringValue, namePrefix: 'wallet', serviceAccount: { namespace: NAMESPACE, name: service } });
    // The producer may publish to wallet.funded and nothing else.
    this.producer = identity(PRODUCER);
    this.events.grantProduce(this.producer, [EVENT_TOPIC]);
    // The consumer group reads wallet.funded as `fraud-detection` and publishes its failures to its dead-letter topic.
    this.consumer = identity(CONSUMER);
    this.events.grantConsume(this.consumer, [EVENT_TOPIC], CONSUMER_GROUP);
    this.events.grantProduce(this.consumer, [DEAD_LETTER_TOPIC]);

    new TerraformOutput(this, 'bootstrap_brokers', { value: this.events.bootstrapBrokersIam, description: 'KAFKA_BOOTSTRAP_SERVERS of both services (SASL/IAM over TLS, port 9098)' });
    new TerraformOutput(this, 'producer_role_arn', { value: this.producer.roleArn, description: `Pod Identity role of ${NAMESPACE}/${PRODUCER}` });
    new TerraformOutput(this, 'consumer_role_arn', { value: this.consumer.roleArn, description: `Pod Identity role of ${NAMESPACE}/${CONSUMER}` });
  }
}
