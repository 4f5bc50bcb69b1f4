import { PlatformWorkloadInput } from './inputs';

/**
 * What the model hands to constructs and stacks: whole units, rounded up, plus one
 * `TierReport` per tier showing the math.
 *
 * The plan is the API: every sized construct takes its slice of the plan in one prop
 * (`new RdsWithReplicas(this, 'db', { capacity: plan.database, ... })`), typed by the
 * slice's own interface below. Each slice names the environment and AZ count it was planned
 * for ({@link PlanIdentity}), so a construct given another environment's slice, or wired to
 * a network with another number of AZs, fails at synth instead of deploying sizes meant for
 * somewhere else.
 */

/** Which plan a slice belongs to. */
export interface PlanIdentity {
  /** The environment the plan was made for (`CapacityInputs.environment`). */
  readonly environment: string;
  /** AZs the plan spreads every tier over. */
  readonly azCount: number;
}

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

export interface AlbPlan extends PlanIdentity {
  readonly count: number;
  readonly lcuReservationPerAlb: number;
  readonly totalLcu: number;
  /** LCUs consumed at target load, per dimension (billing takes the largest). */
  readonly lcuByDimension: { readonly newConnections: number; readonly activeConnections: number; readonly processedBytes: number; readonly ruleEvaluations: number };
  /** Requests/s each ALB carries at target load. */
  readonly rpsPerAlb: number;
}

export interface NginxPlan extends PlanIdentity {
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
  /**
   * Requests/s one instance admits before nginx sheds with 429: its planned capacity (its
   * load at target / the target utilisation), so the fleet sheds only past what it was sized for.
   */
  readonly globalRequestsPerSecondPerInstance: number;
}

export interface ServicePlan extends PlanIdentity {
  /** The service this slice sizes (`ServiceCapacityInput.name`). */
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Pods the HPA converges to at target load with every AZ up. */
  readonly replicasAtTarget: number;
  readonly podRps: number;
  readonly cpuRequestMillicores: number;
  /** CPU limit per pod: the request times the service's limit factor. */
  readonly cpuLimitMillicores: number;
  readonly memoryRequestMiB: number;
  readonly targetCpuUtilizationPercent: number;
  /** HPA target on requests/s per pod: the pod's figure at the same utilisation as the CPU target. */
  readonly targetRequestsPerSecondPerPod: number;
  /** Requests/s this service sees at target load. */
  readonly rpsAtTarget: number;
  /** Client-side PostgreSQL pool per pod (0 when the service does not use the database). */
  readonly dbPoolSizePerPod: number;
}

export interface NodeGroupPlan {
  readonly name: string;
  readonly instanceTypes: string[];
  /** Index of the AZ (0-based) the group belongs to: one group per AZ, so the cluster autoscaler scales AZs evenly. EksCluster maps it to the network's AZ of that index. */
  readonly azIndex: number;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Nodes the group runs at target load with every AZ up (services at their target replicas plus the platform pods). */
  readonly sizeAtTarget: number;
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

export interface CachePlan extends PlanIdentity {
  readonly nodeType: string;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly totalNodes: number;
  readonly engineCpuOpsPerNode: number;
  readonly opsPerSecondAtTarget: number;
}

export interface DatabasePlan extends PlanIdentity {
  /** A standby in another AZ: the plan counts on the primary surviving an AZ loss (`survivesAzLoss`). */
  readonly multiAz: boolean;
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

/** The VPC's address needs (Network `capacity`). */
export interface NetworkPlan extends PlanIdentity {
  /**
   * Addresses one AZ's app subnet must hold at the plan's maxima: nodes and their pod
   * prefixes, nginx instances, interface endpoints and the internal NLB.
   */
  readonly appAddressesPerAz: number;
}

/** The EKS cluster's node groups and the node bounds monitoring alarms on (EksCluster `capacity`). */
export interface EksPlan extends PlanIdentity {
  /** One managed node group per AZ, in AZ order (`azIndex`). */
  readonly nodeGroups: readonly NodeGroupPlan[];
  /** Sum of the groups' minimum sizes: fewer nodes than this means the cluster lost capacity. */
  readonly expectedNodesMin: number;
  /** Sum of the groups' maximum sizes: at it, pending pods cannot get a node. */
  readonly expectedNodesMax: number;
  /** Sum of the groups' sizes at target load. */
  readonly expectedNodesAtTarget: number;
  /** Whether the reserved platform pods include Container Insights' controller (EksCluster installs it). */
  readonly containerInsights: boolean;
}

/** PgBouncer in front of the read replicas (ReadPooler `capacity`). */
export interface ReadPoolerPlan extends PlanIdentity {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** PgBouncer `max_client_conn` of each pod. */
  readonly maxClientConnections: number;
  /** PgBouncer `default_pool_size` (and `max_db_connections`) of each pod. */
  readonly defaultPoolSize: number;
  /** Server connections all pooler pods together may hold: replicas x max_connections x share. */
  readonly serverConnectionBudget: number;
  readonly targetCpuUtilizationPercent: number;
  /** CPU request and limit of one pod. */
  readonly cpuMillicores: number;
  /** Memory request and limit of one pod. */
  readonly memoryMiB: number;
}

/** Resource quota of the services' namespace: every service at its maximum plus a rollout's surge, and the read pooler (NamespaceBaseline `quota`). */
export interface NamespaceQuotaPlan extends PlanIdentity {
  readonly cpuRequestMillicores: number;
  readonly memoryRequestMiB: number;
  readonly cpuLimitMillicores: number;
  readonly memoryLimitMiB: number;
  readonly pods: number;
}

/** One service as the in-cluster monitoring sees it. */
export interface MonitoredServicePlan {
  readonly name: string;
  /** Requests/s the service sees at target load. */
  readonly plannedRps: number;
  /** Whether it queries PostgreSQL (gets database alerts). */
  readonly usesDatabase: boolean;
}

/** In-cluster monitoring (ClusterMonitoring `capacity`): replicas, node bounds and the planned load per service. */
export interface ClusterMonitoringPlan extends PlanIdentity {
  /** Two of Prometheus, Alertmanager and prometheus-adapter (production), else one. */
  readonly highAvailability: boolean;
  /** Prometheus, Alertmanager and prometheus-adapter replicas each. */
  readonly replicas: number;
  readonly expectedNodesMin: number;
  readonly expectedNodesMax: number;
  readonly services: readonly MonitoredServicePlan[];
}

export interface CapacityPlan extends PlanIdentity {
  readonly targetRps: number;
  readonly targetUtilization: number;
  readonly survivesAzLoss: boolean;
  readonly network: NetworkPlan;
  readonly alb: AlbPlan;
  readonly nginx: NginxPlan;
  /** Per service, by name. */
  readonly services: Readonly<Record<string, ServicePlan>>;
  readonly eks: EksPlan;
  readonly cache: CachePlan;
  readonly database: DatabasePlan;
  /** Present when a service uses the database (reads go through the pooler). */
  readonly readPooler?: ReadPoolerPlan;
  readonly servicesNamespace: NamespaceQuotaPlan;
  readonly monitoring: ClusterMonitoringPlan;
  /** Every platform pod the node groups reserve room for, with where its figures are set. */
  readonly platformWorkloads: readonly PlatformWorkloadInput[];
  readonly tiers: TierReport[];
}
