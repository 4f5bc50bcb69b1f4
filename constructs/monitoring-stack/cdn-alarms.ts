import { burnRateErrorRatio, FAST_BURN } from '../../lib/slo';
import { AlarmFactory, AlarmSeverity, Comparison, MissingData, Tier } from './alarm-factory';
import { CDN_CACHE_HIT_RATE_MARGIN, CDN_ORIGIN_LATENCY_MS_MAX } from './thresholds';
import { WatchedDistribution } from './watched-resources';

const NS = 'AWS/CloudFront';
/** CloudFront's metrics carry `Region = Global` beside the distribution id. */
const GLOBAL = 'Global';

/**
 * Per distribution: the 5xx error rate against the availability objective's fast burn, origin
 * latency p95 (additional metric), and the cache hit rate below the plan (additional metric).
 */
export function addDistributionAlarms(factory: AlarmFactory, distributions: readonly WatchedDistribution[], availability: number): void {
  const maxErrorPercent = Number((burnRateErrorRatio(availability, FAST_BURN.rate) * 100).toPrecision(6));
  distributions.forEach((d, i) => {
    const dimensions = { DistributionId: d.distributionId, Region: GLOBAL };
    factory.add({
      id: `cdn-${i}-5xx-rate`,
      name: `cdn-${d.name}-5xx-rate`,
      description: `More than ${maxErrorPercent}% of requests to CloudFront distribution ${d.name} end in a 5xx: the ${availability * 100}% availability budget burns ${FAST_BURN.rate}x too fast.`,
      tier: Tier.CDN,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.ABOVE,
      threshold: maxErrorPercent,
      metric: { namespace: NS, metricName: '5xxErrorRate', dimensions, statistic: 'Average' },
      provider: d.provider,
    });
    factory.add({
      id: `cdn-${i}-origin-latency`,
      name: `cdn-${d.name}-origin-latency-p95`,
      description: `Origin latency p95 of CloudFront distribution ${d.name} above ${CDN_ORIGIN_LATENCY_MS_MAX} ms: the origin is slow or throttling edge misses.`,
      tier: Tier.CDN,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: CDN_ORIGIN_LATENCY_MS_MAX,
      metric: { namespace: NS, metricName: 'OriginLatency', dimensions, statistic: 'p95' },
      provider: d.provider,
    });
    if (d.expectedCacheHitRatio !== undefined) {
      const threshold = Number(Math.max(0, (d.expectedCacheHitRatio - CDN_CACHE_HIT_RATE_MARGIN) * 100).toFixed(2));
      factory.add({
        id: `cdn-${i}-cache-hit-rate`,
        name: `cdn-${d.name}-cache-hit-rate`,
        description: `Cache hit rate of CloudFront distribution ${d.name} below ${threshold}% (planned ${d.expectedCacheHitRatio * 100}%): edge misses load the origin beyond the plan.`,
        tier: Tier.CDN,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.BELOW,
        threshold,
        metric: { namespace: NS, metricName: 'CacheHitRate', dimensions, statistic: 'Average' },
        // No requests, no rate: quiet, not a breach.
        missingData: MissingData.NOT_BREACHING,
        provider: d.provider,
      });
    }
  });
}
