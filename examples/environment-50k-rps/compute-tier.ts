import { Construct } from 'constructs';
import { CapacityPlan, ContainerRepository, EksCluster, EncryptionKey, KubernetesVersion, Network, ServiceIngress, SupportType } from 'cdktf-million-rps';
import { AVAILABILITY_ZONES, EKS_ADMIN_ROLE_ARNS, EKS_PUBLIC_ACCESS_CIDRS, ENVIRONMENT, PROTECTION, SERVICES } from './settings';

/** NLB listener ports: this plus the service's index in SERVICES. */
const FIRST_LISTENER_PORT = 8080;

/**
 * EKS with one managed node group per AZ (sizes from the plan), the internal NLB that
 * carries nginx's traffic to the pods (one listener and IP target group per service), and
 * an ECR repository per service.
 */
export class ComputeTier extends Construct {
  public readonly eks: EksCluster;
  public readonly ingress: ServiceIngress;
  public readonly repositories: Record<string, ContainerRepository>;

  constructor(scope: Construct, id: string, network: Network, plan: CapacityPlan) {
    super(scope, id);
    const unplanned = SERVICES.find((s) => !plan.services[s.name]);
    if (unplanned) throw new Error(`settings.ts: service "${unplanned.name}" has no entry in capacity.ts, so nothing sizes it. Add it to CAPACITY.services.`);

    this.eks = new EksCluster(this, 'eks', {
      name: ENVIRONMENT,
      network,
      kubernetesVersion: KubernetesVersion.V1_33,
      supportType: SupportType.STANDARD,
      adminRoleArns: EKS_ADMIN_ROLE_ARNS,
      publicAccessCidrs: EKS_PUBLIC_ACCESS_CIDRS,
      nodeGroups: plan.eks.nodeGroups.map((g) => ({
        name: g.name,
        instanceTypes: g.instanceTypes,
        availabilityZone: AVAILABILITY_ZONES[g.azIndex],
        minSize: g.minSize,
        desiredSize: g.desiredSize,
        maxSize: g.maxSize,
        maxPodsPerNode: g.maxPodsPerNode,
      })),
      protection: PROTECTION,
    });

    this.ingress = new ServiceIngress(this, 'ingress', {
      name: ENVIRONMENT,
      network,
      services: SERVICES.map((s, i) => ({
        name: s.name,
        pathPrefix: s.pathPrefix,
        listenerPort: FIRST_LISTENER_PORT + i,
        targetPort: s.containerPort,
        healthCheckPath: s.readinessPath,
        maxTargets: plan.services[s.name].maxReplicas,
      })),
      // The pods. The node groups wait for the NLB's fixed addresses; the edge tier admits nginx.
      targets: this.eks,
      protection: PROTECTION,
    });

    const imageKey = new EncryptionKey(this, 'image-key', { alias: `${ENVIRONMENT}-ecr`, description: `Encrypts the service images of ${ENVIRONMENT}`, protection: PROTECTION });
    this.repositories = Object.fromEntries(
      SERVICES.map((s) => [s.name, new ContainerRepository(this, `repository-${s.name}`, { name: `${ENVIRONMENT}/${s.name}`, encryptionKey: imageKey, protection: PROTECTION })]),
    );
  }
}
