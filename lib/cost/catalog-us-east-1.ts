import { PriceCatalog, PriceEntry } from './price';

/**
 * On-demand list prices for us-east-1, the Region every reference environment uses.
 *
 * How each figure was read (2026-12-01, and 2026-12-02 for the figures sourced under issue 15;
 * from stored copies: this project has no live web):
 * - EC2 instance-hours: the AWS Price List API export for us-east-1 (Linux, shared tenancy)
 *   that aws/karpenter-provider-aws commits as pkg/providers/pricing/zz_generated.pricing_aws.go
 *   ("generated at 2026-01-19T13:23:24Z for us-east-1").
 * - Other services: stored copies of AWS pages where they exist, otherwise dated pages that
 *   quote the AWS pricing page; `via` says which.
 * - Figures no stored copy gave are `usd: null` with the page they belong on: the report lists
 *   them as unpriced and its totals as lower bounds. Pass an override (withOverrides) to fill one.
 */

const READ = '2026-12-01';
/** The date the figures added for issue 15 ("every catalog entry has a source and a date") were read. */
const READ_2 = '2026-12-02';
/** The figures added in the az-affine round of issue 15 (Route 53 queries, S3 GETs), read the same day. */
const READ_AZ_AFFINE = '2026-12-02';

const EC2_PAGE = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const EC2_VIA =
  'AWS Price List API export for us-east-1 generated 2026-01-19T13:23:24Z, stored copy of aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go';
const ELB_PAGE = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const VPC_PAGE = 'https://aws.amazon.com/vpc/pricing/';
const EKS_PAGE = 'https://aws.amazon.com/eks/pricing/';
const WAF_PAGE = 'https://aws.amazon.com/waf/pricing/';
const CW_PAGE = 'https://aws.amazon.com/cloudwatch/pricing/';
const KMS_PAGE = 'https://aws.amazon.com/kms/pricing/';
const RDS_PG_PAGE = 'https://aws.amazon.com/rds/postgresql/pricing/';
const RDS_PROXY_PAGE = 'https://aws.amazon.com/rds/proxy/pricing/';
const ELASTICACHE_PAGE = 'https://aws.amazon.com/elasticache/pricing/';
const S3_PAGE = 'https://aws.amazon.com/s3/pricing/';
const ROUTE53_PAGE = 'https://aws.amazon.com/route53/pricing/';
const ECR_PAGE = 'https://aws.amazon.com/ecr/pricing/';
const SECRETS_PAGE = 'https://aws.amazon.com/secrets-manager/pricing/';
const EBS_PAGE = 'https://aws.amazon.com/ebs/pricing/';
const SAVINGS_PLANS_PAGE = 'https://aws.amazon.com/savingsplans/compute-pricing/';
const SPOT_PAGE = 'https://aws.amazon.com/ec2/spot/pricing/';
const RDS_RI_PAGE = 'https://aws.amazon.com/rds/reserved-instances/';
const BACKUP_PAGE = 'https://aws.amazon.com/backup/pricing/';
const FIS_PAGE = 'https://aws.amazon.com/fis/pricing/';

const MSK_PAGE = 'https://aws.amazon.com/msk/pricing/';
const MSK_VIA = 'a public 2026 MSK cost write-up quoting the MSK pricing page for us-east-1 (code-index copy; the AWS page itself had no readable stored copy): express.m7g.large $0.408, express.m7g.4xlarge $3.264, express.m7g.16xlarge $13.056, kafka.m7g.large $0.204 per broker-hour, Standard storage $0.10 per GB-month';
const MSK_EXPRESS_DERIVED = 'derived, not quoted: Express prices are linear in size in the three quoted points (0.408 x 8 = 3.264 for 4xlarge, x 32 = 13.056 for 16xlarge), so $0.408 per large-equivalent';
/** Express broker-hours (us-east-1): quoted (large, 4xlarge, 16xlarge) or derived from the linear relation of the quoted ones. */
const MSK_EXPRESS_HOURLY: Record<string, { usd: number; quoted: boolean }> = {
  'express.m7g.large': { usd: 0.408, quoted: true },
  'express.m7g.xlarge': { usd: 0.816, quoted: false },
  'express.m7g.2xlarge': { usd: 1.632, quoted: false },
  'express.m7g.4xlarge': { usd: 3.264, quoted: true },
  'express.m7g.8xlarge': { usd: 6.528, quoted: false },
  'express.m7g.12xlarge': { usd: 9.792, quoted: false },
  'express.m7g.16xlarge': { usd: 13.056, quoted: true },
};
const MSK_STANDARD_TYPES = ['kafka.m7g.xlarge', 'kafka.m7g.2xlarge', 'kafka.m7g.4xlarge', 'kafka.m7g.8xlarge', 'kafka.m7g.12xlarge', 'kafka.m7g.16xlarge'];

