import { KafkaPlan } from '../../lib/capacity';
import { Protection } from '../../lib/protection';
import { IConnectable } from '../connections';
import { EncryptionKey } from '../encryption-key';
import { INetwork } from '../network';
import { KafkaVersion } from './kafka-version';

/** Broker metrics MSK sends to CloudWatch beyond the free DEFAULT level (charged per metric). */
export enum EnhancedMonitoring {
  DEFAULT = 'DEFAULT',
  PER_BROKER = 'PER_BROKER',
  PER_TOPIC_PER_BROKER = 'PER_TOPIC_PER_BROKER',
  PER_TOPIC_PER_PARTITION = 'PER_TOPIC_PER_PARTITION',
}

/** A topic of the cluster, as the capacity model plans it (`plan.kafka.topics`) or as you state it. */
export interface KafkaTopic {
  /** Kafka topic name: letters, digits, `.`, `_` and `-`, at most 249 characters. */
  readonly name: string;
  readonly partitions: number;
  /** @default 3 */
  readonly replicationFactor?: number;
  /** `retention.ms` in hours. @default 168 */
  readonly retentionHours?: number;
  /** `delete` or `compact`. @default 'delete' */
  readonly cleanupPolicy?: string;
}

export interface MskClusterProps {
  /** Cluster name: letters, digits and hyphens, starting with a letter, at most 64 characters. */
  readonly clusterName: string;
  /** The brokers go in its data subnets, one subnet per AZ, brokers spread evenly. */
  readonly network: INetwork;
  /**
   * The cluster's slice of the capacity plan (`plan.kafka`): broker type, size and count, EBS
   * volume (Standard) and topics. Explicit props below must agree with it.
   * @default - size the cluster with the explicit props
   */
  readonly capacity?: KafkaPlan;
  /** Broker instance type: `express.m7g.*` (Express) or `kafka.m7g.*` (Standard). @default - the plan's */
  readonly instanceType?: string;
  /** Brokers in total, a multiple of the network's AZ count. @default - the plan's */
  readonly brokerCount?: number;
  /** Standard brokers: EBS volume per broker, GiB (1 to 16,384). Not allowed for Express. @default - the plan's */
  readonly volumeSizeGiB?: number;
  /** Standard brokers: storage auto scaling ceiling, GiB. @default - the plan's, else 4 x volumeSizeGiB */
  readonly maxVolumeSizeGiB?: number;
  /** Topics the cluster carries (grants are checked against them). @default - the plan's, else none */
  readonly topics?: readonly KafkaTopic[];
  /** @default - KafkaVersion.V3_9_X for Express, KafkaVersion.V3_9_X_KRAFT for Standard */
  readonly kafkaVersion?: KafkaVersion;
  /**
   * Clients admitted on the IAM listener (9098), e.g. the EKS cluster. More with
   * `connections.allowDefaultPortFrom(client)`.
   * @default [] - nobody
   */
  readonly clients?: readonly IConnectable[];
  /**
   * Scrapers admitted on the open-monitoring exporters (JMX 11001, node 11002), e.g. the EKS
   * cluster running Prometheus. More with {@link MskCluster.allowMonitoringFrom}.
   * @default [] - nobody
   */
  readonly monitoringClients?: readonly IConnectable[];
  /** @default EnhancedMonitoring.PER_BROKER */
  readonly enhancedMonitoring?: EnhancedMonitoring;
  /** Key encrypting the data at rest and the broker logs. @default - a new rotating key */
  readonly encryptionKey?: EncryptionKey;
  /**
   * With `retainOnDestroy`, `prevent_destroy` on the cluster, its key and its log group; log
   * retention defaults to its figure.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /** Days to keep the broker logs. @default - the protection's `logRetentionDays` */
  readonly logRetentionDays?: number;
}
