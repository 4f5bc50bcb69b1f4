import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbNginxTier, CapacityPlan, IServiceIngress, Network } from 'cdktf-million-rps';
import { ENVIRONMENT, PROTECTION, ZONE_NAME } from './settings';

/**
 * The public zone, the internet-facing ALBs with WAF and TLS, and the nginx fleet behind
 * them, all sized by the plan. nginx proxies to the internal NLB's fixed addresses.
 */
export class EdgeTier extends Construct {
  public readonly zone: Route53Zone;
  public readonly tier: AlbNginxTier;

  constructor(scope: Construct, id: string, network: Network, plan: CapacityPlan, ingress: IServiceIngress) {
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', { name: ZONE_NAME, comment: `Public zone of ${ENVIRONMENT}` });
    this.tier = new AlbNginxTier(this, 'edge', {
      name: ENVIRONMENT,
      network,
      protection: PROTECTION,
      albCount: plan.alb.count,
      // No LCU reservation (plan.alb.lcuReservationPerAlb): reserved LCUs are billed by the
      // hour and the Regional quota is 0 until raised; an ALB scales to this load on its own.
      tls: { hostedZone: { zoneId: this.zone.zoneId, zoneName: ZONE_NAME } },
      // Blocked requests are kept as long as the other logs (the protection's log retention).
      wafBlockedRequestLogs: true,
      // nginx's upstreams are the NLB's endpoints; the NLB admits the nginx fleet only.
      ingress,
      fleet: {
        instanceType: plan.nginx.instanceType,
        minSize: plan.nginx.minSize,
        desiredCapacity: plan.nginx.desiredCapacity,
        maxSize: plan.nginx.maxSize,
        requestsPerInstancePerMinute: plan.nginx.requestCountPerTargetPerMinute,
        workerConnections: plan.nginx.workerConnections,
        // Shed with 429 above an instance's full planned capacity (its load at target / utilisation).
        globalRequestsPerSecond: Math.ceil(plan.nginx.requestCountPerTargetPerMinute / 60 / plan.targetUtilization),
      },
    });
  }
}
