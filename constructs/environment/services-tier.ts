import { Construct } from 'constructs';
import { NamespaceQuotaPlan, ReadPoolerPlan, ServicePlan } from '../../lib/capacity';
import { ServiceConfig } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { Policy } from '../../lib/policy/policy';
import { checkArray, checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { ClusterControllers } from '../cluster-controllers';
import { ClusterMonitoring } from '../cluster-monitoring';
import { NamespaceBaseline } from '../namespace-baseline';
import { READ_POOLER_SERVICE_ACCOUNT, ReadPooler, SecretsStoreCsi, ServerTls } from '../read-pooler';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS } from '../service-ingress';
import { ServiceWorkload } from '../service-workload';
import type { WorkloadIdentity } from '../service-workload/service-workload-props';
import { serviceCacheKeyPrefix, SERVICES_NAMESPACE } from './conventions';

/** Memory target of every HPA (CPU and requests per pod come from the capacity model). */
const TARGET_MEMORY_UTILIZATION_PERCENT = 80;
/** Why the services' images need no digest: ContainerRepository makes every ECR tag IMMUTABLE. */
const IMMUTABLE_ECR_TAG = "the image comes from this environment's ECR repository, whose tags are IMMUTABLE (ContainerRepository): the tag names one image for good";

/** What the services tier reads of the AWS stack's database (references: cdktf reads them from that stack's outputs). */
export interface ServicesDatabase {
  /** Weighted reader name over the replicas (the read pooler's server). */
  readonly readerEndpoint: string;
  /** RDS Proxy endpoint (writes). */
  readonly proxyEndpoint: string;
  readonly port: number;
  readonly databaseName: string;
  /** The user PgBouncer logs in as; the secret's `username`. */
  readonly masterUsername: string;
  /** Secrets Manager secret PgBouncer mounts (its Pod Identity role may read it). */
  readonly secretArn: string;
}

export interface ServicesTierProps {
  /** Environment name, in every service's `ENVIRONMENT` variable. */
  readonly name: string;
  /** Region of the database secret (the Secrets Store CSI provider reads it there). */
  readonly region: string;
  /** The services, each with its ECR image tag and probes. */
  readonly services: readonly ServiceConfig[];
  /** Their slices of the capacity plan (`plan.services`): HPA bounds, requests, targets, pools. */
  readonly servicePlans: Readonly<Record<string, ServicePlan>>;
  /**
   * The read pooler's slice (`plan.readPooler`).
   * @default - no read pooler (no service uses the database)
   */
  readonly readPooler?: ReadPoolerPlan;
  /** The namespace's quota slice (`plan.servicesNamespace`). */
  readonly quota: NamespaceQuotaPlan;
  /** Repository URL per service (the AWS stack's ECR repositories). */
  readonly repositoryUrls: Readonly<Record<string, string>>;
  /** Target group ARN per service (the internal NLB's IP target groups). */
  readonly targetGroupArns: Readonly<Record<string, string>>;
  /** CIDRs the NLB and the kubelet probes reach the pods from (the app subnets). */
  readonly appSubnetCidrs: string[];
  /** CIDRs of the database (the data subnets): the pooler's only egress. */
  readonly dataSubnetCidrs: string[];
  /** The database the services and the read pooler connect to. */
  readonly database: ServicesDatabase;
  /** The controllers the workloads need: the load balancer controller (TargetGroupBinding) and metrics-server (HPA). */
  readonly controllers: ClusterControllers;
  /** Serves the custom metric the HPAs scale on (prometheus-adapter). */
  readonly monitoring: ClusterMonitoring;
  /** The users each service connects to the data stores as (WorkloadIdentities' `dataStoreUsers`): passed to its pods. */
  readonly dataStoreUsers: Readonly<Record<string, WorkloadIdentity>>;
  /** The cache the services with a cache user connect to (RedisCluster's configuration endpoint and port). */
  readonly cache: { readonly host: string; readonly port: number };
  /** Production: the policy checks image digests, which the ECR tags make unnecessary here. */
  readonly production: boolean;
}

/**
 * The services' namespace (restricted, quota from the plan), the read pooler in front of the
 * replicas (PgBouncer, with the Secrets Store CSI driver that mounts its secret), and one
 * ServiceWorkload per service (Deployment, HPA, PDB, TargetGroupBinding) sized by its slice.
 */
export class ServicesTier extends Construct {
  public readonly namespace: NamespaceBaseline;
  public readonly workloads: Readonly<Record<string, ServiceWorkload>>;
  /** PgBouncer in front of the read replicas (absent when no service uses the database). */
  public readonly readPooler?: ReadPooler;

