import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AWS_QUOTAS } from '../../lib/capacity/sourced';
import { addressCount, Cidr, hostAddress, parseCidr } from '../../lib/cidr';
import { invalid } from '../../lib/errors';
import { Protection, resolveProtection } from '../../lib/protection';
import { rejectReplacedProps } from '../../lib/replaced-props';
import { ServiceEndpoint } from '../../lib/service-endpoints';
import type { ServicePlan } from '../../lib/capacity/plan';
import { checkPlanSlice, planned } from '../../lib/plan-slice';
import { checkArray, checkBoolean, checkInteger, checkName, checkProps, checkRequiredObject } from '../../lib/validation';
import { Connections, IConnectable, isConnectable, Port } from '../connections';
import { checkConnectables } from '../connections/connections';
import { hasNodeGroupOrdering, INodeGroupOrdering } from '../eks-cluster/eks-cluster-props';
import { INetwork } from '../network';

/** One service behind the load balancer. */
export interface IngressServiceSpec {
  /** Service name; also names its target group (`<name>-<service>`, at most 32 characters). */
  readonly name: string;
  /** URL path prefix nginx routes to it (carried into the {@link ServiceEndpoint}). */
  readonly pathPrefix: string;
  /** NLB listener port; unique per service. */
  readonly listenerPort: number;
  /** Port the pods listen on (IP targets). */
  readonly targetPort: number;
  /** HTTP path the NLB health-checks on every pod (the readiness path). */
  readonly healthCheckPath: string;
  /**
   * Most pods the service runs (HPA maxReplicas); checked against the NLB target quotas.
   * @default 0 - not checked
   */
  readonly maxTargets?: number;
}

