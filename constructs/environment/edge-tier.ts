import { Construct } from 'constructs';
import { CostLeverSettings } from '../../lib/cost/levers';
import { nginxSpot, outsideActiveHours } from './levers';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbPlan, NginxPlan } from '../../lib/capacity';
import { DomainSettings } from '../../lib/config/environment';
import { checkPlanSlice } from '../../lib/plan-slice';
import { checkProps, checkRequiredObject } from '../../lib/validation';
import { Protection } from '../../lib/protection';
import { checkSameStack } from '../../lib/wiring';
import { AlbNginxTier, CdnOriginSettings } from '../alb-nginx-tier';
import { ORIGIN_SUBDOMAIN } from '../../lib/config/environment';
import { MonitoringTargets } from '../monitoring-stack';
import { INetwork } from '../network';
import { IServiceIngress } from '../service-ingress';


export interface EdgeTierProps {
  /** Environment name: prefixes the ALBs, the nginx fleet and their security groups. */
  readonly name: string;
  /** ALBs in its public subnets, the nginx fleet in its app subnets. */
  readonly network: INetwork;
  /** The public DNS zone (created unless `hostedZoneId` names an existing one). */
  readonly domain: DomainSettings;
  /** The ALB fleet's slice of the capacity plan (`plan.alb`). */
  readonly alb: AlbPlan;
  /** The nginx fleet's slice of the capacity plan (`plan.nginx`). */
  readonly nginx: NginxPlan;
  /** The internal NLB (ComputeTier's `ingress`): its endpoints are nginx's upstreams, and it admits the nginx fleet. */
  readonly ingress: IServiceIngress;
  /** Deletion protection, log retention and the production guardrails (TLS, strictest desync mitigation). */
  readonly protection: Protection;
  /** Register the ALBs with ARC zonal shift. @default true */
  readonly zonalShift?: boolean;
  /**
   * Reserve `alb.lcuReservationPerAlb` LCUs on every ALB. The Region's reserved-LCU quota
   * starts at 0 and an ALB asking for more than the quota fails to create: turn it on once
   * the increase is granted.
   * @default false
   */
  readonly reserveCapacity?: boolean;
  /**
   * The environment's cost levers: `spot.nginx` puts the fleet on Spot over the planned size's
   * pools, `schedule` holds it at its planned minimum outside the active hours,
   * `azAffineRouting` makes each instance prefer the ingress's address in its own AZ.
   * @default - on demand, around the clock
   */
  readonly levers?: CostLeverSettings;
  /**
   * CloudFront in front of the API (ApiFront): the ALBs become its origin at
   * `<ORIGIN_SUBDOMAIN>.<zone>`, admit only CloudFront, and nginx checks the secret origin header.
   * @default - clients reach the ALBs at the zone apex
   */
  readonly cdnOrigin?: CdnOriginSettings;
}

/**
 * The environment's public zone (created unless the config names an existing one) and its
 * ALB + nginx tier, sized by the plan's ALB and nginx slices.
 */
export class EdgeTier extends Construct {
  public readonly tier: AlbNginxTier;
  /** The public zone's id (created here, or the configured one). */
  public readonly zoneId: string;
  /** Name servers of the zone created here, to delegate it from its parent; undefined for an existing zone. */
  public readonly nameServers?: string[];
  /** What the observability tier watches here: each ALB, its nginx target group, the fleet. */
  public readonly monitoringTargets: MonitoringTargets;

  constructor(scope: Construct, id: string, props: EdgeTierProps) {
    super(scope, id);
    checkProps(this, props, '{ name, network, domain, alb: plan.alb, nginx: plan.nginx, ingress, protection }');
    checkRequiredObject(this, 'network', props.network, 'pass the environment\'s Network');
    checkSameStack(this, 'network', props.network);
    checkSameStack(this, 'ingress', props.ingress);
    checkPlanSlice(this, 'alb', props.alb, props.network);
    checkPlanSlice(this, 'nginx', props.nginx, props.network);
    const { name, domain, protection, alb, nginx } = props;

    if (domain.hostedZoneId) {
      this.zoneId = domain.hostedZoneId;
    } else {
      const zone = new Route53Zone(this, 'public-zone', {
        name: domain.zoneName,
        comment: `Public zone of ${name}; delegate it from the parent domain (NS records)`,
        lifecycle: protection.lifecycle(),
      });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }
    this.tier = new AlbNginxTier(this, 'alb-nginx', {
      name,
      network: props.network,
      protection,
      capacity: { alb, nginx },
      // Reserved LCUs only once the config says the Regional quota was raised (it is 0 until then).
      reserveCapacity: props.reserveCapacity,
      // With the API front the apex is CloudFront's; the ALBs get their own name, CloudFront's origin.
      tls: { hostedZone: { zoneId: this.zoneId, zoneName: domain.zoneName }, domainName: props.cdnOrigin ? `${ORIGIN_SUBDOMAIN}.${domain.zoneName}` : undefined },
      cdnOrigin: props.cdnOrigin,
      // Blocked requests are kept as long as the other security logs (the protection's log retention).
      wafBlockedRequestLogs: true,
      zonalShift: props.zonalShift ?? true,
      ingress: props.ingress,
      spot: props.levers ? nginxSpot(props.levers, nginx.instanceType) : undefined,
      scheduledScaling: props.levers?.schedule ? outsideActiveHours(props.levers.schedule, nginx) : undefined,
      azAffineUpstreams: props.levers?.azAffineRouting ?? false,
    });

    const tier = this.tier;
    const albSuffixes = tier.albs.map((a) => a.arnSuffix);
    this.monitoringTargets = {
      loadBalancers: albSuffixes.map((arnSuffix, i) => ({ name: `alb-${i}`, arnSuffix, reservedLcu: tier.reservedLcuPerAlb })),
      // Every ALB's target group holds the whole fleet, so each needs the planned minimum healthy.
      targetGroups: tier.targetGroups.map((tg, i) => ({ name: `nginx-${i}`, arnSuffix: tg.arnSuffix, loadBalancerArnSuffix: albSuffixes[i], minHealthyTargets: nginx.minSize })),
      autoScalingGroups: [{ name: tier.fleet.groupName, label: 'nginx', expectedMin: nginx.minSize }],
    };
  }
}
