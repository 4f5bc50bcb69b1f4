import { fmt } from '../../capacity/spread';
import { STACK_INVENTORY } from '../inventory';
import { BYTES_PER_GB, fixed, priceLine, secondsPerMonth } from '../line';
import { CostTier } from './tier';

/**
 * CloudFront: the static-assets distribution (every environment) and, with `cdn.apiFront`, the
 * API through CloudFront (whose bytes then leave at CDN rates instead of the ALBs' internet
 * rate; see the network tier). Its web ACL at CloudFront scope, its additional metrics, and the
 * S3 GETs of edge misses.
 */
export const CDN_TIER: CostTier = {
  name: 'CDN: CloudFront, its WAF and the static origin',
  notes: (ctx) => [
    'Origin fetches from S3 and the ALBs to CloudFront are free; the assets\' S3 storage and the standard-log delivery are not counted (small beside the request fees).',
    ...(ctx.inputs.cdn.apiFront ? ['API front on: the ALB tier\'s LCUs come from CloudFront\'s pooled origin connections (capacity plan), and the ALBs send nothing to the internet.'] : []),
  ],
  lines(ctx) {
    const { rps, responseBytes, cdn } = ctx.inputs;
    const sec = secondsPerMonth(ctx);
    const staticRps = (s: 'min' | 'target' | 'max') => rps[s] * cdn.staticRequestsPerApiRequest;
    const apiRps = (s: 'min' | 'target' | 'max') => (cdn.apiFront ? rps[s] : 0);
    const viewerRps = (s: 'min' | 'target' | 'max') => staticRps(s) + apiRps(s);
    const gb = (s: 'min' | 'target' | 'max') => ((staticRps(s) * cdn.staticResponseBytes + apiRps(s) * responseBytes) * sec) / BYTES_PER_GB;
    const what = cdn.apiFront ? `${fmt(staticRps('target'))} static + ${fmt(apiRps('target'))} API req/s` : `${fmt(staticRps('target'))} static req/s`;
    return [
      priceLine(ctx, {
        key: 'cloudfront.requests.https.10k',
        item: 'CloudFront HTTPS requests',
        quantity: (s) => (viewerRps(s) * sec) / 1e4,
        basis: `${what} x ${fmt(sec)} s / 10,000 (10M requests a month free)`,
      }),
      priceLine(ctx, {
        key: 'cloudfront.transfer-out.gb',
        item: 'CloudFront data transfer out',
        quantity: gb,
        basis: `${fmt(staticRps('target'))} x ${fmt(cdn.staticResponseBytes)} B${cdn.apiFront ? ` + ${fmt(apiRps('target'))} x ${fmt(responseBytes)} B` : ''} x ${fmt(sec)} s (tiered: 1 TB free, $0.085 to $0.020/GB)`,
      }),
      priceLine(ctx, { key: 'waf.web-acl.month', item: 'WAF web ACL (CloudFront scope)', quantity: fixed(STACK_INVENTORY.cdnWafWebAcls * cdn.distributions), basis: `${cdn.distributions} web ACL(s), one per distribution` }),
      priceLine(ctx, { key: 'waf.rule.month', item: 'WAF rules (CloudFront scope)', quantity: fixed(STACK_INVENTORY.cdnWafRules * cdn.distributions), basis: `${STACK_INVENTORY.cdnWafRules} AWS managed groups per web ACL` }),
      priceLine(ctx, {
        key: 'waf.requests.million',
        item: 'WAF requests inspected at CloudFront',
        quantity: (s) => (viewerRps(s) * sec) / 1e6,
        basis: `${what} x ${fmt(sec)} s / 1M`,
      }),
      priceLine(ctx, {
        key: 'cloudwatch.metric.month',
        item: 'CloudFront additional metrics',
        quantity: fixed(STACK_INVENTORY.cloudFrontAdditionalMetrics * cdn.distributions),
        basis: `${STACK_INVENTORY.cloudFrontAdditionalMetrics} metrics (cache hit rate, origin latency, 6 error rates) x ${cdn.distributions} distribution(s)`,
      }),
      priceLine(ctx, {
        key: 's3.requests.get.1k',
        item: 'S3 GETs of edge misses',
        quantity: (s) => (staticRps(s) * cdn.staticOriginShare * sec) / 1e3,
        basis: `${fmt(staticRps('target') * cdn.staticOriginShare)} req/s (1 - hit ratio) x ${fmt(sec)} s / 1,000`,
      }),
    ];
  },
};
