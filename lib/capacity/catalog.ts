import { invalid } from '../errors';
import { AWS_QUOTAS, PLACEHOLDER, Sourced, sourced } from './sourced';

/**
 * Instance catalog: the EC2 instance types, ElastiCache node types and RDS instance
 * classes the model knows, each figure with its source. Add a type here (with its
 * source) to make it available to the model and to the constructs.
 */

const EC2_TYPES_DOC = 'AWS docs, Amazon EC2 instance type specifications (https://docs.aws.amazon.com/ec2/latest/instancetypes/)';
const ENI_DOC = 'AWS docs, Maximum IP addresses per network interface (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html), cross-checked with amazon-eks-ami eni-max-pods.txt';

export interface InstanceSpec {
  readonly instanceType: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Maximum network interfaces (ENIs). */
  readonly maxEnis: number;
  /** Private IPv4 addresses per ENI. */
  readonly ipv4PerEni: number;
  /** EKS max pods with VPC CNI prefix delegation, after the 110/250 ceiling. */
  readonly maxPodsPrefixDelegation: number;
  /** EKS max pods without prefix delegation (secondary IPs): ENIs * (IPs per ENI - 1) + 2. */
  readonly maxPodsSecondaryIps: number;
  /** Network bandwidth, Gbps ("up to" for burstable network). */
  readonly networkGbps: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly source: string;
}

interface Ec2Row {
  vcpus: number;
  memoryGiB: number;
  maxEnis: number;
  ipv4PerEni: number;
  networkGbps: number;
}

const SIZES_C7: Record<string, Ec2Row> = {
  large: { vcpus: 2, memoryGiB: 4, maxEnis: 3, ipv4PerEni: 10, networkGbps: 12.5 },
  xlarge: { vcpus: 4, memoryGiB: 8, maxEnis: 4, ipv4PerEni: 15, networkGbps: 12.5 },
  '2xlarge': { vcpus: 8, memoryGiB: 16, maxEnis: 4, ipv4PerEni: 15, networkGbps: 15 },
  '4xlarge': { vcpus: 16, memoryGiB: 32, maxEnis: 8, ipv4PerEni: 30, networkGbps: 15 },
  '8xlarge': { vcpus: 32, memoryGiB: 64, maxEnis: 8, ipv4PerEni: 30, networkGbps: 15 },
  '16xlarge': { vcpus: 64, memoryGiB: 128, maxEnis: 15, ipv4PerEni: 50, networkGbps: 30 },
};

/** Network bandwidth (Gbps, "up to" below 8xlarge) of the Intel 7th-generation sizes; Graviton3 sizes use SIZES_C7's. */
const NETWORK_GBPS_X86_7: Record<string, number> = { large: 12.5, xlarge: 12.5, '2xlarge': 12.5, '4xlarge': 12.5, '8xlarge': 12.5, '16xlarge': 25 };

function family(prefix: string, memoryPerVcpuGiB: number, arch: InstanceSpec['architecture']): Record<string, Ec2Row & { arch: InstanceSpec['architecture'] }> {
  const out: Record<string, Ec2Row & { arch: InstanceSpec['architecture'] }> = {};
  for (const [size, row] of Object.entries(SIZES_C7)) {
    const networkGbps = arch === 'x86_64' ? NETWORK_GBPS_X86_7[size] : row.networkGbps;
    out[`${prefix}.${size}`] = { ...row, memoryGiB: row.vcpus * memoryPerVcpuGiB, networkGbps, arch };
  }
  return out;
}

const EC2: Record<string, Ec2Row & { arch: InstanceSpec['architecture'] }> = {
  ...family('c7g', 2, 'arm64'),
  ...family('c7i', 2, 'x86_64'),
  ...family('m7g', 4, 'arm64'),
  ...family('m7i', 4, 'x86_64'),
  // Memory-optimized sizes of the same generations: the same vCPUs, ENIs and IPs per size,
  // twice m7's memory. Spot fleets add them as further pools (spotInstanceTypes).
  ...family('r7g', 8, 'arm64'),
  ...family('r7i', 8, 'x86_64'),
  // The design notes' EKS node type, kept so the report can show what it would carry.
  't3.large': { vcpus: 2, memoryGiB: 8, maxEnis: 3, ipv4PerEni: 12, networkGbps: 5, arch: 'x86_64' },
};

/** max pods per the amazon-eks-ami calculator: ENIs * ((IPs per ENI - 1) * 16) + 2, capped at 110 (<= 30 vCPUs) or 250. */
export function maxPodsWithPrefixDelegation(vcpus: number, maxEnis: number, ipv4PerEni: number): number {
  const byAddresses = maxEnis * ((ipv4PerEni - 1) * AWS_QUOTAS.eksIpsPerPrefix.value) + 2;
  const ceiling = vcpus > AWS_QUOTAS.eksMaxPodsHighCpuThresholdVcpus.value ? AWS_QUOTAS.eksMaxPodsCeilingHighCpu.value : AWS_QUOTAS.eksMaxPodsCeilingLowCpu.value;
  return Math.min(ceiling, byAddresses);
}

