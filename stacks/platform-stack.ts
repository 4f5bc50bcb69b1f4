import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServicePlan } from '../lib/capacity';
import { EnvironmentConfig } from '../lib/config/environment';
import { Policy } from '../lib/policy/policy';
import { Protection } from '../lib/protection';
import { ClusterControllers } from '../constructs/cluster-controllers';
import { ClusterMonitoring } from '../constructs/cluster-monitoring';
import { NamespaceBaseline, NamespaceQuota } from '../constructs/namespace-baseline';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS } from '../constructs/service-ingress';
import { ROLLOUT_MAX_SURGE_PERCENT, ServiceWorkload } from '../constructs/service-workload';
import { READ_POOLER_SERVICE_ACCOUNT, ReadPooler, readPoolerSizing, ReadPoolerSizing, SecretsStoreCsi, ServerTls } from '../constructs/read-pooler';
import { EnvironmentAwsStack } from './aws-stack';
import { configureBackend } from './backend';
import { plannedEksCluster } from './tiers/observability-tier';
import { DATABASE_NAME, serviceCacheKeyPrefix } from './tiers/data-tier';
import { SERVICES_NAMESPACE } from './tiers/compute-tier';

export { SERVICES_NAMESPACE };
/** CPU limit = 2 x request (ServiceWorkload default); the quota counts limits the same way. */
const CPU_LIMIT_FACTOR = 2;
/** Memory target of every HPA (CPU comes from the capacity model). */
const TARGET_MEMORY_UTILIZATION_PERCENT = 80;
const PERCENT = 100;
/** Why the services' images need no digest: ContainerRepository makes every ECR tag IMMUTABLE. */
const IMMUTABLE_ECR_TAG = "the image comes from this environment's ECR repository, whose tags are IMMUTABLE (ContainerRepository): the tag names one image for good";

/**
 * The Kubernetes side of an environment (`<env>-platform`): controllers and the services.
 * Reads the cluster's endpoint, CA, VPC and target groups from the AWS stack (cdktf turns
 * those references into that stack's outputs and a `terraform_remote_state` here), and
 * authenticates with `aws eks get-token`, so it has no AWS data source.
 *
 * Deploy after the AWS stack: `cdktf deploy <env> <env>-platform`. The API endpoint is
 * private, so run it from inside the VPC (or list your CIDRs in the cluster's
 * publicAccessCidrs), as a principal in `eksAdminRoleArns`.
 */
export class EnvironmentPlatformStack extends TerraformStack {
  public readonly controllers: ClusterControllers;
  public readonly workloads: Record<string, ServiceWorkload>;
  /** Prometheus, Grafana and prometheus-adapter, watching every service. */
  public readonly monitoring: ClusterMonitoring;
  /** PgBouncer in front of the read replicas (absent when no service uses the database). */
  public readonly readPooler?: ReadPooler;

  constructor(scope: Construct, config: EnvironmentConfig, aws: EnvironmentAwsStack) {
    const stackName = `${config.name}-platform`;
    super(scope, stackName);
    configureBackend(this, stackName, config);
    const eks = aws.compute.eks;

    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', config.name, '--region', config.region],
    };
    const cluster = { host: eks.endpoint, clusterCaCertificate: Fn.base64decode(eks.certificateAuthorityData) };
    new KubernetesProvider(this, 'kubernetes', { ...cluster, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { ...cluster, exec } });

    this.controllers = new ClusterControllers(this, 'controllers', {
      clusterName: config.name,
      region: config.region,
      vpcId: aws.network.vpcId,
      serviceAccounts: eks.controllerServiceAccounts,
    });

    const plans = config.services.map((s) => aws.capacity.services[s.name]);
    const usesDatabase = plans.some((p) => p.dbPoolSizePerPod > 0);
    const poolerSizing = usesDatabase ? readPoolerSizing(aws.capacity, ROLLOUT_MAX_SURGE_PERCENT) : undefined;
    const namespace = new NamespaceBaseline(this, 'namespace', {
      name: SERVICES_NAMESPACE,
      quota: namespaceQuota(plans, poolerSizing),
      // The NLB (IP targets) and the kubelet probes reach pods from the app subnets.
      ingressCidrs: aws.network.appSubnets.map((s) => s.cidr),
      ingressPorts: [...new Set(config.services.map((s) => s.containerPort))],
    });

