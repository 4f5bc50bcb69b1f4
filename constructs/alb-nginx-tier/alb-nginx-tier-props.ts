import { IServiceIngress } from '../service-ingress';
import type { AlbPlan, NginxPlan } from '../../lib/capacity/plan';
import { Protection } from '../../lib/protection';
import { RateLimitTier } from '../../lib/rate-limits';
import { ServiceEndpoint } from '../../lib/service-endpoints';
import { INetwork } from '../network';
import { ScheduledScaling, SpotSettings } from '../auto-scaling-group';
import type { IConnectable } from '../connections';
import type { OriginVerifySecret } from '../api-front/origin-verify-secret';

/**
 * The tier as the origin of CloudFront in front of the API (ApiFront): the ALBs admit only
 * CloudFront's origin-facing addresses, nginx refuses requests without the distribution's
 * secret header and takes the client's address from `CloudFront-Viewer-Address`.
 */
export interface CdnOriginSettings {
  /**
   * The id (`pl-...`) of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing`
   * in the ALBs' Region, the only source the ALBs' security group admits (HTTPS). Look it up with
   * `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`
   * (a data source would call AWS at plan time, and the stacks plan offline). A rule that
   * references it counts as the list's max entries (55) toward the group's 60-rule quota.
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list
   */
  readonly originFacingPrefixListId: string;
  /** The secret origin header (the same object ApiFront gets): nginx accepts the values in its secret. */
  readonly originVerify: OriginVerifySecret;
}

/** ALB desync mitigation (HTTP request smuggling). https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode */
export enum DesyncMitigationMode {
  DEFENSIVE = 'defensive',
  STRICTEST = 'strictest',
}

/** The public DNS zone the tier's name lives in; the certificate is validated through it. */
export interface HostedZoneRef {
  readonly zoneId: string;
  /** e.g. `prod.million-rps.example.com` */
  readonly zoneName: string;
}

/** TLS for the HTTPS listener: a new ACM certificate validated through a zone, or an existing one. */
export interface TierTls {
  /** Zone that holds the alias records and the DNS validation records. */
  readonly hostedZone: HostedZoneRef;
  /**
   * Name clients use, inside the zone.
   * @default - the zone apex
   */
  readonly domainName?: string;
  /**
   * An ACM certificate issued elsewhere for `domainName`.
   * @default - a new certificate, validated by DNS records in `hostedZone`
   */
  readonly certificateArn?: string;
  /**
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' - TLS 1.3, and TLS 1.2 with forward-secret ciphers only
   */
  readonly sslPolicy?: string;
}

/** The tier's slices of the capacity plan: `{ alb: plan.alb, nginx: plan.nginx }`. */
export interface AlbNginxTierCapacity {
  /** The ALB fleet's slice (`plan.alb`): ALB count and reserved LCUs. */
  readonly alb: AlbPlan;
  /** The nginx fleet's slice (`plan.nginx`): instance type, counts and per-instance figures. */
  readonly nginx: NginxPlan;
}

/** The nginx fleet's size and per-instance figures, for a tier sized without the capacity model. */
export interface NginxFleetSize {
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
  /** Requests per instance per minute the fleet keeps (ALBRequestCountPerTarget over all ALBs together). */
  readonly requestsPerInstancePerMinute: number;
  /** nginx `worker_connections`. */
  readonly workerConnections: number;
  /**
   * Requests/s one instance admits before shedding with 429 (its planned capacity).
   * @default - no per-instance global limit
   */
  readonly globalRequestsPerSecond?: number;
}