/** Known EC2 instance types, sorted. */
export function knownInstanceTypes(): string[] {
  return Object.keys(EC2).sort();
}

/** The EC2 instance type's figures. Throws a ValidationError for a type not in the catalog. */
export function instanceSpec(instanceType: string, where = 'capacity catalog'): InstanceSpec {
  const row = EC2[instanceType];
  if (!row) {
    const hint = instanceType.startsWith('cache.') ? ' (an ElastiCache node type: use cacheNodeSpec)' : instanceType.startsWith('db.') ? ' (an RDS class: use dbInstanceSpec)' : '';
    invalid(where, 'instanceType', instanceType, `is not in the instance catalog${hint}`, `use one of ${knownInstanceTypes().join(', ')}, or add the type with its source to lib/capacity/catalog.ts`);
  }
  return {
    instanceType,
    vcpus: row.vcpus,
    memoryMiB: row.memoryGiB * 1024,
    maxEnis: row.maxEnis,
    ipv4PerEni: row.ipv4PerEni,
    maxPodsPrefixDelegation: maxPodsWithPrefixDelegation(row.vcpus, row.maxEnis, row.ipv4PerEni),
    maxPodsSecondaryIps: row.maxEnis * (row.ipv4PerEni - 1) + 2,
    networkGbps: row.networkGbps,
    architecture: row.arch,
    source: `${EC2_TYPES_DOC}; ENIs/IPs: ${ENI_DOC}`,
  };
}

/**
 * The instance types a Spot fleet of `instanceType` may launch, the planned type first: the
 * same architecture, generation and vCPUs, at least its memory, ENIs and IPs (so the planned
 * pods per node and per-vCPU throughput hold on any of them). Several pools of one size are
 * what capacity-optimized allocation needs, and the cluster autoscaler requires a managed node
 * group's types to share CPU and memory shape (the larger memory is simply unused).
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html#managed-node-group-capacity-types
 */
export function spotInstanceTypes(instanceType: string, where = 'capacity catalog'): string[] {
  const base = instanceSpec(instanceType, where);
  const generation = (type: string) => type.replace(/^[a-z]+(\d+)([a-z]*)\..*$/, '$1$2');
  const fits = (type: string) => {
    const s = instanceSpec(type, where);
    return s.architecture === base.architecture && s.vcpus === base.vcpus && s.memoryMiB >= base.memoryMiB && s.maxEnis >= base.maxEnis && s.ipv4PerEni >= base.ipv4PerEni && generation(type) === generation(instanceType);
  };
  const others = knownInstanceTypes().filter((t) => t !== instanceType && fits(t));
  return [instanceType, ...others.sort((a, b) => instanceSpec(a).memoryMiB - instanceSpec(b).memoryMiB || a.localeCompare(b))];
}

// ---------------------------------------------------------------- ElastiCache

const ELASTICACHE_TYPES_DOC = 'AWS docs, Supported node types, ElastiCache (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)';
const ELASTICACHE_71_BLOG =
  'AWS Database Blog, "Achieve over 500 million requests per second per cluster with Amazon ElastiCache for Redis 7.1" (https://aws.amazon.com/blogs/database/achieve-over-500-million-requests-per-second-per-cluster-with-amazon-elasticache-for-redis-7-1/): over 1 million requests/s per node on r7g.4xlarge';
const CACHE_SMALL_NODE_PLACEHOLDER =
  `${PLACEHOLDER}: conservative planning figure (the AWS 7.1 blog publishes only the r7g.4xlarge figure); replace with this repo's redis-benchmark / memtier measurement`;

export interface CacheNodeSpec {
  readonly nodeType: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Engine operations per second one node sustains (GET/SET mix, no pipelining). */
  readonly opsPerSecond: Sourced<number>;
  readonly source: string;
}

