import { PLACEHOLDER, Sourced, sourced } from '../capacity/sourced';
import { checkNumber } from '../validation';
import { invalid } from '../errors';

/**
 * Usage figures the cost model needs and the capacity plan does not hold: how many bytes a
 * cache operation moves, how much a log record weighs. Each carries its source; the unmeasured
 * ones say PLACEHOLDER (a conservative planning figure) so the report shows them.
 */
export interface CostAssumptions {
  /** Hours billed in a month. */
  readonly hoursPerMonth: Sourced<number>;
  /** Bytes a cache GET/SET moves, request and reply together. */
  readonly cacheBytesPerOp: Sourced<number>;
  /** Bytes a PostgreSQL query moves, query and result together. */
  readonly dbBytesPerQuery: Sourced<number>;
  /** GB each EC2 instance (node or nginx) pulls through the NAT gateways a month: OS and agent updates, images from public registries. */
  readonly natGBPerInstanceMonth: Sourced<number>;
  /** Bytes of one VPC flow log record (default format). */
  readonly flowLogBytesPerRecord: Sourced<number>;
  /** Share of requests the WAF blocks (only blocked requests are logged). */
  readonly wafBlockedShare: Sourced<number>;
  /** Bytes of one WAF log record. */
  readonly wafLogBytesPerRecord: Sourced<number>;
  /** GB a month each service log group (RDS, ElastiCache, EKS control plane) ingests. */
  readonly serviceLogGBPerGroupMonth: Sourced<number>;
  /** Bytes of one ALB access log entry before compression. */
  readonly albAccessLogBytesPerRequest: Sourced<number>;
  /** Compressed size / raw size of the ALB access log files (gzip). */
  readonly albAccessLogCompression: Sourced<number>;
  /** KMS requests each key serves a month (data keys are cached by the services). */
  readonly kmsRequestsPerKeyMonth: Sourced<number>;
  /** GB of images each ECR repository keeps (the lifecycle keeps the last 100 tagged images). */
  readonly ecrGBPerRepository: Sourced<number>;
  /** Private DNS queries a month to the data tier's zone (connections are pooled; resolvers cache). */
  readonly privateDnsQueriesPerMonth: Sourced<number>;
  /** Secrets Manager API calls a month (RDS Proxy and the read pooler cache the secret). */
  readonly secretsApiCallsPerMonth: Sourced<number>;
}

const AWS_730 = 'AWS pricing pages and the AWS Pricing Calculator bill a month as 730 hours (e.g. "Hourly charge (730 hrs)" in the NAT gateway examples, https://aws.amazon.com/vpc/pricing/)';
const plan = (what: string): string => `${PLACEHOLDER}: planning figure for ${what}; replace with a measurement from the running environment`;

export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  hoursPerMonth: sourced(730, AWS_730),
  cacheBytesPerOp: sourced(1_100, plan('a cache operation (1 KiB value plus RESP framing)')),
  dbBytesPerQuery: sourced(2_048, plan('an indexed point query and its row over the PostgreSQL protocol')),
  natGBPerInstanceMonth: sourced(5, plan('OS and agent updates and public-registry images per instance (ECR, S3, logs and STS go through endpoints)')),
  flowLogBytesPerRecord: sourced(150, plan('one default-format VPC flow log record (14 fields)')),
  wafBlockedShare: sourced(0.001, plan('the share of requests the WAF blocks outside an attack')),
  wafLogBytesPerRecord: sourced(1_500, plan('one WAF log record (headers, labels, rule matches)')),
  serviceLogGBPerGroupMonth: sourced(5, plan('PostgreSQL, Valkey and EKS control-plane log exports per group')),
  albAccessLogBytesPerRequest: sourced(700, plan('one ALB access log entry (30 space-separated fields)')),
  albAccessLogCompression: sourced(0.1, plan('gzip on access log text')),
  kmsRequestsPerKeyMonth: sourced(100_000, plan('data-key requests per key (EBS attach, Logs, SNS, RDS, ElastiCache, EKS secrets)')),
  ecrGBPerRepository: sourced(30, plan('100 retained images of ~300 MB compressed')),
  privateDnsQueriesPerMonth: sourced(10_000_000, plan('resolutions of the data tier\'s names by pools and poolers')),
  secretsApiCallsPerMonth: sourced(100_000, plan('secret reads by RDS Proxy and the Secrets Store CSI driver')),
};

/** Rejects a non-numeric, negative or out-of-range figure, naming it. */
export function validateAssumptions(a: CostAssumptions, where = 'cost assumptions'): void {
  for (const [key, figure] of Object.entries(a) as [keyof CostAssumptions, Sourced<number>][]) {
    if (!figure || typeof figure !== 'object') invalid(where, key, figure, 'is not a sourced figure', 'pass { value, source }');
    if (figure.value === undefined) invalid(where, `${key}.value`, figure.value, 'is missing', 'pass a number');
    checkNumber(where, `${key}.value`, figure.value, { min: 0, max: key === 'wafBlockedShare' || key === 'albAccessLogCompression' ? 1 : 1e12 });
    if (typeof figure.source !== 'string' || figure.source.trim().length === 0) invalid(where, `${key}.source`, figure.source, 'is empty: every figure names its source', "name a document, a measurement, or 'PLACEHOLDER: ...'");
  }
  if (a.hoursPerMonth.value < 1 || a.hoursPerMonth.value > 744) invalid(where, 'hoursPerMonth.value', a.hoursPerMonth.value, 'is not an hour count of a month', 'use 730 (the AWS convention)');
}
