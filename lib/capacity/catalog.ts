import { invalid } from '../errors';
import { CACHE_OPS_PER_VCPU, MeasuredFigure, POSTGRES_READS_PER_VCPU, POSTGRES_WRITES_PER_VCPU } from './measured';
import { AWS_QUOTAS, Sourced, sourced } from './sourced';

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
const ELASTICACHE_NETWORK_DOC =
  `${ELASTICACHE_TYPES_DOC}: the node types' "Baseline bandwidth (Gbps)" and "Enhanced I/O (Redis OSS 5.0.6+)" / "Enhanced I/O Multiplexing (Redis OSS 7.0.4+)" columns (r7g as m7g: large 0.937 Gbps and no enhanced I/O; xlarge 1.876, 2xlarge 3.75, 4xlarge 7.5, 8xlarge 15 Gbps, with enhanced I/O)`;

export interface CacheNodeSpec {
  readonly nodeType: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /**
   * Engine operations per second one node's CPUs sustain (the services' GET/SET mix, 4 KiB
   * values, no pipelining): this repo's per-vCPU measurement over the vCPUs that do the work
   * (all of them with ElastiCache's enhanced I/O, which moves client I/O and parsing to
   * threads of their own; one without it), never above the vendor's per-vCPU peak.
   */
  readonly opsPerSecond: Sourced<number>;
  /** The node's sustained (baseline) network bandwidth, Gbit/s: bounds operations by their bytes. */
  readonly baselineGbps: Sourced<number>;
  /** Whether the node type has ElastiCache's enhanced I/O (and I/O multiplexing). */
  readonly enhancedIo: boolean;
  readonly source: string;
}

const CACHE: Record<string, { vcpus: number; memoryGiB: number; baselineGbps: number; enhancedIo: boolean }> = {
  'cache.r7g.large': { vcpus: 2, memoryGiB: 13.07, baselineGbps: 0.937, enhancedIo: false },
  'cache.r7g.xlarge': { vcpus: 4, memoryGiB: 26.32, baselineGbps: 1.876, enhancedIo: true },
  'cache.r7g.2xlarge': { vcpus: 8, memoryGiB: 52.82, baselineGbps: 3.75, enhancedIo: true },
  'cache.r7g.4xlarge': { vcpus: 16, memoryGiB: 105.81, baselineGbps: 7.5, enhancedIo: true },
  'cache.r7g.8xlarge': { vcpus: 32, memoryGiB: 209.55, baselineGbps: 15, enhancedIo: true },
  'cache.m7g.large': { vcpus: 2, memoryGiB: 6.38, baselineGbps: 0.937, enhancedIo: false },
  'cache.m7g.xlarge': { vcpus: 4, memoryGiB: 12.93, baselineGbps: 1.876, enhancedIo: true },
  'cache.m7g.2xlarge': { vcpus: 8, memoryGiB: 26.04, baselineGbps: 3.75, enhancedIo: true },
  'cache.m7g.4xlarge': { vcpus: 16, memoryGiB: 52.26, baselineGbps: 7.5, enhancedIo: true },
};

/** The engine ops one node's CPUs sustain: the measured per-vCPU figure over the working vCPUs, capped by the vendor's per-vCPU peak. */
function cacheNodeOps(row: { vcpus: number; enhancedIo: boolean }): Sourced<number> {
  const working = row.enhancedIo ? row.vcpus : 1;
  const perVcpu = CACHE_OPS_PER_VCPU.value;
  const ops = Math.floor(working * perVcpu);
  const how = row.enhancedIo
    ? `${working} vCPUs (enhanced I/O spreads client I/O and parsing over the node's vCPUs: ${ELASTICACHE_TYPES_DOC})`
    : '1 vCPU (no enhanced I/O on this node type: one engine thread does all the work)';
  return sourced(ops, `${fmtInt(perVcpu)} ops/s per vCPU x ${how} = ${fmtInt(ops)}; per vCPU: ${CACHE_OPS_PER_VCPU.source}`);
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

export function cacheNodeSpec(nodeType: string, where = 'capacity catalog'): CacheNodeSpec {
  const row = CACHE[nodeType];
  if (!row) {
    invalid(where, 'nodeType', nodeType, 'is not in the ElastiCache node catalog', `use one of ${Object.keys(CACHE).sort().join(', ')}, or add it with its source to lib/capacity/catalog.ts`);
  }
  return {
    nodeType,
    vcpus: row.vcpus,
    memoryGiB: row.memoryGiB,
    opsPerSecond: cacheNodeOps(row),
    baselineGbps: sourced(row.baselineGbps, ELASTICACHE_NETWORK_DOC),
    enhancedIo: row.enhancedIo,
    source: ELASTICACHE_TYPES_DOC,
  };
}

// ---------------------------------------------------------------- RDS

const RDS_CLASSES_DOC = 'AWS docs, DB instance classes, hardware specifications (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html)';
/** Graviton2 planned 20% below Graviton3 (AWS states up to 25% better performance for Graviton3). */
const PG_GRAVITON2_FACTOR = 0.8;

export interface DbInstanceSpec {
  readonly instanceClass: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Primary-key reads of a row of the request mix's size per second (what a read replica serves): this repo's per-vCPU measurement x vCPUs. */
  readonly readsPerSecond: Sourced<number>;
  /** Committed write transactions per second (what the primary serves): this repo's per-vCPU measurement x vCPUs. */
  readonly writesPerSecond: Sourced<number>;
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
  const per = (figure: MeasuredFigure): Sourced<number> => {
    const factor = row.graviton2 ? PG_GRAVITON2_FACTOR : 1;
    const value = Math.floor(row.vcpus * figure.value * factor);
    return sourced(value, `${fmtInt(figure.value)} per vCPU x ${row.vcpus} vCPUs${row.graviton2 ? ` x ${PG_GRAVITON2_FACTOR} (Graviton2 against Graviton3)` : ''} = ${fmtInt(value)}; per vCPU: ${figure.source}`);
  };
  return {
    instanceClass,
    vcpus: row.vcpus,
    memoryGiB: row.memoryGiB,
    readsPerSecond: per(POSTGRES_READS_PER_VCPU),
    writesPerSecond: per(POSTGRES_WRITES_PER_VCPU),
    source: RDS_CLASSES_DOC,
  };
}

/** RDS PostgreSQL default max_connections for a class: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function rdsDefaultMaxConnections(memoryGiB: number): number {
  const bytes = memoryGiB * 1024 ** 3;
  return Math.min(Math.floor(bytes / AWS_QUOTAS.rdsMaxConnectionsDivisor.value), AWS_QUOTAS.rdsMaxConnectionsCeiling.value);
}
