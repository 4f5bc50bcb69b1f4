import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbNginxTier } from '../../constructs/alb-nginx-tier';
import { INetwork } from '../../constructs/network';
import { IServiceIngress } from '../../constructs/service-ingress';
import { CapacityPlan } from '../../lib/capacity';
import { EnvironmentConfig } from '../../lib/config/environment';
import { Protection } from '../../lib/protection';

export interface EdgeTierProps {
  readonly config: EnvironmentConfig;
  readonly network: INetwork;
  readonly plan: CapacityPlan;
  /** The internal NLB (its endpoints are nginx's upstreams; it admits the nginx fleet). */
  readonly ingress: IServiceIngress;
}

/** The environment's public zone (created unless the config names an existing one) and its ALB + nginx tier, sized by the capacity plan. */
export function addEdgeTier(scope: Construct, props: EdgeTierProps): { tier: AlbNginxTier; zoneId: string; nameServers?: string[] } {
  const { config, plan } = props;
  const protection = Protection.forEnvironment(config.production);
  let zoneId: string;
  let nameServers: string[] | undefined;
  if (config.domain.hostedZoneId) {
    zoneId = config.domain.hostedZoneId;
  } else {
    const zone = new Route53Zone(scope, 'public-zone', {
      name: config.domain.zoneName,
      comment: `Public zone of ${config.name}; delegate it from the parent domain (NS records)`,
      lifecycle: protection.lifecycle(),
    });
    zoneId = zone.zoneId;
    nameServers = zone.nameServers;
  }
  const perInstanceAtTargetRps = plan.nginx.requestCountPerTargetPerMinute / 60;
  const tier = new AlbNginxTier(scope, 'edge', {
    name: config.name,
    network: props.network,
    protection,
    albCount: plan.alb.count,
    // Reserved LCUs are billed by the hour and the Regional quota of reserved LCUs is 0
    // until raised (ALB quotas page), so only production reserves; other environments
    // rely on the ALB's own scaling at their far smaller load.
    lcuReservationPerAlb: config.production ? plan.alb.lcuReservationPerAlb : undefined,
    tls: { hostedZone: { zoneId, zoneName: config.domain.zoneName } },
    // Blocked requests are kept as long as the other security logs (the protection's log retention).
    wafBlockedRequestLogs: true,
    ingress: props.ingress,
    fleet: {
      instanceType: plan.nginx.instanceType,
      minSize: plan.nginx.minSize,
      desiredCapacity: plan.nginx.desiredCapacity,
      maxSize: plan.nginx.maxSize,
      requestsPerInstancePerMinute: plan.nginx.requestCountPerTargetPerMinute,
      workerConnections: plan.nginx.workerConnections,
      // Shed at the instance's full planned capacity (target load / utilisation).
      globalRequestsPerSecond: Math.ceil(perInstanceAtTargetRps / plan.targetUtilization),
    },
  });
  return { tier, zoneId, nameServers };
}