export interface ServiceIngressProps {
  /** Prefix of the load balancer, target group and security group names. */
  readonly name: string;
  /** The NLB goes in the app subnets, one fixed address per AZ. */
  readonly network: INetwork;
  /** One listener and IP target group per service. */
  readonly services: IngressServiceSpec[];
  /**
   * The services' slices of the capacity plan (`plan.services`), one per service by name:
   * each service's `maxTargets` is its slice's `maxReplicas`. Their AZ count (and
   * environment, for a planned network) must match the network's.
   * @default - no plan: each service's own `maxTargets`
   */
  readonly capacity?: Readonly<Record<string, ServicePlan>>;
  /**
   * Where the pods run (an EksCluster: pods share the node group). Its group admits the
   * NLB's group on each target port (traffic and health checks), and the NLB's group may
   * send only there. When it is an EksCluster, its node groups are created after the NLB
   * (see `addressOffsetFromTop`).
   */
  readonly targets: IConnectable & Partial<INodeGroupOrdering>;
  /**
   * Admitted on every listener port. AlbNginxTier admits its nginx fleet itself when given
   * this ingress; add other clients here or with `connections.allowFrom(client, Port.tcp(<listener>), ...)`.
   * @default [] - nobody until a client is allowed
   */
  readonly clients?: IConnectable[];
  /**
   * The NLB's address in each app subnet, counted down from the top of the block: one
   * fixed, documented place, away from the start of the block. The address must be free
   * when the NLB is created; when `targets` is an EksCluster its node groups (whose VPC CNI
   * takes /28 prefixes anywhere in the subnet) are created after the NLB, so the address is
   * taken first and the CNI then skips that /28.
   * @default 16 - e.g. 10.30.63.240 in 10.30.0.0/18
   */
  readonly addressOffsetFromTop?: number;
  /**
   * Seconds the NLB keeps sending existing flows to a deregistering pod. Pods must stay up
   * at least this long after they start terminating (preStop), see ServiceWorkload.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Registers the NLB with ARC zonal shift, so an operator (or zonal autoshift) can move
   * traffic away from an impaired AZ and back (docs/runbooks.md, "Zonal shift").
   * https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-shift.html
   * @default true
   */
  readonly zonalShift?: boolean;
  /**
   * Cross-zone load balancing: each NLB node spreads over the pods of every AZ, so about
   * (n-1)/n of the bytes cross an AZ (billed both ways). Off, each node sends only to the pods in
   * its own AZ: what AZ-affine routing (AlbNginxTier `azAffineUpstreams`, the cost lever
   * `azAffineRouting`) needs, with every AZ's pods sized for the share its nginx receives
   * (lib/capacity/az-affinity.ts). A node whose AZ has no healthy pod then fails its
   * connections, and nginx moves to its backup AZs.
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#cross-zone-load-balancing
   * @default true
   */
  readonly crossZoneLoadBalancing?: boolean;
  /**
   * With `retainOnDestroy` (production), the NLB has deletion protection: its fixed
   * addresses are nginx's upstreams, so deleting it cuts the edge off the services.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}

export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;
const DEFAULT_ADDRESS_OFFSET_FROM_TOP = 16;
/** The last address of a subnet is reserved by AWS, the first four too. https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html */
const RESERVED_AT_TOP = 1;
const RESERVED_AT_BOTTOM = 4;
/** NLB and target group names: at most 32 characters. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html */
const ELB_NAME_MAX = 32;
/** NLB target group deregistration delay: 0 to 3600 s. */
const MAX_DEREGISTRATION_DELAY_SECONDS = 3600;
/** Listeners per NLB: 50 (not adjustable). https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html */
const MAX_LISTENERS = 50;
/** Default NLB target quotas (adjustable), with their sources in the capacity model's quota table. */
export const NLB_DEFAULT_TARGETS_PER_LOAD_BALANCER_CROSS_ZONE = AWS_QUOTAS.nlbTargetsPerAzCrossZone.value;
export const NLB_DEFAULT_TARGETS_PER_TARGET_GROUP = AWS_QUOTAS.nlbTargetsPerTargetGroup.value;
/** Health checks: 2 successes in, 2 failures out, every 10 s (NLB accepts 5-300 s; 2-10 thresholds). */
const HEALTH_CHECK_INTERVAL_SECONDS = 10;
const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
const HEALTHY_THRESHOLD = 2;
const UNHEALTHY_THRESHOLD = 2;
/** Rule descriptions hold 255 characters; name the services sharing a port only while they fit. */
const MAX_LISTED_SERVICES_CHARS = 160;

/** What the nginx tier needs of the internal NLB: its endpoints (upstreams) and its security group. */
export interface IServiceIngress extends IConnectable {
  readonly endpoints: ServiceEndpoint[];
  /**
   * Whether the NLB balances across AZs. AlbNginxTier's `azAffineUpstreams` needs `false`.
   * @default - unknown (an ingress made elsewhere): treated as on
   */
  readonly crossZoneLoadBalancing?: boolean;
}

/**
 * The internal Network Load Balancer between the nginx tier and the services on EKS: one
 * fixed private address per AZ (so nginx's upstreams are static), cross-zone balancing, a
 * TCP listener and an IP target group per service, health-checked over HTTP on the
 * service's readiness path. Pods join their target group through a TargetGroupBinding
 * (platform stack). {@link endpoints} is what the nginx tier consumes.
 *
 * Security groups: the NLB's group admits nobody by CIDR, only the clients allowed on its
 * listener ports (`clients`, or AlbNginxTier given this ingress: the nginx fleet), and it may
 * send only to `targets` on their container ports, which admit it there (traffic and health
 * checks). When `targets` is an EksCluster its node groups are created after the NLB.
 */
export class ServiceIngress extends Construct implements IServiceIngress {
  public readonly loadBalancerArn: string;
  public readonly securityGroupId: string;
  /**
   * The NLB's group. It admits nobody until a client is allowed on a listener port
   * (`clients`, or AlbNginxTier given this ingress), and sends only to the targets.
   */
  public readonly connections: Connections;
  /** The NLB's fixed addresses, one per AZ, in AZ order (plain strings). */
  public readonly addresses: string[];
  public readonly endpoints: ServiceEndpoint[];
  /** Target group ARN per service name. */
  public readonly targetGroupArns: Record<string, string>;
  /** Whether the NLB balances across AZs (`crossZoneLoadBalancing`). */
  public readonly crossZoneLoadBalancing: boolean;
  public readonly loadBalancer: Lb;

