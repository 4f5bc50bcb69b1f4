import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { AlbNginxTier, CapacityPlan, Network, ServiceEndpoint } from 'cdktf-million-rps';
import { ENVIRONMENT, ZONE_NAME } from './settings';

/** Days to keep the requests WAF blocks, like the VPC flow logs of a non-production environment. */
const WAF_BLOCKED_REQUEST_LOG_DAYS = 30;

/**
 * The public zone, the internet-facing ALBs with WAF and TLS, and the nginx fleet behind
 * them, all sized by the plan. nginx proxies to the internal NLB's fixed addresses.
 */
export class EdgeTier extends Construct {
  public readonly zone: Route53Zone;
  public readonly tier: AlbNginxTier;

  constructor(scope: Construct, id: string, network: Network, plan: CapacityPlan, upstreams: ServiceEndpoint[]) {
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', { name: ZONE_NAME, comment: `Public zone of ${ENVIRONMENT}` });
    this.tier = new AlbNginxTier(this, 'edge', {
      name: ENVIRONMENT,
      network,
      production: false,
      albCount: plan.alb.count,
      // No LCU reservation (plan.alb.lcuReservationPerAlb): reserved LCUs are billed by the
      // hour and the Regional quota is 0 until raised; an ALB scales to this load on its own.
      tls: { hostedZone: { zoneId: this.zone.zoneId, zoneName: ZONE_NAME } },
      wafBlockedRequestLogRetentionDays: WAF_BLOCKED_REQUEST_LOG_DAYS,
      upstreams,
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
