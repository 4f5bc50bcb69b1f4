import { cacheNodeSpec, dbInstanceSpec, instanceSpec } from './catalog';
import { cacheNodeOps } from './cache';
import { databaseQps } from './database';
import { nodeAllocatable, podsPerNode, serviceRps } from './eks';
import { CapacityInputs, validateInputs } from './inputs';
import { CapacityPlan } from './plan';

/**
 * The sizing proposed in the design notes this project grew from
 * (/work/shared/design-notes: eksctl `--node-type t3.large --nodes 10 --nodes-min 5
 * --nodes-max 20`; `redis-cli --cluster create` with 6 nodes and `--cluster-replicas 1`;
 * `create-db-instance-read-replica --db-instance-class db.r6g.2xlarge` for two replicas;
 * nginx-lb-1..3), evaluated under the same model and the same environment inputs.
 */
export const DESIGN_NOTES_SIZING = {
  eksNodeType: 't3.large',
  eksNodesDesired: 10,
  eksNodesMin: 5,
  eksNodesMax: 20,
  redisShards: 3,
  redisReplicasPerShard: 1,
  dbReplicaClass: 'db.r6g.2xlarge',
  dbReplicas: 2,
  nginxInstances: 3,
} as const;

export interface DesignNotesRow {
  readonly tier: string;
  readonly proposed: string;
  /** What the comparison had to assume where the notes name no size. */
  readonly assumption: string;
  readonly capacityRps: number;
  readonly capacityRpsWithOneAzLost: number;
  /** What the model sizes for the same environment. */
  readonly modelSizing: string;
}

function survivors(n: number, az: number): number {
  return n - Math.ceil(n / az);
}

export function compareWithDesignNotes(inputs: CapacityInputs, plan: CapacityPlan): DesignNotesRow[] {
  validateInputs(inputs);
  const d = DESIGN_NOTES_SIZING;
  const { targetUtilization: u, azCount: az } = inputs;

  const nginxSpec = instanceSpec(inputs.nginx.instanceType);
  const perNginx = nginxSpec.vcpus * inputs.nginx.rpsPerVcpu.value * u;

  const t3 = instanceSpec(d.eksNodeType);
  const alloc = nodeAllocatable(t3, inputs.nodes);
  // Nodes needed per edge request/s: sum over services of pods per request/s over pods per node.
  let nodesPerRps = 0;
  for (const svc of inputs.services) {
    const perNode = podsPerNode(alloc, svc);
    const share = serviceRps(inputs, svc) / inputs.targetRps;
    nodesPerRps += perNode > 0 ? share / (svc.podRps.value * u) / perNode : Number.POSITIVE_INFINITY;
  }
  const eksCap = (nodes: number): number => (Number.isFinite(nodesPerRps) ? nodes / nodesPerRps : 0);

  const cacheSpec = cacheNodeSpec(inputs.cache.nodeType);
  const opsPerRequest = inputs.requestMix.cacheOpsPerRequest;
  const cacheCap = opsPerRequest > 0 ? (d.redisShards * cacheNodeOps(cacheSpec, inputs.requestMix).perNode * u) / opsPerRequest : Number.POSITIVE_INFINITY;

  const r6g = dbInstanceSpec(d.dbReplicaClass);
  const readPerRequest = databaseQps(inputs).read / inputs.targetRps;
  const dbCap = (n: number): number => (readPerRequest > 0 ? (n * r6g.readsPerSecond.value * u) / readPerRequest : Number.POSITIVE_INFINITY);

  const group = plan.eks.nodeGroups[0];
  return [
    {
      tier: 'nginx',
      proposed: `${d.nginxInstances} nginx load balancers`,
      assumption: `one ${nginxSpec.instanceType} each (${nginxSpec.vcpus} vCPU), ${inputs.nginx.rpsPerVcpu.value.toLocaleString('en-US')} req/s per vCPU`,
      capacityRps: Math.floor(d.nginxInstances * perNginx),
      capacityRpsWithOneAzLost: Math.floor(survivors(d.nginxInstances, az) * perNginx),
      modelSizing: `${plan.nginx.desiredCapacity} x ${plan.nginx.instanceType}`,
    },
    {
      tier: 'EKS nodes',
      proposed: `${d.eksNodesDesired} x ${d.eksNodeType} (scaling ${d.eksNodesMin}-${d.eksNodesMax})`,
      assumption: `at the max of ${d.eksNodesMax} nodes; same pods and requests as the model; ${alloc.cpuMillicores}m CPU allocatable per node`,
      capacityRps: Math.floor(eksCap(d.eksNodesMax)),
      capacityRpsWithOneAzLost: Math.floor(eksCap(survivors(d.eksNodesMax, az))),
      modelSizing: group ? `${plan.eks.nodeGroups.length} x ${group.instanceTypes[0]} groups, max ${group.maxSize} per AZ (${group.maxSize * plan.eks.nodeGroups.length} nodes)` : 'none',
    },
    {
      tier: 'Redis / ElastiCache',
      proposed: `${d.redisShards * (1 + d.redisReplicasPerShard)} nodes: ${d.redisShards} shards x ${d.redisReplicasPerShard} replica`,
      assumption: `nodes as large as the model's (${cacheSpec.nodeType}); replicas not serving reads`,
      capacityRps: Math.floor(cacheCap),
      capacityRpsWithOneAzLost: Math.floor(cacheCap),
      modelSizing: `${plan.cache.shards} shards x (1 + ${plan.cache.replicasPerShard}) ${plan.cache.nodeType}`,
    },
    {
      tier: 'PostgreSQL read replicas',
      proposed: `${d.dbReplicas} x ${d.dbReplicaClass}`,
      assumption: `${r6g.readsPerSecond.value.toLocaleString('en-US')} reads/s per replica; same read share and cache hit ratio as the model`,
      capacityRps: Math.floor(dbCap(d.dbReplicas)),
      capacityRpsWithOneAzLost: Math.floor(dbCap(survivors(d.dbReplicas, Math.min(az, d.dbReplicas)))),
      modelSizing: `${plan.database.replicaCount} x ${plan.database.replicaInstanceClass} (primary ${plan.database.primaryInstanceClass})`,
    },
  ];
}