  constructor(scope: Construct, id: string, given: ServiceIngressProps) {
    super(scope, id);
    checkProps(this, given, `{ network, services, targets, capacity: plan.services }`);
    checkRequiredObject(this, 'network', given.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const props = this.sized(given);
    this.addresses = this.validate(props);
    const protection = resolveProtection(this, props);
    const network = props.network;
    checkBoolean(this, 'crossZoneLoadBalancing', props.crossZoneLoadBalancing);
    if (props.crossZoneLoadBalancing === false && network.appSubnets.length < 2) {
      invalid(this, 'crossZoneLoadBalancing', false, `is off with ${network.appSubnets.length} AZ: there is no other AZ to fail over to`, 'leave cross-zone load balancing on, or span at least two AZs');
    }
    this.crossZoneLoadBalancing = props.crossZoneLoadBalancing ?? true;

    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.name}-service-nlb`,
      description: `Internal NLB ${props.name}: nginx tier to the services`,
      vpcId: network.vpcId,
      tags: { Name: `${props.name}-service-nlb` },
    });
    this.securityGroupId = sg.id;
    this.connections = new Connections({ securityGroups: [{ securityGroupId: sg.id, owner: this, name: 'nlb' }] });

    this.loadBalancer = new Lb(this, 'nlb', {
      name: `${props.name}-services`,
      internal: true,
      loadBalancerType: 'network',
      securityGroups: [sg.id],
      subnetMapping: network.appSubnets.map((s, i) => ({ subnetId: s.id, privateIpv4Address: this.addresses[i] })),
      enableCrossZoneLoadBalancing: this.crossZoneLoadBalancing,
      // Zonal shift with cross-zone on needs TCP/TLS target groups that follow the NLB's
      // cross-zone setting and keep connections to unhealthy targets (below); both settings
      // are valid with cross-zone off too.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-zonal-shift.html
      enableZonalShift: props.zonalShift ?? true,
      enableDeletionProtection: protection.deletionProtection,
      tags: { Name: `${props.name}-services` },
    });
    this.loadBalancerArn = this.loadBalancer.arn;

    // The targets admit the NLB (traffic and health checks) once per target port.
    const byTargetPort = new Map<number, string[]>();
    for (const s of props.services) byTargetPort.set(s.targetPort, [...(byTargetPort.get(s.targetPort) ?? []), s.name]);
    for (const [port, names] of byTargetPort) {
      const services = names.join(', ');
      const what = services.length <= MAX_LISTED_SERVICES_CHARS ? services : `${names.length} services`;
      props.targets.connections.allowFrom(this, Port.tcp(port), `${what} from the internal NLB ${props.name} (traffic and health checks)`);
    }
    // Its fixed addresses are taken before any node's VPC CNI claims a /28 around them.
    if (hasNodeGroupOrdering(props.targets)) props.targets.addNodeGroupDependency(this.loadBalancer);

    this.targetGroupArns = {};
    this.endpoints = [];
    for (const service of props.services) {
      const targetGroup = new LbTargetGroup(this, `tg-${service.name}`, {
        name: `${props.name}-${service.name}`,
        vpcId: network.vpcId,
        targetType: 'ip',
        protocol: 'TCP',
        port: service.targetPort,
        deregistrationDelay: String(props.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS),
        healthCheck: {
          enabled: true,
          protocol: 'HTTP',
          port: 'traffic-port',
          path: service.healthCheckPath,
          matcher: '200-399',
          interval: HEALTH_CHECK_INTERVAL_SECONDS,
          timeout: HEALTH_CHECK_TIMEOUT_SECONDS,
          healthyThreshold: HEALTHY_THRESHOLD,
          unhealthyThreshold: UNHEALTHY_THRESHOLD,
        },
        // Required of every target group of an NLB with cross-zone load balancing and zonal shift.
        loadBalancingCrossZoneEnabled: 'use_load_balancer_configuration',
        targetHealthState: [{ enableUnhealthyConnectionTermination: false }],
        tags: { Name: `${props.name}-${service.name}`, Service: service.name },
      });
      new LbListener(this, `listener-${service.name}`, {
        loadBalancerArn: this.loadBalancer.arn,
        port: service.listenerPort,
        protocol: 'TCP',
        defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
        tags: { Name: `${props.name}-${service.name}` },
      });
      this.targetGroupArns[service.name] = targetGroup.arn;
      this.endpoints.push({ name: service.name, pathPrefix: service.pathPrefix, port: service.listenerPort, addresses: [...this.addresses] });
    }
    for (const client of props.clients ?? []) this.allowListenersFrom(client);
  }

  /** Admits `client` on every listener port (what AlbNginxTier does for its nginx fleet). */
  public allowListenersFrom(client: IConnectable): void {
    for (const endpoint of this.endpoints) this.connections.allowFrom(client, Port.tcp(endpoint.port), `${endpoint.name} from ${client.connections.describe()}`);
  }

  /** Checks every prop; returns the fixed address of the NLB in each app subnet. */
  /** Each service's target bound: its own `maxTargets`, else its capacity slice's `maxReplicas`; both and different is an error. */
  private sized(props: ServiceIngressProps): ServiceIngressProps {
    const plans = props.capacity;
    if (plans === undefined || !Array.isArray(props.services)) return props;
    checkRequiredObject(this, 'capacity', plans, 'pass plan.services');
    return {
      ...props,
      services: props.services.map((s, i) => {
        const plan = plans[s.name];
        if (plan === undefined) invalid(this, 'capacity', Object.keys(plans), `has no slice for service "${s.name}"`, 'pass plan.services of the plan made with these services');
        checkPlanSlice(this, `capacity.${s.name}`, plan, props.network);
        return { ...s, maxTargets: planned(this, `services[${i}].maxTargets`, s.maxTargets, plan.maxReplicas) };
      }),
    };
  }

  private validate(props: ServiceIngressProps): string[] {
    checkName(this, 'name', props.name, { maxLength: ELB_NAME_MAX - '-services'.length, pattern: /^[a-z0-9][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'load balancer name prefix' });
    checkArray(this, 'services', props.services, { minLength: 1, maxLength: MAX_LISTENERS, what: `services (an NLB has at most ${MAX_LISTENERS} listeners)` });
    rejectReplacedProps(this, props, {
      clientCidrs: { by: 'security group references (the NLB admits only its clients\' groups)', fix: () => 'drop it: AlbNginxTier admits its nginx fleet when given ingress: <this ServiceIngress>; other clients go in clients: [...]' },
      targetSecurityGroupId: { by: 'targets (an object reference)', fix: () => 'pass targets: eksCluster, or Connections.fromSecurityGroupId(this, "<id>", "<sg-id>") for a group made elsewhere' },
    });
    if (!isConnectable(props.targets)) {
      invalid(this, 'targets', props.targets, 'is not connectable (no `connections`)', 'pass the EksCluster the pods run on, or Connections.fromSecurityGroupId(this, "<id>", "<sg-id>")');
    }
    checkConnectables(this, 'clients', props.clients);
    checkInteger(this, 'deregistrationDelaySeconds', props.deregistrationDelaySeconds, { min: 0, max: MAX_DEREGISTRATION_DELAY_SECONDS });
    const ports = new Set<number>();
    let totalTargets = 0;
    props.services.forEach((s, i) => {
      const at = `services[${i}]`;
      checkName(this, `${at}.name`, `${props.name}-${s.name}`, { maxLength: ELB_NAME_MAX, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, charset: 'lower-case letters, digits and hyphens', what: 'target group name (<name>-<service>)' });
      checkInteger(this, `${at}.listenerPort`, s.listenerPort, { min: 1, max: 65535 });
      checkInteger(this, `${at}.targetPort`, s.targetPort, { min: 1, max: 65535 });
      if (ports.has(s.listenerPort)) invalid(this, `${at}.listenerPort`, s.listenerPort, 'is used by two services', 'give every service its own listener port');
      ports.add(s.listenerPort);
      if (!s.healthCheckPath.startsWith('/')) invalid(this, `${at}.healthCheckPath`, s.healthCheckPath, 'does not start with "/"', 'pass the readiness path, such as "/health/ready"');
      checkInteger(this, `${at}.maxTargets`, s.maxTargets, { min: 0 });
      const targets = s.maxTargets ?? 0;
      totalTargets += targets;
      if (targets > NLB_DEFAULT_TARGETS_PER_TARGET_GROUP) {
        Annotations.of(this).addWarning(
          `${s.name}: up to ${targets} pods exceed the default NLB quota "Targets per target group per Region" (${NLB_DEFAULT_TARGETS_PER_TARGET_GROUP}); request an increase before the HPA reaches it`,
        );
      }
    });
    if (totalTargets > NLB_DEFAULT_TARGETS_PER_LOAD_BALANCER_CROSS_ZONE) {
      Annotations.of(this).addWarning(
        `up to ${totalTargets} pods exceed the default NLB quota of ${NLB_DEFAULT_TARGETS_PER_LOAD_BALANCER_CROSS_ZONE} targets per load balancer with cross-zone on; request an increase of "Targets per Network Load Balancer" / "Targets per Availability Zone per Network Load Balancer" before the HPA reaches it`,
      );
    }

    const offset = props.addressOffsetFromTop ?? DEFAULT_ADDRESS_OFFSET_FROM_TOP;
    checkInteger(this, 'addressOffsetFromTop', offset, { min: RESERVED_AT_TOP + 1 });
    return props.network.appSubnets.map((subnet, i) => {
      const cidr = parseCidr(subnet.cidr) as Cidr | undefined;
      if (!cidr) invalid(this, `network.appSubnets[${i}].cidr`, subnet.cidr, 'is not a plain IPv4 CIDR', 'pass a network whose subnet CIDRs are known at synth time');
      const size = addressCount(cidr);
      if (offset > size - RESERVED_AT_BOTTOM - RESERVED_AT_TOP) {
        invalid(this, 'addressOffsetFromTop', offset, `does not fit in ${subnet.cidr} (${size} addresses, 5 reserved by AWS)`, `use an offset from ${RESERVED_AT_TOP + 1} to ${size - RESERVED_AT_BOTTOM - RESERVED_AT_TOP}`);
      }
      return hostAddress(cidr, size - offset);
    });
  }
}