const CACHE: Record<string, { vcpus: number; memoryGiB: number; ops: Sourced<number> }> = {
  'cache.r7g.large': { vcpus: 2, memoryGiB: 13.07, ops: sourced(100_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.r7g.xlarge': { vcpus: 4, memoryGiB: 26.32, ops: sourced(200_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.r7g.2xlarge': { vcpus: 8, memoryGiB: 52.82, ops: sourced(400_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.r7g.4xlarge': { vcpus: 16, memoryGiB: 105.81, ops: sourced(1_000_000, ELASTICACHE_71_BLOG) },
  'cache.r7g.8xlarge': { vcpus: 32, memoryGiB: 209.55, ops: sourced(1_000_000, `${ELASTICACHE_71_BLOG} (larger nodes planned at the same figure)`) },
  'cache.m7g.large': { vcpus: 2, memoryGiB: 6.38, ops: sourced(100_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.m7g.xlarge': { vcpus: 4, memoryGiB: 12.93, ops: sourced(200_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.m7g.2xlarge': { vcpus: 8, memoryGiB: 26.04, ops: sourced(400_000, CACHE_SMALL_NODE_PLACEHOLDER) },
  'cache.m7g.4xlarge': { vcpus: 16, memoryGiB: 52.26, ops: sourced(1_000_000, `${ELASTICACHE_71_BLOG} (same vCPU count as r7g.4xlarge)`) },
};

export function cacheNodeSpec(nodeType: string, where = 'capacity catalog'): CacheNodeSpec {
  const row = CACHE[nodeType];
  if (!row) {
    invalid(where, 'nodeType', nodeType, 'is not in the ElastiCache node catalog', `use one of ${Object.keys(CACHE).sort().join(', ')}, or add it with its source to lib/capacity/catalog.ts`);
  }
  return { nodeType, vcpus: row.vcpus, memoryGiB: row.memoryGiB, opsPerSecond: row.ops, source: ELASTICACHE_TYPES_DOC };
}

// ---------------------------------------------------------------- RDS

const RDS_CLASSES_DOC = 'AWS docs, DB instance classes, hardware specifications (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html)';
const PG_QPS_PLACEHOLDER =
  `${PLACEHOLDER}: conservative planning figure of 4,000 indexed point queries/s per vCPU (well under published pgbench select-only results); replace with this repo's pgbench measurement`;
const PG_QPS_PER_VCPU = 4_000;
/** Graviton2 planned 20% below Graviton3 (AWS states up to 25% better performance for Graviton3). */
const PG_GRAVITON2_FACTOR = 0.8;

export interface DbInstanceSpec {
  readonly instanceClass: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Simple indexed queries per second one instance sustains. */
  readonly queriesPerSecond: Sourced<number>;
  readonly source: string;
}

const DB: Record<string, { vcpus: number; memoryGiB: number; graviton2?: boolean }> = {
  'db.r7g.large': { vcpus: 2, memoryGiB: 16 },
  'db.r7g.xlarge': { vcpus: 4, memoryGiB: 32 },
  'db.r7g.2xlarge': { vcpus: 8, memoryGiB: 64 },
  'db.r7g.4xlarge': { vcpus: 16, memoryGiB: 128 },
  'db.r7g.8xlarge': { vcpus: 32, memoryGiB: 256 },
  'db.r7g.12xlarge': { vcpus: 48, memoryGiB: 384 },
  'db.r7g.16xlarge': { vcpus: 64, memoryGiB: 512 },
  'db.r6g.large': { vcpus: 2, memoryGiB: 16, graviton2: true },
  'db.r6g.xlarge': { vcpus: 4, memoryGiB: 32, graviton2: true },
  'db.r6g.2xlarge': { vcpus: 8, memoryGiB: 64, graviton2: true },
  'db.r6g.4xlarge': { vcpus: 16, memoryGiB: 128, graviton2: true },
  'db.r6g.8xlarge': { vcpus: 32, memoryGiB: 256, graviton2: true },
};

export function dbInstanceSpec(instanceClass: string, where = 'capacity catalog'): DbInstanceSpec {
  const row = DB[instanceClass];
  if (!row) {
    invalid(where, 'instanceClass', instanceClass, 'is not in the RDS instance class catalog', `use one of ${Object.keys(DB).sort().join(', ')}, or add it with its source to lib/capacity/catalog.ts`);
  }
  const qps = Math.floor(row.vcpus * PG_QPS_PER_VCPU * (row.graviton2 ? PG_GRAVITON2_FACTOR : 1));
  return {
    instanceClass,
    vcpus: row.vcpus,
    memoryGiB: row.memoryGiB,
    queriesPerSecond: sourced(qps, row.graviton2 ? `${PG_QPS_PLACEHOLDER}; Graviton2 at ${PG_GRAVITON2_FACTOR} of Graviton3` : PG_QPS_PLACEHOLDER),
    source: RDS_CLASSES_DOC,
  };
}

/** RDS PostgreSQL default max_connections for a class: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function rdsDefaultMaxConnections(memoryGiB: number): number {
  const bytes = memoryGiB * 1024 ** 3;
  return Math.min(Math.floor(bytes / AWS_QUOTAS.rdsMaxConnectionsDivisor.value), AWS_QUOTAS.rdsMaxConnectionsCeiling.value);
}
