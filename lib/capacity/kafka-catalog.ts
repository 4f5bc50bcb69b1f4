import { invalid } from '../errors';
import { PLACEHOLDER, Sourced, sourced } from './sourced';

/**
 * Amazon MSK broker types and sizes the capacity model knows, each figure with its source.
 *
 * Express brokers have published per-broker throughput quotas; Standard brokers have none (their
 * throughput is bounded by the EBS volume, the EC2-to-EBS link and the network), so the model
 * plans them at a derated figure (below) and says so in the report.
 */

/** Which MSK broker type a cluster runs. */
export enum KafkaBrokerType {
  /** Express brokers (`express.m7g.*`): managed storage, published throughput quotas, 3 AZs only. */
  EXPRESS = 'express',
  /** Standard brokers (`kafka.m7g.*`): provisioned EBS storage with storage auto scaling. */
  STANDARD = 'standard',
}

/**
 * Checked against the docs corpus on 2026-12-02: the stored copies of limits.html show only the
 * section's heading, so the table's rows are the public transcriptions research/msk.md lists
 * (four, digit for digit); AWS's "Best practices for Express brokers" confirms the large size
 * (its worked example: "each express.m7g.large broker handles 15 MBps of ingress and 30 MBps of
 * egress", https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices-express.html).
 */
const EXPRESS_QUOTA_DOC =
  'AWS docs, Amazon MSK quota, "Amazon MSK Express broker quota" (https://docs.aws.amazon.com/msk/latest/developerguide/limits.html#msk-express-quota), sustained (recommended sizing) figures as transcribed; express.m7g.large (15 MBps in, 30 MBps out) confirmed by AWS docs, Best practices for Express brokers';
const STANDARD_PARTITIONS_DOC =
  'AWS docs, Best practices for Standard brokers, "Right-size your cluster: Number of partitions per Standard broker" (https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html): recommended partitions including replicas';
const STANDARD_THROUGHPUT_SOURCE =
  `${PLACEHOLDER}: MSK publishes no per-broker throughput for Standard brokers; planned at the AWS launch blog's largest figure ("m7g.16xl Standard brokers safely handling 154 MBps ingress", AWS News Blog 2024-11-07, Express brokers launch) scaled down linearly by vCPU (2.4 MB/s per vCPU), egress at twice ingress as for Express; replace with this repo's kafka-producer-perf-test measurement`;
const MSK_LIMITS_DOC = 'AWS docs, Amazon MSK quota (https://docs.aws.amazon.com/msk/latest/developerguide/limits.html)';

/** AWS limits and rules of MSK the model and the construct check. */
export const MSK_LIMITS = {
  /** Express brokers run in three AZs only. */
  expressAzCount: sourced(3, 'AWS docs, Best practices for Express brokers (https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices-express.html): "Your data is distributed across three availability zones", replication always 3, min in-sync replicas always 2'),
  /** Brokers per KRaft cluster (30 with ZooKeeper). */
  brokersPerCluster: sourced(60, `${MSK_LIMITS_DOC}: brokers per cluster, 60 for KRaft clusters (30 with ZooKeeper)`),
  /** Brokers per account (adjustable). */
  brokersPerAccount: sourced(90, `${MSK_LIMITS_DOC}: brokers per account (default, adjustable)`),
  /** Standard broker storage, GiB per broker. */
  minStorageGiB: sourced(1, `${MSK_LIMITS_DOC}: broker storage 1 GiB to 16,384 GiB`),
  maxStorageGiB: sourced(16_384, `${MSK_LIMITS_DOC}: broker storage 1 GiB to 16,384 GiB`),
  /** Replicas of every partition: one per AZ of a three-AZ cluster; Express fixes it at 3. */
  replicationFactor: sourced(3, 'AWS docs, Express brokers read-only configurations (https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-express-read-only.html): default.replication.factor 3 (checked 2026-12-02)'),
  /** With RF 3, two in-sync replicas keep a topic writable with one AZ (one replica) lost; Express fixes it at 2. */
  minInsyncReplicas: sourced(2, 'AWS docs, Express brokers read-only configurations: min.insync.replicas 2 (checked 2026-12-02); Standard best practice (https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html): RF 3 with min.insync.replicas RF - 1'),
  /** Most throughput one partition takes on Express brokers. */
  /** Not on an AWS page readable here (2026-12-02): the transcriptions of limits.html give it; a PLACEHOLDER until confirmed. */
  expressPartitionMBps: sourced(15, `${PLACEHOLDER}: maximum throughput per partition 15 MB/s, as transcribed from AWS docs, Amazon MSK Express broker quota (limits.html#msk-express-quota); not confirmed on an AWS page`),
  /** Planned per-partition throughput on Standard brokers (no published figure): the Express figure. */
  standardPartitionMBps: sourced(15, `${PLACEHOLDER}: no published per-partition figure for Standard brokers; planned at the Express one (limits.html)`),
} as const;

