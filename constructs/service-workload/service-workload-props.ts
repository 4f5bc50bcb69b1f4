import { ITerraformDependable } from 'cdktf';
/** How the HPA scales: the design notes ask for fast up, slow down. */
export interface ScalingBehavior {
  /** @default 100 - double per period */
  readonly scaleUpPercent?: number;
  /** @default 15 */
  readonly scaleUpPeriodSeconds?: number;
  /** @default 10 */
  readonly scaleDownPercent?: number;
  /** @default 60 */
  readonly scaleDownPeriodSeconds?: number;
  /** @default 300 */
  readonly scaleDownStabilizationSeconds?: number;
}

/**
 * The AWS identity of the pods: the data-store users the service's Pod Identity role
 * (ServiceIdentity, bound to the workload's service account) may connect as. The names reach
 * the containers as environment variables.
 */
export interface WorkloadIdentity {
  /** PostgreSQL user it connects as through RDS Proxy with an IAM token (`DATABASE_USER`). @default - none */
  readonly databaseUser?: string;
  /** Valkey/Redis user it connects as with an IAM token (`CACHE_USER`). @default - none */
  readonly cacheUser?: string;
}

export interface ServiceWorkloadProps {
  /** DNS-1123 label; names the Deployment, Service, HPA, PDB and service account. */
  readonly name: string;
  /** Namespace of the workload. */
  readonly namespace: string;
  /** Full image reference (`<ECR repository URL>:<tag>`). */
  readonly image: string;
  /** Port the container listens on (also the metrics port). */
  readonly containerPort: number;
  /** HTTP path of the liveness and startup probes. */
  readonly livenessPath: string;
  /** HTTP path of the readiness probe; it fails while the pod drains. */
  readonly readinessPath: string;
  /** HPA bounds; the reference stacks take them from the capacity model. */
  readonly minReplicas: number;
  /** HPA maximum (capacity plan). */
  readonly maxReplicas: number;
  /** CPU request per pod in millicores; the HPA CPU target is relative to it. */
  readonly cpuRequestMillicores: number;
  /** Memory request per pod in MiB. */
  readonly memoryRequestMiB: number;
  /**
   * CPU limit as a multiple of the request: bursts are allowed, a runaway pod is not.
   * @default 2
   */
  readonly cpuLimitFactor?: number;
  /** HPA CPU target, percent of the request. */
  readonly targetCpuUtilizationPercent: number;
  /**
   * HPA memory target, percent of the request.
   * @default 80
   */
  readonly targetMemoryUtilizationPercent?: number;
  /**
   * HPA target of requests per second per pod, on the custom metric
   * `http_requests_per_second` that prometheus-adapter serves (ClusterMonitoring). The HPA
   * takes the largest replica count CPU, memory and this metric ask for.
   * @default - CPU and memory only
   */
  readonly targetRequestsPerSecondPerPod?: number;
  /** @default - see {@link ScalingBehavior} */
  readonly scaling?: ScalingBehavior;
  /**
   * Seconds a terminating pod keeps serving after it fails readiness (its SIGTERM
   * handler's drain): at least the load balancer's deregistration delay plus the time the
   * controller takes to deregister it.
   * @default 45
   */
  readonly drainSeconds?: number;
  /**
   * Load balancer deregistration delay; `drainSeconds` must cover it.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Seconds the process may take to exit after draining.
   * @default 15
   */
  readonly shutdownSeconds?: number;
  /**
   * Target group the pods register in as IP targets (TargetGroupBinding, AWS Load
   * Balancer Controller).
   * @default - no binding
   */
  readonly targetGroupArn?: string;
  /**
   * Share of pods voluntary disruptions (node drains, upgrades) may take at once.
   * @default 10
   */
  readonly maxUnavailablePercent?: number;
  /** Extra environment variables. @default {} */
  readonly env?: Record<string, string>;
  /**
   * The users the pods connect to the data stores as (their Pod Identity role's grants):
   * `DATABASE_USER` and `CACHE_USER` in the environment.
   * @default - none
   */
  readonly identity?: WorkloadIdentity;
  /**
   * The AWS Load Balancer Controller's release (`ClusterControllers.loadBalancerController`):
   * the TargetGroupBinding, a kind its chart installs, is created after it.
   * @default - installed elsewhere; nothing waits for it
   */
  readonly loadBalancerController?: ITerraformDependable;
  /**
   * What serves the metrics the HPA reads: metrics-server (CPU, memory) and, with
   * `targetRequestsPerSecondPerPod`, prometheus-adapter (`ClusterMonitoring.prometheusAdapter`).
   * The HPA is created after them.
   * @default [] - installed elsewhere
   */
  readonly metricsApis?: ITerraformDependable[];
}
