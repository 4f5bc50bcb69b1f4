import { burnRateErrorRatio, FAST_BURN } from '../../lib/slo';
import { AlarmFactory, AlarmSeverity, Comparison, queryMetric, Tier } from './alarm-factory';
import { ALB_REJECTED_CONNECTIONS_MAX, LCU_RESERVATION_ALARM_RATIO } from './thresholds';
import { WatchedLoadBalancer, WatchedTargetGroup } from './watched-resources';

export interface LoadBalancerObjectives {
  readonly availability: number;
  readonly latencyP95Seconds: number;
  readonly latencyP99Seconds: number;
}

const NS = 'AWS/ApplicationELB';

/**
 * Per ALB: 5xx ratio (metric math over ELB and target 5xx), target response time p95 and
 * p99 against the SLO, rejected connections, and peak LCUs against the reservation.
 */
export function addLoadBalancerAlarms(factory: AlarmFactory, loadBalancers: readonly WatchedLoadBalancer[], objectives: LoadBalancerObjectives): void {
  // The SLO's fast burn rate (lib/slo.ts): 14.4 x a 0.1% budget = 1.44% of requests failing.
  const maxErrorPercent = burnRateErrorRatio(objectives.availability, FAST_BURN.rate) * 100;
  loadBalancers.forEach((lb, i) => {
    const dimensions = { LoadBalancer: lb.arnSuffix };
    factory.add({
      id: `alb-${i}-5xx-ratio`,
      name: `alb-${lb.name}-5xx-ratio`,
      description: `More than ${Number(maxErrorPercent.toPrecision(6))}% of requests to ALB ${lb.name} end in a 5xx (ELB or target): the ${objectives.availability * 100}% availability budget burns ${FAST_BURN.rate}x too fast.`,
      tier: Tier.EDGE,
      severity: AlarmSeverity.CRITICAL,
      slo: true,
      comparison: Comparison.ABOVE,
      threshold: Number(maxErrorPercent.toPrecision(6)),
      metric: {
        queries: [
          { id: 'ratio', expression: '100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests', label: '5xx % of requests', returnData: true },
          queryMetric('elb5xx', { namespace: NS, metricName: 'HTTPCode_ELB_5XX_Count', dimensions, statistic: 'Sum' }),
          queryMetric('target5xx', { namespace: NS, metricName: 'HTTPCode_Target_5XX_Count', dimensions, statistic: 'Sum' }),
          queryMetric('requests', { namespace: NS, metricName: 'RequestCount', dimensions, statistic: 'Sum' }),
        ],
      },
    });
    const latency = (quantile: 'p95' | 'p99', objective: number, severity: AlarmSeverity) =>
      factory.add({
        id: `alb-${i}-latency-${quantile}`,
        name: `alb-${lb.name}-latency-${quantile}`,
        description: `Target response time ${quantile} of ALB ${lb.name} above the ${objective * 1000} ms objective.`,
        tier: Tier.EDGE,
        severity,
        slo: quantile === 'p95',
        comparison: Comparison.ABOVE,
        threshold: objective,
        metric: { namespace: NS, metricName: 'TargetResponseTime', dimensions, statistic: quantile },
      });
    latency('p95', objectives.latencyP95Seconds, AlarmSeverity.CRITICAL);
    latency('p99', objectives.latencyP99Seconds, AlarmSeverity.WARNING);
    factory.add({
      id: `alb-${i}-rejected-connections`,
      name: `alb-${lb.name}-rejected-connections`,
      description: `ALB ${lb.name} rejects connections: it reached its maximum number of connections.`,
      tier: Tier.EDGE,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.ABOVE,
      threshold: ALB_REJECTED_CONNECTIONS_MAX,
      metric: { namespace: NS, metricName: 'RejectedConnectionCount', dimensions, statistic: 'Sum' },
    });
    if (lb.reservedLcu !== undefined && lb.reservedLcu > 0) {
      factory.add({
        id: `alb-${i}-lcu-reservation`,
        name: `alb-${lb.name}-lcu-above-reservation`,
        description: `ALB ${lb.name} uses more than ${LCU_RESERVATION_ALARM_RATIO * 100}% of its ${lb.reservedLcu} reserved LCUs.`,
        tier: Tier.EDGE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: Math.floor(lb.reservedLcu * LCU_RESERVATION_ALARM_RATIO),
        metric: { namespace: NS, metricName: 'PeakLCUs', dimensions, statistic: 'Sum' },
      });
    }
  });
}

/** Per target group: one or more unhealthy targets (warning) and fewer healthy targets than the load needs (critical). */
export function addTargetGroupAlarms(factory: AlarmFactory, targetGroups: readonly WatchedTargetGroup[]): void {
  targetGroups.forEach((tg, i) => {
    const dimensions = { TargetGroup: tg.arnSuffix, LoadBalancer: tg.loadBalancerArnSuffix };
    factory.add({
      id: `tg-${i}-unhealthy-hosts`,
      name: `tg-${tg.name}-unhealthy-hosts`,
      description: `Target group ${tg.name} has unhealthy targets.`,
      tier: Tier.NGINX,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: 0,
      metric: { namespace: NS, metricName: 'UnHealthyHostCount', dimensions, statistic: 'Maximum' },
    });
    const minHealthy = tg.minHealthyTargets ?? 1;
    factory.add({
      id: `tg-${i}-healthy-hosts`,
      name: `tg-${tg.name}-healthy-hosts-low`,
      description: `Target group ${tg.name} has fewer than ${minHealthy} healthy targets, the fewest that carry the planned load.`,
      tier: Tier.NGINX,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.BELOW,
      threshold: minHealthy,
      metric: { namespace: NS, metricName: 'HealthyHostCount', dimensions, statistic: 'Minimum' },
      datapoints: 3,
    });
  });
}
