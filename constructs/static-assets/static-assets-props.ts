import { TerraformProvider } from 'cdktf';
import { CdnPlan } from '../../lib/capacity/cdn';
import { Protection } from '../../lib/protection';

/** Which edge locations serve the distribution (and what they cost). https://aws.amazon.com/cloudfront/pricing/ */
export enum PriceClass {
  /** Every edge location: the lowest latency everywhere. */
  ALL = 'PriceClass_All',
  /** North America, Europe, Asia, Middle East and Africa. */
  PRICE_CLASS_200 = 'PriceClass_200',
  /** North America and Europe only. */
  PRICE_CLASS_100 = 'PriceClass_100',
}

/** The public Route 53 zone the name, its alias and the certificate's validation records live in. */
export interface StaticAssetsZone {
  readonly zoneId: string;
  readonly zoneName: string;
}

export interface StaticAssetsProps {
  /** Prefix of bucket, policy, web ACL and log names, e.g. the environment's name. */
  readonly name: string;
  /** The public zone: the distribution's name (`domainName`), its alias records and the certificate's DNS validation live there. */
  readonly hostedZone: StaticAssetsZone;
  /**
   * The AWS provider of the stack configured for us-east-1: CloudFront takes its viewer
   * certificate from ACM in us-east-1, web ACLs at CloudFront scope live there, and so does the
   * standard-log delivery of a distribution. The stack's default provider serves the rest.
   */
  readonly globalProvider: TerraformProvider;
  /** The CDN slice of the capacity plan (`plan.cdn`): the load the alarms and the report describe. @default - no plan check */
  readonly capacity?: CdnPlan;
  /** Name the assets are served at; inside the zone. @default `static.<zoneName>` */
  readonly domainName?: string;
  /**
   * An existing ACM certificate for `domainName`, in us-east-1 (CloudFront reads certificates
   * only there).
   * @default - a new certificate, DNS-validated in the zone, through `globalProvider`
   */
  readonly certificateArn?: string;
  /**
   * Seconds the edge keeps an asset when the origin sends no `Cache-Control` (and the most it
   * keeps one that asks for longer). Assets are published under content-hashed names, so a
   * new build never needs an invalidation.
   * @default 31,536,000 (one year)
   */
  readonly assetMaxAgeSeconds?: number;
  /** @default PriceClass.ALL */
  readonly priceClass?: PriceClass;
  /**
   * Origins allowed to read the assets cross-origin (fonts, module scripts), e.g.
   * `https://<zoneName>`, where the application is served.
   * @default [`https://<zoneName>`]
   */
  readonly corsAllowedOrigins?: string[];
  /** Days the standard logs are kept. @default - the protection's `logRetentionDays` */
  readonly logRetentionDays?: number;
  /**
   * `prevent_destroy` and no `force_destroy` on both buckets in production, log retention.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}