  constructor(scope: Construct, id: string, props: ServicesTierProps) {
    super(scope, id);
    checkProps(this, props, '{ name, services, servicePlans: plan.services, quota: plan.servicesNamespace, ... }');
    checkArray(this, 'services', props.services, { minLength: 1, what: 'services' });
    for (const key of ['controllers', 'monitoring'] as const) {
      checkRequiredObject(this, key, props[key], `pass the platform stack's ${key}`);
      checkSameStack(this, key, props[key]);
    }
    const unplanned = props.services.find((s) => !props.servicePlans?.[s.name]);
    if (unplanned) invalid(this, 'servicePlans', unplanned.name, 'has no slice for this service', 'pass plan.services of the plan made with these services');
    const { database } = props;

    const { environment: _env, azCount: _az, ...quota } = props.quota;
    this.namespace = new NamespaceBaseline(this, 'namespace', {
      name: SERVICES_NAMESPACE,
      quota,
      // The NLB (IP targets) and the kubelet probes reach pods from the app subnets.
      ingressCidrs: props.appSubnetCidrs,
      ingressPorts: [...new Set(props.services.map((s) => s.containerPort))],
    });

    const poolerPlan = props.readPooler;
    if (poolerPlan) {
      const csi = new SecretsStoreCsi(this, 'secrets-store-csi', { region: props.region });
      this.readPooler = new ReadPooler(this, 'read-pooler', {
        // The Pod Identity association (AWS stack, ReadPoolerRole) names this service account.
        namespace: this.namespace.namespaceName,
        name: READ_POOLER_SERVICE_ACCOUNT.name,
        serverHost: database.readerEndpoint,
        serverPort: database.port,
        serverCidrs: props.dataSubnetCidrs,
        databaseName: database.databaseName,
        serverUser: database.masterUsername,
        secretArn: database.secretArn,
        region: props.region,
        // verify-full needs the vendored RDS CA bundle (docs/data-tier.md); until then encrypted only.
        serverTls: ServerTls.require(),
        clientNamespaces: [SERVICES_NAMESPACE],
        minReplicas: poolerPlan.minReplicas,
        maxReplicas: poolerPlan.maxReplicas,
        maxClientConnections: poolerPlan.maxClientConnections,
        defaultPoolSize: poolerPlan.defaultPoolSize,
        serverConnectionBudget: poolerPlan.serverConnectionBudget,
        targetCpuUtilizationPercent: poolerPlan.targetCpuUtilizationPercent,
        secretsStoreCsi: csi,
        metricsApis: [props.controllers.metricsServer],
      });
    }
    const pooler = this.readPooler;

    const workloads: Record<string, ServiceWorkload> = {};
    for (const service of props.services) {
      const plan = props.servicePlans[service.name];
      const users = props.dataStoreUsers[service.name] ?? {};
      const workload = new ServiceWorkload(this, `service-${service.name}`, {
        name: service.name,
        namespace: this.namespace.namespaceName,
        image: `${props.repositoryUrls[service.name]}:${service.imageTag}`,
        containerPort: service.containerPort,
        livenessPath: service.livenessPath,
        readinessPath: service.readinessPath,
        minReplicas: plan.minReplicas,
        maxReplicas: plan.maxReplicas,
        cpuRequestMillicores: plan.cpuRequestMillicores,
        memoryRequestMiB: plan.memoryRequestMiB,
        cpuLimitFactor: plan.cpuLimitMillicores / plan.cpuRequestMillicores,
        targetCpuUtilizationPercent: plan.targetCpuUtilizationPercent,
        targetMemoryUtilizationPercent: TARGET_MEMORY_UTILIZATION_PERCENT,
        targetRequestsPerSecondPerPod: plan.targetRequestsPerSecondPerPod,
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        targetGroupArn: props.targetGroupArns[service.name],
        loadBalancerController: props.controllers.loadBalancerController,
        // Resource metrics (metrics-server) and the RPS metric (prometheus-adapter).
        metricsApis: [props.controllers.metricsServer, props.monitoring.prometheusAdapter],
        // Its Pod Identity role (AWS stack, ServiceIdentity) may connect as these users.
        identity: users,
        env: {
          SERVICE_NAME: service.name,
          ENVIRONMENT: props.name,
          ...(pooler && plan.dbPoolSizePerPod > 0
            ? {
                DATABASE_NAME: pooler.databaseName,
                DATABASE_READ_HOST: pooler.host,
                DATABASE_READ_PORT: String(pooler.port),
                DATABASE_READ_USER: pooler.clientUser,
                DATABASE_WRITE_HOST: database.proxyEndpoint,
                DATABASE_WRITE_PORT: String(database.port),
                DATABASE_POOL_SIZE: String(plan.dbPoolSizePerPod),
              }
            : {}),
          ...(users.cacheUser !== undefined
            ? { CACHE_HOST: props.cache.host, CACHE_PORT: String(props.cache.port), CACHE_KEY_PREFIX: serviceCacheKeyPrefix(service.name) }
            : {}),
        },
      });
      // CKV_K8S_43 is checked in production only; elsewhere this suppression would silence nothing.
      if (props.production) Policy.suppress(workload.deployment, 'CKV_K8S_43', IMMUTABLE_ECR_TAG);
      workloads[service.name] = workload;
    }
    this.workloads = workloads;
  }
}