const CLOUDFRONT_PAGE = 'https://aws.amazon.com/cloudfront/pricing/';

const NOT_FOUND = 'no stored copy of this page or of a dated page quoting it gave the figure: unpriced until a sourced figure (or an override) is added';

/** EC2 Linux on-demand USD per instance-hour, us-east-1, from the Price List API export (EC2_VIA). */
const EC2_HOURLY: Record<string, number> = {
  'c7g.large': 0.0725, 'c7g.xlarge': 0.145, 'c7g.2xlarge': 0.29, 'c7g.4xlarge': 0.58, 'c7g.8xlarge': 1.16, 'c7g.16xlarge': 2.32,
  'c7i.large': 0.08925, 'c7i.xlarge': 0.1785, 'c7i.2xlarge': 0.357, 'c7i.4xlarge': 0.714, 'c7i.8xlarge': 1.428, 'c7i.16xlarge': 2.856,
  'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'm7g.2xlarge': 0.3264, 'm7g.4xlarge': 0.6528, 'm7g.8xlarge': 1.3056, 'm7g.16xlarge': 2.6112,
  'm7i.large': 0.1008, 'm7i.xlarge': 0.2016, 'm7i.2xlarge': 0.4032, 'm7i.4xlarge': 0.8064, 'm7i.8xlarge': 1.6128, 'm7i.16xlarge': 3.2256,
  't3.large': 0.0832,
};

/** The memory-optimized Spot pools of the capacity catalog, from the same Price List API export (EC2_VIA), read on READ_2. */
const EC2_HOURLY_R7: Record<string, number> = {
  'r7g.large': 0.1071, 'r7g.xlarge': 0.2142, 'r7g.2xlarge': 0.4284, 'r7g.4xlarge': 0.8568, 'r7g.8xlarge': 1.7136, 'r7g.16xlarge': 3.4272,
  'r7i.large': 0.1323, 'r7i.xlarge': 0.2646, 'r7i.2xlarge': 0.5292, 'r7i.4xlarge': 1.0584, 'r7i.8xlarge': 2.1168, 'r7i.16xlarge': 4.2336,
};


/**
 * RDS for PostgreSQL, Single-AZ on-demand USD per instance-hour, us-east-1, for the classes of
 * the capacity catalog (lib/capacity/catalog.ts). Quoted where a source states the class;
 * the rest derived from the quoted size of the same family: RDS Graviton prices are linear in
 * size (the three quoted r6g sizes: 0.225, 0.45, 0.899), so each size step doubles the price.
 */
const RDS_PG_QUOTED_R7G =
  'a public cost model\'s code-index copy (sn360-es scripts/cost_model/project.py) citing the AWS Price List offer AmazonRDS/20260531103119/us-east-1: "RDS db.r7g.large PostgreSQL Single-AZ on-demand us-east-1 — $0.239/hr (SKU 7WFFXKTD43Q8CUSV)"';
const RDS_PG_QUOTED_R6G =
  'a public Go test\'s code-index copy of "real, individually live-fetched AWS data (2026-09-25)": "$ 0.45 per RDS db.r6g.xlarge Single-AZ instance hour (or partial hour) running PostgreSQL"; a public rate table (code-index copy): "db.r6g.large": 0.225, "db.r6g.xlarge": 0.45, "db.r6g.2xlarge": 0.899';
