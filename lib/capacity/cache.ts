import { invalid } from '../errors';
import { CacheNodeSpec, cacheNodeSpec } from './catalog';
import { CapacityInputs, RequestMix } from './inputs';
import { CachePlan, TierReport } from './plan';
import { AWS_QUOTAS } from './sourced';
import { ceilClean, floorClean, fmt } from './spread';

const DEFAULT_MIN_REPLICAS_PER_SHARD = 1;
const DEFAULT_MAX_MEMORY_SHARE = 0.75;
const BITS_PER_BYTE = 8;
const BITS_PER_GBIT = 1e9;

/**
 * Bytes on the wire per cache operation besides the value: the RESP command, key and
 * framing (about 60 bytes for `GET record:<id>` and the bulk-string header of the answer)
 * and the TCP/IP headers of request and answer in a 9,001-byte-MTU VPC (2 x 52 bytes with
 * timestamps); rounded up. The value is the request mix's response size (the cache holds
 * what the services answer).
 */
export const CACHE_BYTES_PER_OPERATION_OVERHEAD = 192;

/** What one node carries: the lower of its CPUs' operations and what its baseline bandwidth moves at the mix's value size. */
export function cacheNodeOps(spec: CacheNodeSpec, mix: Pick<RequestMix, 'averageResponseBytes'>): { cpuOps: number; networkOps: number; perNode: number; bytesPerOp: number } {
  const bytesPerOp = mix.averageResponseBytes + CACHE_BYTES_PER_OPERATION_OVERHEAD;
  const networkOps = Math.floor((spec.baselineGbps.value * BITS_PER_GBIT) / BITS_PER_BYTE / bytesPerOp);
  const cpuOps = spec.opsPerSecond.value;
  return { cpuOps, networkOps, perNode: Math.min(cpuOps, networkOps), bytesPerOp };
}

/**
 * ElastiCache (cluster mode): operations/s = target x cache ops per request, all served
 * by shard primaries (replicas are for failover, not counted for reads: conservative).
 * A node's operations are the lower of what its CPUs sustain (this repo's measured figure,
 * catalog.ts) and what its baseline network bandwidth carries at the mix's value size.
 * Shards cover the operations at the target utilisation and, when a dataset size is
 * given, the dataset at `maxMemoryShare` of node memory. Surviving an AZ loss needs a
 * replica of every shard in each other AZ (replicas = azCount - 1), so a failover
 * promotes a replica and no shard loses its primary capacity.
 */
