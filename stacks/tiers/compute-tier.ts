import { Construct } from 'constructs';
import { CapacityPlan } from '../../lib/capacity';
import { EnvironmentConfig } from '../../lib/config/environment';
import { invalid } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { ContainerRepository } from '../../constructs/container-repository';
import { EksCluster, KubernetesVersion, SupportType } from '../../constructs/eks-cluster';
import { EncryptionKey } from '../../constructs/encryption-key';
import { Network } from '../../constructs/network';
import { ServiceIngress } from '../../constructs/service-ingress';
import { CONTAINER_INSIGHTS } from '../environments/platform-workloads';

/** The Kubernetes version every environment runs; staging and dev rehearse a bump before prod. */
export const CLUSTER_VERSION = KubernetesVersion.V1_33;
/**
 * NLB listener ports: `SERVICE_LISTENER_FIRST_PORT + <index in config.services>`. Keep
 * the order of `services` stable; the nginx tier reads the ports from the endpoints.
 */
export const SERVICE_LISTENER_FIRST_PORT = 8080;
/** Namespace of the services (platform stack); their Pod Identity associations (AWS stack) name it. */
export const SERVICES_NAMESPACE = 'services';

export interface ComputeTierProps {
  readonly config: EnvironmentConfig;
  readonly network: Network;
  readonly plan: CapacityPlan;
}

/**
 * The EKS side of an environment's AWS stack: the cluster and node groups sized by the
 * capacity model, one ECR repository per service, and the internal NLB that carries the
 * nginx tier's traffic to the pods.
 */
export class ComputeTier extends Construct {
  public readonly eks: EksCluster;
  public readonly ingress: ServiceIngress;
  public readonly repositories: Record<string, ContainerRepository>;

  constructor(scope: Construct, id: string, props: ComputeTierProps) {
    super(scope, id);
    const { config, network, plan } = props;
    const protection = Protection.forEnvironment(config.production);
    if (plan.azCount !== config.availabilityZones.length) {
      invalid(`config ${config.name}`, 'availabilityZones', config.availabilityZones, `has ${config.availabilityZones.length} AZs but the capacity inputs plan for ${plan.azCount}`, 'make azCount in stacks/environments/capacity-inputs.ts match the AZ list');
    }
    const unplanned = config.services.find((s) => !plan.services[s.name]);
    if (unplanned) {
      invalid(`config ${config.name}`, 'services', unplanned.name, 'has no entry in the capacity inputs, so nothing sizes it', 'add the service (podRps, requests, role) to stacks/environments/capacity-inputs.ts');
    }

    this.eks = new EksCluster(this, 'eks', {
      name: config.name,
      network,
      kubernetesVersion: CLUSTER_VERSION,
      // Production never gets a surprise control-plane upgrade; the others follow standard support.
      supportType: config.production ? SupportType.EXTENDED : SupportType.STANDARD,
      adminRoleArns: config.eksAdminRoleArns,
      nodeGroups: plan.nodeGroups.map((g) => ({
        name: g.name,
        instanceTypes: g.instanceTypes,
        availabilityZone: config.availabilityZones[g.azIndex],
        minSize: g.minSize,
        desiredSize: g.desiredSize,
        maxSize: g.maxSize,
        maxPodsPerNode: g.maxPodsPerNode,
        labels: { workload: 'services' },
      })),
      // The observability tier's EKS node alarms and dashboard read its ContainerInsights metrics.
      // Container logs stay off: Prometheus covers the platform, and shipping every pod's log
      // lines at the target rate would dominate the CloudWatch bill.
      containerInsights: CONTAINER_INSIGHTS,
      containerInsightsLogs: false,
      protection,
    });
    this.ingress = new ServiceIngress(this, 'service-ingress', {
      name: config.name,
      network,
      services: config.services.map((s, i) => ({
        name: s.name,
        pathPrefix: s.pathPrefix,
        listenerPort: SERVICE_LISTENER_FIRST_PORT + i,
        targetPort: s.containerPort,
        healthCheckPath: s.readinessPath,
        maxTargets: plan.services[s.name].maxReplicas,
      })),
      // The pods; the node groups are created after the NLB, which admits only the nginx tier (it wires itself).
      targets: this.eks,
      protection,
    });

    const imageKey = new EncryptionKey(this, 'image-key', {
      alias: `${config.name}-ecr`,
      description: `Encrypts the service images of ${config.name}`,
      protection,
    });
    this.repositories = Object.fromEntries(
      config.services.map((s) => [s.name, new ContainerRepository(this, `repository-${s.name}`, { name: `${config.project}/${config.name}/${s.name}`, encryptionKey: imageKey, protection })]),
    );
  }
}
