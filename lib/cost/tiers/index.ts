import { CACHE_TIER, DATABASE_TIER } from './data';
import { EDGE_TIER } from './edge';
import { EKS_TIER, NGINX_TIER } from './compute';
import { CROSS_AZ_TIER, INTERNAL_NLB_TIER, NETWORK_TIER } from './network';
import { OBSERVABILITY_TIER } from './observability';
import { PLATFORM_SERVICES_TIER } from './platform';
import { CostTier } from './tier';

export type { CostTier } from './tier';

/**
 * Every tier of the bill, in request-path order. A new tier of the stacks (Kafka on MSK,
 * CloudFront in front of the ALBs, a service mesh's proxies) adds its file here and one entry
 * in this list; the model, the report and the totals pick it up.
 */
export const COST_TIERS: readonly CostTier[] = [
  EDGE_TIER,
  NGINX_TIER,
  INTERNAL_NLB_TIER,
  EKS_TIER,
  CROSS_AZ_TIER,
  NETWORK_TIER,
  DATABASE_TIER,
  CACHE_TIER,
  OBSERVABILITY_TIER,
  PLATFORM_SERVICES_TIER,
];