export function planCache(inputs: CapacityInputs, where: string): { plan: CachePlan; tier: TierReport } {
  const { targetRps: rps, targetUtilization: u, azCount: az, survivesAzLoss } = inputs;
  const spec = cacheNodeSpec(inputs.cache.nodeType, `${where} cache`);
  const { cpuOps, networkOps, perNode } = cacheNodeOps(spec, inputs.requestMix);
  const bound = cpuOps <= networkOps ? 'CPU' : 'network';
  const ops = rps * inputs.requestMix.cacheOpsPerRequest;
  const shardsByOps = ceilClean(ops / u / perNode);
  const dataset = inputs.cache.datasetGiB ?? 0;
  const memShare = inputs.cache.maxMemoryShare ?? DEFAULT_MAX_MEMORY_SHARE;
  const shardsByMemory = dataset > 0 ? ceilClean(dataset / (spec.memoryGiB * memShare)) : 0;
  const shards = Math.max(1, shardsByOps, shardsByMemory);
  const replicasPerShard = Math.max(inputs.cache.minReplicasPerShard ?? DEFAULT_MIN_REPLICAS_PER_SHARD, survivesAzLoss ? az - 1 : 0);
  const maxReplicas = AWS_QUOTAS.elastiCacheMaxReplicasPerShard.value;
  if (replicasPerShard > maxReplicas) {
    invalid(`${where} cache`, 'replicasPerShard', replicasPerShard, `exceeds the AWS limit of ${maxReplicas} replicas per shard`, 'use fewer AZs or lower cache.minReplicasPerShard');
  }
  const totalNodes = shards * (1 + replicasPerShard);
  const nodeQuota = AWS_QUOTAS.elastiCacheNodesPerCluster.value;
  if (totalNodes > nodeQuota) {
    invalid(
      `${where} cache`,
      'totalNodes',
      totalNodes,
      `exceeds the AWS quota "Nodes per cluster" (${nodeQuota}; ${shards} shards x ${1 + replicasPerShard} nodes)`,
      'choose a larger cache.nodeType (more operations per node), lower requestMix.cacheOpsPerRequest, or split the data over several clusters',
    );
  }
  const notes: string[] = [];
  if (totalNodes > AWS_QUOTAS.elastiCacheDefaultNodesPerCluster.value) {
    notes.push(`${totalNodes} nodes exceed the default ${AWS_QUOTAS.elastiCacheDefaultNodesPerCluster.value} nodes per cluster: request the quota increase (up to ${nodeQuota}).`);
  }
  const opsPerRequest = inputs.requestMix.cacheOpsPerRequest;
  const capacity = opsPerRequest > 0 ? (shards * perNode * u) / opsPerRequest : Number.POSITIVE_INFINITY;
  // Without replicas the shards whose primary sat in the lost AZ are gone (shards spread over the AZs).
  const survivingShards = replicasPerShard >= 1 ? shards : shards - Math.ceil(shards / az);
  const capacityAzLost = (capacity * survivingShards) / shards;
  const tier: TierReport = {
    name: 'ElastiCache (cluster mode)',
    inputs: [
      ['cache ops / request', fmt(opsPerRequest, 2), 'environment config (request mix)'],
      ['node type', `${spec.nodeType} (${spec.vcpus} vCPU, ${fmt(spec.memoryGiB, 2)} GiB)`, spec.source],
      ['ops/s per node (CPU)', fmt(cpuOps), spec.opsPerSecond.source],
      [
        'ops/s per node (network)',
        `${spec.baselineGbps.value} Gbit/s / 8 / (${fmt(inputs.requestMix.averageResponseBytes)} B value + ${CACHE_BYTES_PER_OPERATION_OVERHEAD} B) = ${fmt(networkOps)}`,
        `${spec.baselineGbps.source}; value size: environment config (request mix); overhead: CACHE_BYTES_PER_OPERATION_OVERHEAD (RESP framing, key, TCP/IP headers)`,
      ],
      ['dataset', dataset > 0 ? `${fmt(dataset)} GiB at ${memShare} of node memory` : 'not modelled (throughput-bound)', 'environment config'],
      ['nodes per cluster (quota)', fmt(nodeQuota), AWS_QUOTAS.elastiCacheNodesPerCluster.source],
    ],
    formula:
      `ops/s per node = min(${fmt(cpuOps)} CPU, ${fmt(networkOps)} network) = ${fmt(perNode)} (${bound}-bound); ` +
      `shards = max(ceil(${fmt(ops)} ops/s / ${u} / ${fmt(perNode)}) = ${shardsByOps}` +
      (dataset > 0 ? `, ceil(${fmt(dataset)} GiB / (${fmt(spec.memoryGiB, 2)} x ${memShare})) = ${shardsByMemory}` : '') +
      `) = ${shards}; replicas/shard = max(${inputs.cache.minReplicasPerShard ?? DEFAULT_MIN_REPLICAS_PER_SHARD}${survivesAzLoss ? `, ${az} AZs - 1` : ''}) = ${replicasPerShard}`,
    result: `${shards} shard(s) x (1 primary + ${replicasPerShard} replica(s)) = ${totalNodes} x ${spec.nodeType}`,
    capacityRps: floorClean(capacity),
    capacityRpsWithOneAzLost: floorClean(capacityAzLost),
    notes,
  };
  return { plan: { environment: inputs.environment, azCount: az, nodeType: spec.nodeType, shards, replicasPerShard, totalNodes, engineCpuOpsPerNode: perNode, opsPerSecondAtTarget: ops }, tier };
}