export interface KafkaBrokerSpec {
  readonly instanceType: string;
  readonly brokerType: KafkaBrokerType;
  readonly vcpus: number;
  /** Client ingress (produce) one broker sustains, MB/s. */
  readonly ingressMBps: Sourced<number>;
  /** Client egress (consume) one broker sustains, MB/s. */
  readonly egressMBps: Sourced<number>;
  /** Partitions (leaders and followers) per broker AWS recommends. */
  readonly recommendedPartitions: Sourced<number>;
}

interface Row {
  vcpus: number;
  ingress: number;
  egress: number;
  partitions: number;
}

/** Express sizes, per the quota table (sustained ingress, egress, recommended partitions). */
const EXPRESS: Record<string, Row> = {
  'express.m7g.large': { vcpus: 2, ingress: 15.6, egress: 31.2, partitions: 1_000 },
  'express.m7g.xlarge': { vcpus: 4, ingress: 31.2, egress: 62.5, partitions: 1_000 },
  'express.m7g.2xlarge': { vcpus: 8, ingress: 62.5, egress: 125, partitions: 2_500 },
  'express.m7g.4xlarge': { vcpus: 16, ingress: 124.9, egress: 249.8, partitions: 6_000 },
  'express.m7g.8xlarge': { vcpus: 32, ingress: 250, egress: 500, partitions: 12_000 },
  'express.m7g.12xlarge': { vcpus: 48, ingress: 375, egress: 750, partitions: 16_000 },
  'express.m7g.16xlarge': { vcpus: 64, ingress: 500, egress: 1_000, partitions: 20_000 },
};

/** Planned Standard ingress per vCPU: 154 MB/s on the 64-vCPU m7g.16xlarge. */
const STANDARD_INGRESS_MBPS_PER_VCPU = 154 / 64;
const STANDARD_EGRESS_PER_INGRESS = 2;

function standard(vcpus: number, partitions: number): Row {
  const ingress = Math.round(vcpus * STANDARD_INGRESS_MBPS_PER_VCPU * 10) / 10;
  return { vcpus, ingress, egress: ingress * STANDARD_EGRESS_PER_INGRESS, partitions };
}

/** Standard Graviton sizes (vCPUs per the EC2 m7g family); partitions per the best-practices table. */
const STANDARD: Record<string, Row> = {
  'kafka.m7g.large': standard(2, 1_000),
  'kafka.m7g.xlarge': standard(4, 1_000),
  'kafka.m7g.2xlarge': standard(8, 2_000),
  'kafka.m7g.4xlarge': standard(16, 4_000),
  'kafka.m7g.8xlarge': standard(32, 4_000),
  'kafka.m7g.12xlarge': standard(48, 4_000),
  'kafka.m7g.16xlarge': standard(64, 4_000),
};

/** Broker sizes of a type, smallest first. */
export function kafkaBrokerSizes(type: KafkaBrokerType): string[] {
  return Object.keys(type === KafkaBrokerType.EXPRESS ? EXPRESS : STANDARD);
}

/** Every broker instance type the catalog knows. */
export function knownKafkaBrokerTypes(): string[] {
  return [...Object.keys(EXPRESS), ...Object.keys(STANDARD)];
}

/** The broker type an instance type belongs to (`express.` or `kafka.` prefix), or undefined. */
export function brokerTypeOf(instanceType: string): KafkaBrokerType | undefined {
  if (instanceType.startsWith('express.')) return KafkaBrokerType.EXPRESS;
  if (instanceType.startsWith('kafka.')) return KafkaBrokerType.STANDARD;
  return undefined;
}

/** The figures of one broker size. Throws a ValidationError for a size not in the catalog. */
export function kafkaBrokerSpec(instanceType: string, where = 'capacity catalog'): KafkaBrokerSpec {
  const express = EXPRESS[instanceType];
  const row = express ?? STANDARD[instanceType];
  if (!row) {
    invalid(where, 'brokerSize', instanceType, 'is not in the MSK broker catalog', `use one of ${knownKafkaBrokerTypes().join(', ')}, or add the size with its source to lib/capacity/kafka-catalog.ts`);
  }
  if (express) {
    return {
      instanceType,
      brokerType: KafkaBrokerType.EXPRESS,
      vcpus: row.vcpus,
      ingressMBps: sourced(row.ingress, EXPRESS_QUOTA_DOC),
      egressMBps: sourced(row.egress, EXPRESS_QUOTA_DOC),
      recommendedPartitions: sourced(row.partitions, `${EXPRESS_QUOTA_DOC}: recommended partitions per broker (leaders and followers)`),
    };
  }
  return {
    instanceType,
    brokerType: KafkaBrokerType.STANDARD,
    vcpus: row.vcpus,
    ingressMBps: sourced(row.ingress, STANDARD_THROUGHPUT_SOURCE),
    egressMBps: sourced(row.egress, STANDARD_THROUGHPUT_SOURCE),
    recommendedPartitions: sourced(row.partitions, STANDARD_PARTITIONS_DOC),
  };
}