    // Before the workloads: their HPAs scale on the custom metric prometheus-adapter serves.
    const nodes = plannedEksCluster(config.name, aws.capacity);
    this.monitoring = new ClusterMonitoring(this, 'monitoring', {
      protection: Protection.forEnvironment(config.production),
      // AWS stack: AlertmanagerRole lets Alertmanager's service account publish to this topic.
      alarmTopicArn: aws.monitoring.alarmTopicArn,
      region: config.region,
      environmentName: config.name,
      nodePlan: { expectedNodesMin: nodes.expectedNodesMin, expectedNodesMax: nodes.expectedNodesMax },
      services: config.services.map((service, i) => ({
        name: service.name,
        namespace: SERVICES_NAMESPACE,
        plannedRps: plans[i].rpsAtTarget,
        usesDatabase: plans[i].dbPoolSizePerPod > 0,
      })),
    });
    const database = aws.data.database;
    if (poolerSizing) {
      const csi = new SecretsStoreCsi(this, 'secrets-store-csi', { region: config.region });
      this.readPooler = new ReadPooler(this, 'read-pooler', {
        // The Pod Identity association (AWS stack, ReadPoolerRole) names this service account.
        namespace: namespace.namespaceName,
        name: READ_POOLER_SERVICE_ACCOUNT.name,
        serverHost: database.readerEndpoint,
        serverPort: database.port,
        serverCidrs: aws.network.dataSubnets.map((s) => s.cidr),
        databaseName: DATABASE_NAME,
        serverUser: database.masterUsername,
        secretArn: database.secretArn,
        region: config.region,
        // verify-full needs the vendored RDS CA bundle (docs/data-tier.md); until then encrypted only.
        serverTls: ServerTls.require(),
        clientNamespaces: [SERVICES_NAMESPACE],
        ...poolerSizing,
        secretsStoreCsi: csi,
        metricsApis: [this.controllers.metricsServer],
      });
    }
    const pooler = this.readPooler;

    this.workloads = {};
    config.services.forEach((service, i) => {
      const plan = plans[i];
      const workload = new ServiceWorkload(this, `service-${service.name}`, {
        name: service.name,
        namespace: namespace.namespaceName,
        image: `${aws.compute.repositories[service.name].repositoryUrl}:${service.imageTag}`,
        containerPort: service.containerPort,
        livenessPath: service.livenessPath,
        readinessPath: service.readinessPath,
        minReplicas: plan.minReplicas,
        maxReplicas: plan.maxReplicas,
        cpuRequestMillicores: plan.cpuRequestMillicores,
        memoryRequestMiB: plan.memoryRequestMiB,
        cpuLimitFactor: CPU_LIMIT_FACTOR,
        targetCpuUtilizationPercent: plan.targetCpuUtilizationPercent,
        targetMemoryUtilizationPercent: TARGET_MEMORY_UTILIZATION_PERCENT,
        // The RPS per pod the capacity model plans at the same utilisation as the CPU target.
        targetRequestsPerSecondPerPod: (plan.podRps * plan.targetCpuUtilizationPercent) / PERCENT,
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        targetGroupArn: aws.compute.ingress.targetGroupArns[service.name],
        loadBalancerController: this.controllers.loadBalancerController,
        // Resource metrics (metrics-server) and the RPS metric (prometheus-adapter).
        metricsApis: [this.controllers.metricsServer, this.monitoring.prometheusAdapter],
        // Its Pod Identity role (AWS stack, ServiceIdentity) may connect as these users.
        identity: aws.serviceDataStoreUsers[service.name],
        env: {
          SERVICE_NAME: service.name,
          ENVIRONMENT: config.name,
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
          ...(aws.serviceDataStoreUsers[service.name].cacheUser !== undefined
            ? {
                CACHE_HOST: aws.data.cache.configurationEndpoint,
                CACHE_PORT: String(aws.data.cache.port),
                CACHE_KEY_PREFIX: serviceCacheKeyPrefix(service.name),
              }
            : {}),
        },
      });
      // CKV_K8S_43 is checked in production only; elsewhere this suppression would silence nothing.
      if (config.production) Policy.suppress(workload.deployment, 'CKV_K8S_43', IMMUTABLE_ECR_TAG);
      this.workloads[service.name] = workload;
    });
  }
}

/**
 * Every service at maxReplicas plus a rollout's surge, at requests and at limits, plus the
 * read pooler at its maximum plus its one-pod surge (requests = limits; the init container
 * runs before the main one, so the main container's resources are the pod's).
 */
export function namespaceQuota(plans: readonly ServicePlan[], pooler?: ReadPoolerSizing): NamespaceQuota {
  const surge = 1 + ROLLOUT_MAX_SURGE_PERCENT / PERCENT;
  const sum = (f: (p: ServicePlan) => number) => Math.ceil(plans.reduce((total, p) => total + p.maxReplicas * f(p), 0) * surge);
  const poolerPods = pooler ? pooler.maxReplicas + 1 : 0;
  const poolerCpu = poolerPods * ReadPooler.DEFAULT_CPU_MILLICORES;
  const poolerMemory = poolerPods * ReadPooler.DEFAULT_MEMORY_MIB;
  return {
    cpuRequestMillicores: sum((p) => p.cpuRequestMillicores) + poolerCpu,
    memoryRequestMiB: sum((p) => p.memoryRequestMiB) + poolerMemory,
    cpuLimitMillicores: sum((p) => p.cpuRequestMillicores * CPU_LIMIT_FACTOR) + poolerCpu,
    memoryLimitMiB: sum((p) => p.memoryRequestMiB) + poolerMemory,
    pods: sum(() => 1) + poolerPods,
  };
}