export interface AlbNginxTierProps {
  /** Prefix of every name (`prod` gives `prod-edge-0`, `prod-nginx`). At most 20 characters. */
  readonly name: string;
  /** The ALBs go in its public subnets, the nginx fleet in its app subnets. */
  readonly network: INetwork;
  /**
   * With `retainOnDestroy`, deletion protection on the ALBs and `prevent_destroy` on the log
   * bucket and the WAF log group and key; with `productionGuardrails`, TLS required and the
   * strictest desync mitigation. Access-log and WAF-log retention default to its `logRetentionDays`.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /**
   * The tier's slices of the capacity plan (`{ alb: plan.alb, nginx: plan.nginx }`): ALB
   * count, reserved LCUs and the nginx fleet. Their AZ count (and environment, for a planned
   * network) must match the network's. Sizes given explicitly next to it must equal the plan's.
   * @default - no plan: `albCount` and `fleet` are required
   */
  readonly capacity?: AlbNginxTierCapacity;
  /**
   * Number of internet-facing ALBs. Required without `capacity`.
   * @default - `capacity.alb.count`
   */
  readonly albCount?: number;
  /**
   * The nginx instances' image: an AMI id (`ami-0123456789abcdef0`) or
   * `resolve:ssm:<parameter>`, which EC2 resolves at every launch. It must match the
   * architecture of `fleet.instanceType` (checked at synth when the parameter names it).
   * @default - the latest Amazon Linux 2023 image of the instance type's architecture (`resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64` for Graviton types, `...-x86_64` otherwise)
   */
  readonly imageId?: string;
  /**
   * LCUs reserved on each ALB (at most 15,000).
   * @default - with `capacity` and `reserveCapacity`, `capacity.alb.lcuReservationPerAlb`; otherwise no reservation
   */
  readonly lcuReservationPerAlb?: number;
  /**
   * Reserve the plan's LCUs on each ALB (`minimum_load_balancer_capacity`). Turn it on once the
   * Regional reserved-LCU quota is raised: it is 0 on a fresh account, and creating an ALB with a
   * reservation then fails (npm run capacity lists the quota to request before the first apply).
   * @default false
   */
  readonly reserveCapacity?: boolean;
  /**
   * Serve as CloudFront's origin (ApiFront) instead of the clients' endpoint: the ALBs admit only
   * CloudFront on 443 (`tls` required), the alias records go to `tls.domainName` (give the origin
   * its own name, e.g. `origin.<zone>`), nginx requires the secret origin header and reads the
   * client's IP from `CloudFront-Viewer-Address`, and the tier creates no regional web ACL: the
   * distribution's web ACL already counted and inspected every request.
   * @default - clients reach the ALBs directly
   */
  readonly cdnOrigin?: CdnOriginSettings;
  /**
   * HTTPS. Required with the production guardrails.
   * @default - no TLS: HTTP only (dev without a domain)
   */
  readonly tls?: TierTls;
  /**
   * The internal NLB in front of the services (ServiceIngress): nginx routes to its
   * endpoints, and the tier admits its nginx fleet on the NLB's listener ports (and lets it
   * out to the NLB on exactly those ports), so the NLB admits nginx and nothing else.
   * Give this or `upstreams`.
   * @default - none; `upstreams` instead
   */
  readonly ingress?: IServiceIngress;
  /**
   * Services behind a load balancer made elsewhere (its fixed addresses and ports); nginx may
   * then open connections to those ports anywhere in the VPC. Give this or `ingress`.
   * @default - the ingress's endpoints
   */
  readonly upstreams?: ServiceEndpoint[];
  /**
   * AZ-affine routing (the cost lever `azAffineRouting`): each nginx instance prefers the
   * upstream address in its own AZ (each endpoint's `addresses` are in the network's AZ order,
   * one per AZ, as ServiceIngress makes them) and keeps the other AZs as `backup` servers, so a
   * request stays in the AZ the ALB handed it to. The instance learns its AZ at boot from
   * IMDSv2 and installs that AZ's upstream blocks (rendered here, one file per AZ) before nginx
   * starts. `ingress` must have cross-zone load balancing off, or its NLB spreads the flows over
   * every AZ again. Size each AZ's pods for the share its nginx receives
   * (lib/capacity/az-affinity.ts).
   * @default false - every nginx instance balances over every AZ's address
   */
  readonly azAffineUpstreams?: boolean;
  /**
   * Instance type, counts and per-instance figures of the nginx fleet. Required without
   * `capacity`; next to it, each field must equal the plan's.
   * @default - from `capacity.nginx`
   */
  readonly fleet?: NginxFleetSize;
  /**
   * Per-client rate tiers, enforced by WAF (fleet-wide) and nginx (per instance).
   * @default - DESIGN_NOTES_RATE_LIMITS, without path-scoped tiers (trading) whose path no upstream serves
   */
  readonly rateLimits?: readonly RateLimitTier[];
  /**
   * ALB idle timeout; nginx's client keep-alive is set above it.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Target group deregistration delay, also nginx's graceful shutdown time.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * New targets ramp up over this many seconds.
   * @default 60
   */
  readonly slowStartSeconds?: number;
  /** @default - with the production guardrails DesyncMitigationMode.STRICTEST, otherwise DEFENSIVE */
  readonly desyncMitigationMode?: DesyncMitigationMode;
  /** @default - the protection's `logRetentionDays` (365 in production, 30 otherwise) */
  readonly accessLogRetentionDays?: number;
  /**
   * Registers every ALB with ARC zonal shift, so an operator (or zonal autoshift) can move
   * traffic away from an impaired AZ and back (docs/runbooks.md, "Zonal shift").
   * https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-shift.html
   * @default true
   */
  readonly zonalShift?: boolean;
  /**
   * Log the requests WAF blocks to CloudWatch Logs (KMS-encrypted, Authorization header
   * redacted). Allowed requests are never logged by WAF; the ALB access logs have them.
   * @default - true when `wafBlockedRequestLogRetentionDays` is set, otherwise false
   */
  readonly wafBlockedRequestLogs?: boolean;
  /**
   * Days to keep the requests WAF blocks; setting it turns the WAF log on.
   * @default - the protection's `logRetentionDays` (365 in production, 30 otherwise)
   */
  readonly wafBlockedRequestLogRetentionDays?: number;
  /** @default - on demand only */
  readonly spot?: SpotSettings;
  /**
   * Scheduled actions on the nginx Auto Scaling group, e.g. hold it at its minimum outside
   * working hours.
   * @default [] - the scaling policies alone move the fleet between its bounds
   */
  readonly scheduledScaling?: ScheduledScaling[];
  /**
   * What scrapes nginx's `stub_status` (port `NGINX_STATUS_PORT`) over the network, e.g. a
   * Prometheus whose group is `cluster.connections`: each is admitted on that port only. No
   * construct of this library scrapes it today; an agent on the instance itself reads it over
   * loopback, which needs no security-group rule.
   * @default [] - stub_status answers on loopback only; no network source is admitted
   */
  readonly statusScrapers?: readonly IConnectable[];
}