const RDS_LINEAR = (from: string, steps: number) => `derived, not quoted: ${from} x ${steps} (RDS Graviton prices are linear in size; the quoted r6g sizes double per step)`;
const RDS_R7G_CAVEAT = 'several public tables give $0.239 for MySQL db.r7g.large too; on r6g PostgreSQL is 4.7% above MySQL, so if this source conflated the engines the r7g figures are low by about that much (check: aws pricing get-products --service-code AmazonRDS, databaseEngine PostgreSQL, deploymentOption Single-AZ, instanceType db.r7g.large)';
const RDS_PG_HOURLY: Record<string, { usd: number; via: string; derived?: string }> = {
  'db.r7g.large': { usd: 0.239, via: RDS_PG_QUOTED_R7G },
  'db.r7g.xlarge': { usd: 0.478, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 2) },
  'db.r7g.2xlarge': { usd: 0.956, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 4) },
  'db.r7g.4xlarge': { usd: 1.912, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 8) },
  'db.r7g.8xlarge': { usd: 3.824, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 16) },
  'db.r7g.12xlarge': { usd: 5.736, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 24) },
  'db.r7g.16xlarge': { usd: 7.648, via: RDS_PG_QUOTED_R7G, derived: RDS_LINEAR('db.r7g.large', 32) },
  'db.r6g.large': { usd: 0.225, via: RDS_PG_QUOTED_R6G },
  'db.r6g.xlarge': { usd: 0.45, via: RDS_PG_QUOTED_R6G },
  'db.r6g.2xlarge': { usd: 0.899, via: RDS_PG_QUOTED_R6G },
  'db.r6g.4xlarge': { usd: 1.798, via: RDS_PG_QUOTED_R6G, derived: RDS_LINEAR('db.r6g.2xlarge', 2) },
  'db.r6g.8xlarge': { usd: 3.596, via: RDS_PG_QUOTED_R6G, derived: RDS_LINEAR('db.r6g.2xlarge', 4) },
};

/**
 * ElastiCache node-based Valkey on-demand USD per node-hour, us-east-1, every node type of the
 * capacity catalog quoted (none derived).
 */
const ELASTICACHE_VALKEY_VIA =
  'a public pricing service\'s code-index copy (AWSPricingService) of the AWS Price List API, service AmazonElastiCache, "cacheEngine Valkey", us-east-1, "read 2026-10-02" ("every type the Redis table also has is 0.8x its Redis price"); the five r7g figures x 8,760 h equal the on-demand Valkey annual costs in Netflix-Skunkworks/service-capacity-modeling pricing/aws/3yr-reserved_elasticache-on-demand.json (us-east-1)';
const ELASTICACHE_VALKEY_HOURLY: Record<string, number> = {
  'cache.r7g.large': 0.1752, 'cache.r7g.xlarge': 0.3496, 'cache.r7g.2xlarge': 0.6984, 'cache.r7g.4xlarge': 1.396, 'cache.r7g.8xlarge': 2.7928,
  'cache.m7g.large': 0.1264, 'cache.m7g.xlarge': 0.252, 'cache.m7g.2xlarge': 0.5032, 'cache.m7g.4xlarge': 1.0056,
};

function ec2Entries(hourly: Record<string, number>, read: string): Record<string, PriceEntry> {
  const out: Record<string, PriceEntry> = {};
  for (const [type, usd] of Object.entries(hourly)) out[`ec2.${type}.hour`] = { usd, unit: 'instance-hour', source: EC2_PAGE, read, via: EC2_VIA };
  return out;
}

function mskExpressEntries(): Record<string, PriceEntry> {
  const out: Record<string, PriceEntry> = {};
  for (const [type, { usd, quoted }] of Object.entries(MSK_EXPRESS_HOURLY)) {
    out[`msk.${type}.hour`] = { usd, unit: 'broker-hour', source: MSK_PAGE, read: READ, via: MSK_VIA, ...(quoted ? {} : { note: MSK_EXPRESS_DERIVED }) };
  }
  return out;
}

function rdsPostgresEntries(): Record<string, PriceEntry> {
  const out: Record<string, PriceEntry> = {};
  for (const [cls, { usd, via, derived }] of Object.entries(RDS_PG_HOURLY)) {
    const caveat = cls.startsWith('db.r7g.') ? RDS_R7G_CAVEAT : undefined;
    const note = [derived, caveat].filter(Boolean).join('; ');
    out[`rds.postgres.${cls}.hour`] = { usd, unit: 'Single-AZ instance-hour (Multi-AZ bills the standby too)', source: RDS_PG_PAGE, read: READ_2, via, ...(note ? { note } : {}) };
  }
  return out;
}

function elasticacheEntries(): Record<string, PriceEntry> {
  const out: Record<string, PriceEntry> = {};
  for (const [type, usd] of Object.entries(ELASTICACHE_VALKEY_HOURLY)) {
    out[`elasticache.valkey.${type}.hour`] = { usd, unit: 'node-hour (Valkey, node-based)', source: ELASTICACHE_PAGE, read: READ_2, via: ELASTICACHE_VALKEY_VIA, note: 'Valkey durability (SyncDurability) is a separate meter, not used here' };
  }
  return out;
}

