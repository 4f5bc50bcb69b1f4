import { dependable, Fn } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { EnvironmentConfig } from '../lib/config/environment';
import { GuardedStack } from '../lib/policy/guarded-stack';
import { Policy } from '../lib/policy/policy';
import { ClusterControllers } from '../constructs/cluster-controllers';
import { ClusterMonitoring } from '../constructs/cluster-monitoring';
import { NamespaceBaseline } from '../constructs/namespace-baseline';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS } from '../constructs/service-ingress';
import { ServiceWorkload } from '../constructs/service-workload';
import { READ_POOLER_SERVICE_ACCOUNT, ReadPooler, SecretsStoreCsi, ServerTls } from '../constructs/read-pooler';
import { EnvironmentAwsStack } from './aws-stack';
import { configureBackend } from './backend';
import { plannedEksCluster } from './tiers/observability-tier';
import { DATABASE_NAME } from './tiers/data-tier';

/** Namespace of the services. */
export const SERVICES_NAMESPACE = 'services';
/** CPU limit = 2 x request (ServiceWorkload default); the quota counts limits the same way. */
const CPU_LIMIT_FACTOR = 2;
/** Memory target of every HPA (CPU comes from the capacity model). */
const TARGET_MEMORY_UTILIZATION_PERCENT = 80;
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
export class EnvironmentPlatformStack extends GuardedStack {
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
    const poolerPlan = aws.capacity.readPooler;
    const namespace = new NamespaceBaseline(this, 'namespace', {
      name: SERVICES_NAMESPACE,
      quota: (({ cpuRequestMillicores, memoryRequestMiB, cpuLimitMillicores, memoryLimitMiB, pods }) => ({ cpuRequestMillicores, memoryRequestMiB, cpuLimitMillicores, memoryLimitMiB, pods }))(aws.capacity.servicesNamespace),
      // The NLB (IP targets) and the kubelet probes reach pods from the app subnets.
      ingressCidrs: aws.network.appSubnets.map((s) => s.cidr),
      ingressPorts: [...new Set(config.services.map((s) => s.containerPort))],
    });

    // Before the workloads: their HPAs scale on the custom metric prometheus-adapter serves.
    const nodes = plannedEksCluster(config.name, aws.capacity);
    this.monitoring = new ClusterMonitoring(this, 'monitoring', {
      production: config.production,
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
    if (poolerPlan) {
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
        minReplicas: poolerPlan.minReplicas,
        maxReplicas: poolerPlan.maxReplicas,
        maxClientConnections: poolerPlan.maxClientConnections,
        defaultPoolSize: poolerPlan.defaultPoolSize,
        serverConnectionBudget: poolerPlan.serverConnectionBudget,
        targetCpuUtilizationPercent: poolerPlan.targetCpuUtilizationPercent,
      });
      // The SecretProviderClass kind and the CSI mount exist once both charts are installed.
      // `dependsOn` (rendered as depends_on), not `node.addDependency` (cdktf 0.21 drops it).
      this.readPooler.secretProviderClass.dependsOn = [dependable(csi.awsProvider)];
      this.readPooler.deployment.dependsOn = [dependable(csi.awsProvider)];
      this.readPooler.autoscaler.dependsOn = [dependable(this.controllers.metricsServer)];
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
        targetRequestsPerSecondPerPod: plan.targetRequestsPerSecondPerPod,
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        targetGroupArn: aws.compute.ingress.targetGroupArns[service.name],
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
        },
      });
      // The TargetGroupBinding kind exists once the controller's chart has installed its CRDs.
      // `dependsOn`, not `node.addDependency`: cdktf 0.21 renders only the former as depends_on.
      if (workload.targetGroupBinding) workload.targetGroupBinding.dependsOn = [dependable(this.controllers.loadBalancerController)];
      workload.autoscaler.dependsOn = [dependable(this.controllers.metricsServer), dependable(this.monitoring.prometheusAdapter)];
      // CKV_K8S_43 is checked in production only; elsewhere this suppression would silence nothing.
      if (config.production) Policy.suppress(workload.deployment, 'CKV_K8S_43', IMMUTABLE_ECR_TAG);
      this.workloads[service.name] = workload;
    });
  }
}
