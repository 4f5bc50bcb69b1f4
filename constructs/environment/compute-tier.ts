import { Construct } from 'constructs';
import { spotInstanceTypes } from '../../lib/capacity/catalog';
import { CostLeverSettings } from '../../lib/cost/levers';
import { outsideActiveHours } from './levers';
import { EksPlan, ServicePlan } from '../../lib/capacity';
import { ClusterAccessSettings } from '../../lib/config/environment';
import { ServiceConfig } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { checkPlanSlice } from '../../lib/plan-slice';
import { checkArray, checkProps, checkRequiredObject } from '../../lib/validation';
import { Protection } from '../../lib/protection';
import { checkSameStack } from '../../lib/wiring';
import { ContainerRepository } from '../container-repository';
import { EksCluster, KubernetesVersion, SupportType } from '../eks-cluster';
import { EncryptionKey } from '../encryption-key';
import { MonitoringTargets } from '../monitoring-stack';
import { INetwork } from '../network';
import { ServiceIngress } from '../service-ingress';
import { SERVICE_LISTENER_FIRST_PORT } from './conventions';


export interface ComputeTierProps {
  /** Environment name: names the cluster, the NLB and the repositories' key alias. */
  readonly name: string;
  /** Project name: the repositories are `<project>/<name>/<service>`. */
  readonly project: string;
  /** The cluster, its nodes and the internal NLB go in its app subnets. */
  readonly network: INetwork;
  /** The cluster's slice of the capacity plan (`plan.eks`): node groups and the reserved platform pods. */
  readonly eks: EksPlan;
  /** The services on the cluster, in listener-port order. */
  readonly services: readonly ServiceConfig[];
  /** Their slices of the capacity plan (`plan.services`), for the NLB target quotas. */
  readonly servicePlans: Readonly<Record<string, ServicePlan>>;
  /** Kubernetes version of the control plane and node groups. */
  readonly kubernetesVersion: KubernetesVersion;
  /**
   * Deletion protection, `prevent_destroy` and log retention of the cluster, the NLB and the
   * repositories; production also runs the cluster on extended support (no surprise upgrades).
   */
  readonly protection: Protection;
  /** IAM roles given cluster-admin through access entries. @default [] */
  readonly adminRoleArns?: string[];
  /** Register the cluster and the internal NLB with ARC zonal shift. @default true */
  readonly zonalShift?: boolean;
  /**
   * How the deployer reaches the cluster: its role's access entry (or cluster-creator admin)
   * and the networks admitted to the private API endpoint.
   * @default - no deployer access beyond `adminRoleArns`
   */
  readonly access?: ClusterAccessSettings;
  /**
   * The environment's cost levers: `spot.nodeGroups` runs the node groups on Spot over the
   * planned size's pools, `schedule` holds each group at its planned minimum outside the
   * active hours, `azAffineRouting` turns the internal NLB's cross-zone load balancing off.
   * @default - on demand, around the clock
   */
  readonly levers?: CostLeverSettings;
}

/**
 * The EKS side of an environment's AWS stack: the cluster and its node groups from the plan,
 * the internal NLB that carries the nginx tier's traffic to the pods (one listener and IP
 * target group per service), and one ECR repository per service.
 */
export class ComputeTier extends Construct {
  public readonly eks: EksCluster;
  public readonly ingress: ServiceIngress;
  public readonly repositories: Readonly<Record<string, ContainerRepository>>;
  /** What the observability tier watches here: the cluster's node bounds from the plan. */
  public readonly monitoringTargets: MonitoringTargets;

  constructor(scope: Construct, id: string, props: ComputeTierProps) {
    super(scope, id);
    checkProps(this, props, '{ name, project, network, eks: plan.eks, services, servicePlans: plan.services, ... }');
    checkRequiredObject(this, 'network', props.network, 'pass the environment\'s Network');
    checkSameStack(this, 'network', props.network);
    checkPlanSlice(this, 'eks', props.eks, props.network);
    checkArray(this, 'services', props.services, { minLength: 1, what: 'services' });
    const unplanned = props.services.find((s) => !props.servicePlans?.[s.name]);
    if (unplanned) invalid(this, 'servicePlans', unplanned.name, 'has no slice for this service', 'pass plan.services of the plan made with these services');
    const { name, network, protection } = props;
    const plan = props.eks;

    this.eks = new EksCluster(this, 'eks', {
      name,
      network,
      kubernetesVersion: props.kubernetesVersion,
      // Production never gets a surprise control-plane upgrade; the others follow standard support.
      supportType: protection.productionGuardrails ? SupportType.EXTENDED : SupportType.STANDARD,
      adminRoleArns: [...(props.adminRoleArns ?? []), ...(props.access?.deployerRoleArn && !(props.adminRoleArns ?? []).includes(props.access.deployerRoleArn) ? [props.access.deployerRoleArn] : [])],
      clusterCreatorAdmin: props.access?.clusterCreatorAdmin,
      apiAccessCidrs: props.access?.deployerCidrs,
      apiAccessSecurityGroupIds: props.access?.deployerSecurityGroupIds,
      nodeGroups: plan.nodeGroups.map((g) => ({
        name: g.name,
        instanceTypes: props.levers?.spot.nodeGroups ? g.instanceTypes.flatMap((t) => spotInstanceTypes(t, 'levers.spot.nodeGroups')).filter((t, i, all) => all.indexOf(t) === i) : [...g.instanceTypes],
        capacityType: props.levers?.spot.nodeGroups ? 'SPOT' : 'ON_DEMAND',
        scheduledScaling: props.levers?.schedule ? outsideActiveHours(props.levers.schedule, g) : undefined,
        availabilityZone: network.availabilityZones[g.azIndex],
        minSize: g.minSize,
        desiredSize: g.desiredSize,
        maxSize: g.maxSize,
        maxPodsPerNode: g.maxPodsPerNode,
        labels: { workload: 'services' },
      })),
      // The plan reserved node room for Container Insights' controller exactly when it is on.
      containerInsights: plan.containerInsights,
      // Container logs stay off: Prometheus covers the platform, and shipping every pod's log
      // lines at the target rate would dominate the CloudWatch bill.
      containerInsightsLogs: false,
      protection,
      zonalShift: props.zonalShift ?? true,
    });
    this.ingress = new ServiceIngress(this, 'service-ingress', {
      name,
      network,
      services: props.services.map((s, i) => ({
        name: s.name,
        pathPrefix: s.pathPrefix,
        listenerPort: SERVICE_LISTENER_FIRST_PORT + i,
        targetPort: s.containerPort,
        healthCheckPath: s.readinessPath,
      })),
      capacity: props.servicePlans,
      // The pods; the node groups are created after the NLB, which admits only the nginx tier (it wires itself).
      targets: this.eks,
      protection,
      zonalShift: props.zonalShift ?? true,
      // AZ-affine routing: each NLB node keeps its AZ's flows on that AZ's pods.
      crossZoneLoadBalancing: !(props.levers?.azAffineRouting ?? false),
    });

    const imageKey = new EncryptionKey(this, 'image-key', {
      alias: `${name}-ecr`,
      description: `Encrypts the service images of ${name}`,
      protection,
    });
    this.repositories = Object.fromEntries(
      props.services.map((s) => [s.name, new ContainerRepository(this, `repository-${s.name}`, { name: `${props.project}/${name}/${s.name}`, encryptionKey: imageKey, protection })]),
    );
    this.monitoringTargets = { eksClusters: [{ name: this.eks.clusterName, expectedNodesMin: plan.expectedNodesMin, expectedNodesMax: plan.expectedNodesMax }] };
  }
}
