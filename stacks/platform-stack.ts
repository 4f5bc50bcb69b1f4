import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServicePlan } from '../lib/capacity';
import { EnvironmentConfig } from '../lib/config/environment';
import { ClusterControllers } from '../constructs/cluster-controllers';
import { NamespaceBaseline, NamespaceQuota } from '../constructs/namespace-baseline';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS } from '../constructs/service-ingress';
import { ROLLOUT_MAX_SURGE_PERCENT, ServiceWorkload } from '../constructs/service-workload';
import { EnvironmentAwsStack } from './aws-stack';
import { configureBackend } from './backend';

/** Namespace of the services. */
export const SERVICES_NAMESPACE = 'services';
/** CPU limit = 2 x request (ServiceWorkload default); the quota counts limits the same way. */
const CPU_LIMIT_FACTOR = 2;
/** Memory target of every HPA (CPU comes from the capacity model). */
const TARGET_MEMORY_UTILIZATION_PERCENT = 80;
const PERCENT = 100;

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
    const namespace = new NamespaceBaseline(this, 'namespace', {
      name: SERVICES_NAMESPACE,
      quota: namespaceQuota(plans),
      // The NLB (IP targets) and the kubelet probes reach pods from the app subnets.
      ingressCidrs: aws.network.appSubnets.map((s) => s.cidr),
      ingressPorts: [...new Set(config.services.map((s) => s.containerPort))],
    });

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
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        targetGroupArn: aws.compute.ingress.targetGroupArns[service.name],
        env: { SERVICE_NAME: service.name, ENVIRONMENT: config.name },
      });
      // The TargetGroupBinding kind exists once the controller's chart has installed its CRDs.
      workload.targetGroupBinding?.node.addDependency(this.controllers.loadBalancerController);
      workload.autoscaler.node.addDependency(this.controllers.metricsServer);
      this.workloads[service.name] = workload;
    });
  }
}

/** Every service at maxReplicas plus a rollout's surge, at requests and at limits. */
export function namespaceQuota(plans: readonly ServicePlan[]): NamespaceQuota {
  const surge = 1 + ROLLOUT_MAX_SURGE_PERCENT / PERCENT;
  const sum = (f: (p: ServicePlan) => number) => Math.ceil(plans.reduce((total, p) => total + p.maxReplicas * f(p), 0) * surge);
  return {
    cpuRequestMillicores: sum((p) => p.cpuRequestMillicores),
    memoryRequestMiB: sum((p) => p.memoryRequestMiB),
    cpuLimitMillicores: sum((p) => p.cpuRequestMillicores * CPU_LIMIT_FACTOR),
    memoryLimitMiB: sum((p) => p.memoryRequestMiB),
    pods: sum(() => 1),
  };
}