function unsourcedEntries(prefix: string, names: readonly string[], suffix: string, unit: string, source: string): Record<string, PriceEntry> {
  const out: Record<string, PriceEntry> = {};
  for (const n of names) out[`${prefix}.${n}.${suffix}`] = { usd: null, unit, source, read: READ, note: NOT_FOUND };
  return out;
}

const GB_PER_TB = 1_024;

export const US_EAST_1: PriceCatalog = {
  region: 'us-east-1',
  name: 'AWS on-demand list prices, us-east-1',
  entries: {
    ...ec2Entries(EC2_HOURLY, READ),
    ...ec2Entries(EC2_HOURLY_R7, READ_2),
    'ebs.gp3.gb-month': {
      usd: 0.08,
      unit: 'GB-month',
      source: EBS_PAGE,
      read: READ_2,
      via: 'stored copy of https://www.saisci.com/aws/gp3-throughput-explained/ (last updated 2021-01-13): gp3 "Price of Size* $ 0.08/GiB-month", "* price is based on N. Virginia"',
      note: 'the newest stored page that states the figure is from 2021; 3,000 IOPS and 125 MiB/s are included, provisioned performance above them is not priced here',
    },

    'eks.cluster.standard.hour': { usd: 0.1, unit: 'cluster-hour', source: EKS_PAGE, read: READ, via: 'stored copy of the AWS Containers blog "Amazon EKS extended support for Kubernetes versions pricing" (https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/): "$0.10 per cluster per hour" in standard support' },
    'eks.cluster.extended.hour': { usd: 0.6, unit: 'cluster-hour', source: EKS_PAGE, read: READ, via: 'same blog: "a total of $0.60 per cluster per hour" for a version in extended support' },

    'elb.alb.hour': { usd: 0.0225, unit: 'ALB-hour', source: ELB_PAGE, read: READ, via: 'stored copy of https://awsnegotiations.com/elastic-load-balancer-cost.html (May 2026) quoting the ELB pricing page for US East' },
    'elb.alb.lcu-hour': {
      usd: 0.008,
      unit: 'LCU-hour',
      source: ELB_PAGE,
      read: READ,
      via: 'same page; the stored copy of the ELB pricing page says that with an LCU reservation you are charged "the number of Load Balancer Capacity Units (LCU) reserved per hour, and additional number of LCUs used beyond your reserved LCU per hour"',
      note: 'reserved LCUs are priced here at the LCU-hour rate: the stored page names the charge, not a separate rate',
    },
    'elb.nlb.hour': { usd: 0.0225, unit: 'NLB-hour', source: ELB_PAGE, read: READ, via: 'stored copy of https://awsnegotiations.com/elastic-load-balancer-cost.html (May 2026)' },
    'elb.nlb.nlcu-hour': { usd: 0.006, unit: 'NLCU-hour', source: ELB_PAGE, read: READ, via: 'same page: an NLCU is 800 new TCP flows/s, 100,000 active TCP flows or 1 GB/h processed' },

    'vpc.nat.hour': { usd: 0.045, unit: 'NAT gateway-hour', source: VPC_PAGE, read: READ, via: 'stored copy of https://basavytix.com/blog/aws-nat-gateway-pricing ("These are the us-east-1 rates")' },
    'vpc.nat.gb': { usd: 0.045, unit: 'GB processed', source: VPC_PAGE, read: READ, via: 'same page' },
    'vpc.public-ipv4.hour': { usd: 0.005, unit: 'IPv4 address-hour', source: VPC_PAGE, read: READ, via: 'stored copy of https://cloudburn.io/blog/aws-nat-gateway-pricing (2026-02-24): "Public IPv4 address costs ($0.005/hour per IP)"' },
    'vpc.interface-endpoint.az-hour': { usd: 0.01, unit: 'endpoint-AZ-hour', source: 'https://aws.amazon.com/privatelink/pricing/', read: READ, via: 'stored copy of https://www.egresscost.com/nat-gateway (March 2026): "VPC Endpoint (Interface) ... $0.01/GB + $0.01/hr/AZ"' },
    'vpc.interface-endpoint.gb': { usd: 0.01, unit: 'GB processed', source: 'https://aws.amazon.com/privatelink/pricing/', read: READ, via: 'same page', note: 'the first-PB tier' },

    'transfer.internet-out.gb': {
      usd: 0.09,
      unit: 'GB',
      source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
      read: READ,
      via: 'stored copy of https://wring.co/blog/aws-data-transfer-pricing-guide (2026): first 100 GB free, up to 10 TB $0.09, next 40 TB $0.085, next 100 TB $0.07, over 150 TB $0.05; same tiers in https://atonementlicensing.com/blog/aws-egress-negotiation/ ("US East")',
      freePerMonth: 100,
      tiers: [
        { upTo: 10 * GB_PER_TB, usd: 0.09 },
        { upTo: 50 * GB_PER_TB, usd: 0.085 },
        { upTo: 150 * GB_PER_TB, usd: 0.07 },
        { upTo: Number.POSITIVE_INFINITY, usd: 0.05 },
      ],
      note: 'aggregated over the account\'s services in the Region; 1 TB taken as 1,024 GB',
    },
    'transfer.inter-az.gb': {
      usd: 0.01,
      unit: 'GB per direction',
      source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_within_the_same_AWS_Region',
      read: READ,
      via: 'stored copies of https://wring.co/blog/aws-data-transfer-pricing-guide ("Cross-AZ (same region) $0.01 each direction") and https://leanopstech.com/blog/aws-data-transfer-pricing-2026/ (2026-04-27)',
      note: 'charged in each direction: a byte crossing an AZ costs $0.01 leaving one AZ and $0.01 entering the other',
    },

    'cloudfront.requests.https.10k': {
      usd: 0.01,
      unit: '10,000 HTTPS requests (United States, Mexico and Canada)',
      source: CLOUDFRONT_PAGE,
      read: READ,
      via: 'stored secondary copy of the CloudFront pricing table (HTTPS $0.0100 per 10,000, HTTP $0.0075 per 10,000, North America); always-free tier 10,000,000 requests a month',
      freePerMonth: 1_000,
      note: 'list price; CloudFront offers private pricing on commitments of typically 10 TB/month or more, which this catalog does not assume',
    },
    'cloudfront.transfer-out.gb': {
      usd: 0.085,
      unit: 'GB to the internet (United States, Mexico and Canada)',
      source: CLOUDFRONT_PAGE,
      read: READ,
      via: 'stored copy of the CloudFront pricing page: first 10 TB $0.085, next 40 TB $0.080, next 100 TB $0.060, next 350 TB $0.040, next 524 TB $0.030, next 4 PB $0.025, over 5 PB $0.020; always-free tier 1 TB a month',
      freePerMonth: GB_PER_TB,
      tiers: [
        { upTo: 10 * GB_PER_TB, usd: 0.085 },
        { upTo: 50 * GB_PER_TB, usd: 0.08 },
        { upTo: 150 * GB_PER_TB, usd: 0.06 },
        { upTo: 500 * GB_PER_TB, usd: 0.04 },
        { upTo: 1_024 * GB_PER_TB, usd: 0.03 },
        { upTo: 5_120 * GB_PER_TB, usd: 0.025 },
        { upTo: Number.POSITIVE_INFINITY, usd: 0.02 },
      ],
      note: 'origin fetches from AWS origins (S3, ALB) to CloudFront are free; 1 TB taken as 1,024 GB',
    },
    's3.requests.get.1k': {
      usd: 0.0004,
      unit: '1,000 GET requests (S3 Standard)',
      source: S3_PAGE,
      read: READ_AZ_AFFINE,
      via: 'stored copy of https://c3x.dev/blog/s3-request-fees-explained: "S3 Standard ... GET, HEAD, SELECT (Tier 2): $0.0004 per 1,000 requests"',
      note: 'the page names neither a Region nor a date (the same publisher\'s dated us-east-1 figures are used above); no stored copy of the AWS page rendered its request table',
    },

    'waf.web-acl.month': { usd: 5, unit: 'web ACL-month', source: WAF_PAGE, read: READ, via: 'stored copy of https://c3x.dev/blog/aws-waf-cost-explained/ and https://awsnegotiations.com/waf-pricing-strategy.html (2026)' },
    'waf.rule.month': { usd: 1, unit: 'rule-month', source: WAF_PAGE, read: READ, via: 'same pages: $1 per rule or managed rule group per month', note: 'the AWS managed baseline groups used here carry no subscription fee of their own' },
    'waf.requests.million': { usd: 0.6, unit: '1M requests', source: WAF_PAGE, read: READ, via: 'same pages: $0.60 per million requests inspected (up to 1,500 WCU)' },

    'cloudwatch.metric.month': { usd: 0.3, unit: 'metric-month', source: CW_PAGE, read: READ, via: 'stored copy of https://signoz.io/guides/cloudwatch-pricing (2026-02-15): "$0.30/month for the first 10,000" custom metrics', freePerMonth: 10 },
    'cloudwatch.alarm-metric.month': {
      usd: 0.1,
      unit: 'alarm metric-month (standard resolution)',
      source: CW_PAGE,
      read: READ_2,
      via: 'stored copy of https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm (undated): "Standard resolution (60-second evaluation): $0.10/alarm-month"; free tier 10 alarm metrics (stored copy of the AWS page)',
      freePerMonth: 10,
      note: 'the page prices per alarm; the AWS page bills per metric an alarm evaluates, which is how the quantity is counted here',
    },
    'cloudwatch.composite-alarm.month': {
      usd: 0.5,
      unit: 'composite alarm-month',
      source: CW_PAGE,
      read: READ_2,
      via: 'same c3x.dev page: "Composite alarms (combine multiple alarms with AND/OR): $0.50/alarm-month", with the worked example "A composite of 5 alarms = $0.50 + 5 × $0.10"',
      note: 'the same page\'s summary line also says "Composite alarms are free per logical condition"; its tier list and worked example give $0.50, used here',
    },
    'cloudwatch.dashboard.month': { usd: 3, unit: 'dashboard-month', source: CW_PAGE, read: READ, via: 'stored copy of https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/ (2026-06-13): "dashboards at $3 each"', freePerMonth: 3 },
    'cloudwatch.logs.ingest.gb': { usd: 0.5, unit: 'GB ingested (standard class)', source: CW_PAGE, read: READ, via: 'same page: "Logs ingestion at $0.50/GB"; free tier 5 GB (stored copy of the AWS page)', freePerMonth: 5 },
    'cloudwatch.vended-logs.ingest.gb': {
      usd: 0.5,
      unit: 'GB ingested (vended: VPC flow logs, WAF logs)',
      source: CW_PAGE,
      read: READ_2,
      via: 'a public cost tool\'s us-east-1 CloudWatch Logs fixture (code-index copy, undated) applying these tiers to USE1-VendedLog-Bytes and USE1-VendedLog-Bytes-WAFLogs: $0.50/GB to 10 TB, $0.25 the next 20 TB, $0.10 the next 20 TB, $0.05 above 50 TB; a second tool uses the same breakpoints',
      tiers: [
        { upTo: 10 * GB_PER_TB, usd: 0.5 },
        { upTo: 30 * GB_PER_TB, usd: 0.25 },
        { upTo: 50 * GB_PER_TB, usd: 0.1 },
        { upTo: Number.POSITIVE_INFINITY, usd: 0.05 },
      ],
      note: 'the tiers are per account and month, summed over every vended log type; each line here is tiered on its own volume, so the sum of two lines is an upper bound',
    },
    'cloudwatch.logs.storage.gb-month': { usd: 0.03, unit: 'GB-month archived', source: CW_PAGE, read: READ_2, via: 'stored copy of https://c3x.dev/blog/cloudwatch-logs-cost-optimization ("us-east-1, June 2026": "Storage: $0.03 per GB-month", standard log class); same figure "in us-east-1" in https://hykell.com/kb/platform-specific-guides/aws-cloudwatch-logs-pricing' },
    'cloudwatch.container-insights.observation.million': {
      usd: 0.21,
      unit: '1M observations (Container Insights with enhanced observability)',
      source: CW_PAGE,
      read: READ_2,
      via: 'a public architecture decision record (code-index copy): "CloudWatch Container Insights: enhanced observability ($0.21 per million observations)", "Pricing verified on 2026-10-02 against the ... CloudWatch ... pricing pages"',
      note: 'the source names no Region and no volume tiers',
    },

    's3.standard.gb-month': { usd: 0.023, unit: 'GB-month (S3 Standard)', source: S3_PAGE, read: READ_2, via: 'stored copy of https://zeonedge.com/blog/cloud-storage-cost-guide-s3-ebs-efs-fsx-choosing-right-tier (2026-04-09): "S3 Storage Class Pricing (us-east-1, per GB/month)", S3 Standard $0.023', note: 'the first volume tier (the first 50 TB a month); AWS tiers larger volumes lower, which no stored copy gave, so for prod\'s access-log archive (petabytes) this line is an upper bound; requests are not priced' },

    'kms.key.month': { usd: 1, unit: 'key-month', source: KMS_PAGE, read: READ, via: 'stored copy of https://www.wring.co/blog/aws-kms-pricing-guide (2026-03-15)', note: 'each automatic rotation adds $1/month for the first two rotations (May 2024 change, per https://cloudburn.io/blog/aws-kms-pricing): not counted, the keys are new' },
    'kms.requests.10k': { usd: 0.03, unit: '10,000 requests', source: KMS_PAGE, read: READ, via: 'same page: 20,000 requests free per month, account-wide', freePerMonth: 2 },

    'route53.hosted-zone.month': { usd: 0.5, unit: 'hosted zone-month', source: ROUTE53_PAGE, read: READ_2, via: 'stored copy of https://ns1.com/resources/aws-dns (undated): "$0.50 per hosted DNS zone / month for the first 25 hosted zones, $0.10 for additional zones"; same in https://eatsip365.com/understanding-how-route-53-billing-works', note: 'Route 53 is a global service: the price is not per Region; the first-25-zones rate' },
    'route53.queries.million': {
      usd: 0.4,
      unit: '1M standard queries',
      source: ROUTE53_PAGE,
      read: READ_AZ_AFFINE,
      via: 'stored copy of api-evangelist/amazon-route53-resolver plans/amazon-route53-resolver-plans-pricing.yml, a verbatim transcription of https://aws.amazon.com/route53/pricing/ read 2026-09-20: "Standard Queries (AWS Regions): $0.40 per million queries (first 1 billion queries per month)", "$0.20 per million queries (over 1 billion queries per month)"',
      tiers: [
        { upTo: 1_000, usd: 0.4 },
        { upTo: Number.POSITIVE_INFINITY, usd: 0.2 },
      ],
      note: 'Route 53 is a global service: the rate is not per Region',
    },

    'ecr.storage.gb-month': { usd: 0.1, unit: 'GB-month', source: ECR_PAGE, read: READ_2, via: 'stored copy of https://cloudburn.io/blog/amazon-ecr-pricing ("US East (N. Virginia) rates from the Amazon ECR pricing page as of March 2026"): private storage "$0.10/GB/month"', note: 'the 500 MB/month free tier is for new accounts\' first year only and is not counted' },
    'secretsmanager.secret.month': { usd: 0.4, unit: 'secret-month', source: SECRETS_PAGE, read: READ_2, via: 'stored copies of https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms and https://awsready.net/learn/aws-secrets-manager-parameter-store/ (both undated): "$0.40 per secret per month + $0.05 per 10k API calls"', note: 'neither page names a Region; API calls are not priced' },

    ...rdsPostgresEntries(),
    'rds.gp3.gb-month': { usd: 0.115, unit: 'GB-month (Single-AZ)', source: RDS_PG_PAGE, read: READ, via: 'stored copy of https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/ (June 2026, US East): "GB provisioned x $0.115/month (gp3)"; Multi-AZ bills the standby\'s storage too (stored copy of https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html)' },
    'rds.gp3.iops-month': { usd: 0.02, unit: 'IOPS-month above the included 3,000', source: RDS_PG_PAGE, read: READ, via: 'same usage.ai page: "Additional IOPS: $0.02/IOPS-month provisioned"' },
    'rds.gp3.throughput-month': {
      usd: 0.04,
      unit: 'MiB/s-month above the included 125',
      source: RDS_PG_PAGE,
      read: READ_2,
      via: 'a public project\'s "Database Storage (us-east-1)" notes (code-index copy, undated): "extra throughput is billed at $0.040 per MB/s-month"',
      note: 'the only source found; it equals the EBS gp3 rate, so it may be copied from EBS (check: aws pricing get-products --service-code AmazonRDS, usagetype RDS:GP3-Throughput)',
    },
    'rds.backup.gb-month': { usd: 0.095, unit: 'GB-month beyond the free allowance', source: RDS_PG_PAGE, read: READ, via: 'same usage.ai page: "~$0.095/GB-month", free up to 100% of the provisioned storage' },
    'backup.rds-snapshot.gb-month': { usd: 0.095, unit: 'GB-month of RDS snapshot recovery points (AWS Backup)', source: BACKUP_PAGE, read: READ, via: 'AWS Backup bills RDS recovery points at the RDS snapshot rate ("most line items appear under the underlying service rate sheet (EBS snapshots, RDS snapshots)", stored copy of https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/, June 2026); the rate is rds.backup.gb-month\'s ($0.095, usage.ai page above); the copy Region is priced at this Region\'s rate' },
    'backup.cross-region-transfer.gb': { usd: 0.02, unit: 'GB copied to another Region', source: BACKUP_PAGE, read: READ, via: 'stored copy of https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/ (us-east-1, June 2026): "Cross-region copies double the storage line plus $0.02/GB transfer"' },
    'fis.action-minute': { usd: 0.1, unit: 'action-minute', source: FIS_PAGE, read: READ, via: 'stored copy of https://aws.amazon.com/fis/pricing/: "$0.10 per action-minute for all regions except AWS GovCloud"' },
    'rds.proxy.vcpu-hour': {
      usd: 0.015,
      unit: 'vCPU-hour of the instances the proxy fronts',
      source: RDS_PROXY_PAGE,
      read: READ_2,
      via: 'public cost notes (code-index copies, undated; at least eight independent repositories give the same figure): "Optional RDS Proxy: $0.015 per vCPU-hour of the target instance"',
      note: 'no dated AWS quote was found; AWS bills at least 2 vCPUs per target instance',
    },

    ...elasticacheEntries(),
    'elasticache.backup.gb-month': {
      usd: 0.085,
      unit: 'GB-month of snapshots beyond one per cluster',
      source: ELASTICACHE_PAGE,
      read: READ_2,
      via: 'public cost notes (code-index copies, undated), one under "Estimated Monthly Costs (us-east-1)": "Backup storage: $0.085/GB/month"; at least nine repositories agree',
      note: 'no dated source was found',
    },

    ...mskExpressEntries(),
    'msk.kafka.m7g.large.hour': { usd: 0.204, unit: 'broker-hour', source: MSK_PAGE, read: READ, via: MSK_VIA },
    ...unsourcedEntries('msk', MSK_STANDARD_TYPES, 'hour', 'broker-hour (Standard)', MSK_PAGE),
    'msk.standard.storage.gb-month': { usd: 0.1, unit: 'GB-month of provisioned broker storage (Standard)', source: MSK_PAGE, read: READ, via: MSK_VIA },
    'msk.express.storage.gb-month': { usd: null, unit: 'GB-month stored (Express)', source: MSK_PAGE, read: READ, note: NOT_FOUND },
    'msk.express.data-in.gb': { usd: null, unit: 'GB written to Express brokers', source: MSK_PAGE, read: READ, note: `${NOT_FOUND} (the pricing page names a per-GB charge for data written to Express brokers)` },

    'commitment.compute-savings-plan.1yr-no-upfront': {
      usd: 0.3,
      unit: 'share of on-demand saved (EC2, 1-year term, No Upfront)',
      source: SAVINGS_PLANS_PAGE,
      read: READ,
      via: 'stored copy of https://projecthelena.com/blog/aws-bill-breakdown-2026/: "Compute Savings Plans give 30-60% off for 1-year commitments, 50-72% for 3-year"',
      note: 'the low end of the quoted 1-year range, taken for No Upfront (the least discounted payment option); the rate differs by instance family',
    },
    'commitment.compute-savings-plan.3yr-no-upfront': {
      usd: 0.5,
      unit: 'share of on-demand saved (EC2, 3-year term, No Upfront)',
      source: SAVINGS_PLANS_PAGE,
      read: READ,
      via: 'same page: "50-72% for 3-year"',
      note: 'the low end of the quoted 3-year range, taken for No Upfront',
    },
    'commitment.rds-reserved.1yr-no-upfront': {
      usd: 0.33,
      unit: 'share of on-demand saved (RDS instance, 1-year term, No Upfront)',
      source: RDS_RI_PAGE,
      read: READ,
      via: 'stored copy of https://www.usage.ai/blogs/aws/reserved-instances/rds/postgresql/read-replicas/: "A 1-year No Upfront Reserved Instance ... reduces the effective rate by approximately 33%"',
    },
    'commitment.spot.ec2': {
      usd: 0.6,
      unit: 'share of on-demand saved (Spot, capacity-optimized)',
      source: SPOT_PAGE,
      read: READ,
      via: 'stored copy of https://projecthelena.com/blog/aws-bill-breakdown-2026/: "Spot instances are 60-90% off but reclaimable with 2 minutes notice"',
      note: 'the low end of the quoted range; Spot prices move by pool and hour',
    },
  },
};
