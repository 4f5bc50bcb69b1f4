/**
 * What the model hands to constructs and stacks: whole units, rounded up, plus one
 * `TierReport` per tier showing the math.
 */

/** One input line of a tier's report: label, value, source. */
export type TierInput = readonly [label: string, value: string, source: string];

export interface TierReport {
  readonly name: string;
  readonly inputs: readonly TierInput[];
  /** The formula, with the numbers filled in. */
  readonly formula: string;
  /** The sizes the tier gets, in words. */
  readonly result: string;
  /** Requests/s the tier carries at the target utilisation with every AZ up. */
  readonly capacityRps: number;
  /** Requests/s the tier carries at the target utilisation with one AZ lost. */
  readonly capacityRpsWithOneAzLost: number;
  /** Quota notes (for example a quota increase the size needs). */
  readonly notes?: readonly string[];
}

export interface AlbPlan {
  readonly count: number;
  readonly lcuReservationPerAlb: number;
  readonly totalLcu: number;
  /** LCUs consumed at target load, per dimension (billing takes the largest). */
  readonly lcuByDimension: { readonly newConnections: number; readonly activeConnections: number; readonly processedBytes: number; readonly ruleEvaluations: number };
  /** Requests/s each ALB carries at target load. */
  readonly rpsPerAlb: number;
}

export interface NginxPlan {
  readonly instanceType: string;
  readonly vcpusPerInstance: number;
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
  /** Instances per AZ at desired capacity. */
  readonly perAz: number;
  /** Target value for ALBRequestCountPerTarget target tracking (requests per target per minute). */
  readonly requestCountPerTargetPerMinute: number;
  /** nginx `worker_connections` per worker process. */
  readonly workerConnections: number;
  readonly workerProcesses: number;
}

export interface ServicePlan {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Pods the HPA converges to at target load with every AZ up. */
  readonly replicasAtTarget: number;
  readonly podRps: number;
  readonly cpuRequestMillicores: number;
  readonly memoryRequestMiB: number;
  readonly targetCpuUtilizationPercent: number;
  /** Requests/s this service sees at target load. */
  readonly rpsAtTarget: number;
  /** Client-side PostgreSQL pool per pod (0 when the service does not use the database). */
  readonly dbPoolSizePerPod: number;
}

export interface NodeGroupPlan {
  readonly name: string;
  readonly instanceTypes: string[];
  /** One group per AZ so the cluster autoscaler scales AZs evenly. */
  readonly availabilityZone: string | undefined;
  /** Index of the AZ (0-based) the group belongs to; stacks map it to a real AZ name. */
  readonly azIndex: number;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly maxPodsPerNode: number;
  readonly vcpusPerNode: number;
  readonly memoryMiBPerNode: number;
  /** Service pods one node holds, after system reservations and DaemonSets. */
  readonly servicePodsPerNode: number;
  /** Nodes of `maxSize` reserved for the platform's pods (capacity inputs `platform`). */
  readonly platformNodes: number;
  /** Most platform pods on one of those nodes. */
  readonly platformPodsPerNode: number;
}

export interface CachePlan {
  readonly nodeType: string;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly totalNodes: number;
  readonly engineCpuOpsPerNode: number;
  readonly opsPerSecondAtTarget: number;
}

export interface DatabasePlan {
  readonly primaryInstanceClass: string;
  readonly replicaInstanceClass: string;
  readonly replicaCount: number;
  readonly maxConnections: number;
  readonly proxyMaxConnectionsPercent: number;
  /** Largest per-pod pool among the services that use the database. */
  readonly poolSizePerPod: number;
  /** Memory of the primary class, GiB, for parameter tuning. */
  readonly instanceMemoryGiB: number;
  readonly replicaMemoryGiB: number;
  readonly readQpsAtTarget: number;
  readonly writeQpsAtTarget: number;
  /** Client connections all pods at maxReplicas open to RDS Proxy. */
  readonly clientConnectionsAtMax: number;
  /** Database connections RDS Proxy needs on the primary at target load. */
  readonly backendConnectionsAtTarget: number;
}

export interface CapacityPlan {
  readonly environment: string;
  readonly targetRps: number;
  readonly targetUtilization: number;
  readonly azCount: number;
  readonly survivesAzLoss: boolean;
  readonly alb: AlbPlan;
  readonly nginx: NginxPlan;
  readonly services: Record<string, ServicePlan>;
  readonly nodeGroups: NodeGroupPlan[];
  readonly cache: CachePlan;
  readonly database: DatabasePlan;
  readonly tiers: TierReport[];
}
