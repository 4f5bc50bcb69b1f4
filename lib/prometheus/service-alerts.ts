import { AVAILABILITY_OBJECTIVE, BurnRateWindow, burnRateErrorRatio, FAST_BURN, LATENCY_P95_OBJECTIVE_SECONDS, LATENCY_P99_OBJECTIVE_SECONDS, SLO_WINDOW_DAYS, SLOW_BURN } from '../slo';
import { runbookLink, RUNBOOKS_URL } from '../runbooks';
import { AlertRule, promNumber, RuleGroup, Severity } from './rules';


/**
 * kubernetes-mixin's CPUThrottlingHigh threshold: a container throttled in more than 25% of
 * its CFS periods is starved of CPU by its limit.
 * https://github.com/kubernetes-monitoring/kubernetes-mixin/blob/master/alerts/resource_alerts.libsonnet
 */
export const CPU_THROTTLING_RATIO_MAX = 0.25;
/** Working set above 90% of the memory limit: the next burst is an OOM kill (kubelet kills at the limit). */
export const MEMORY_LIMIT_RATIO_MAX = 0.9;
/** Pool usage (%) that warns and pages. A full pool queues requests for `connectionTimeoutMillis` (design notes 000: 2 s). */
export const DB_POOL_USAGE_WARNING_PERCENT = 80;
export const DB_POOL_USAGE_CRITICAL_PERCENT = 95;
/**
 * Design notes (000, "Enable Redis Caching"): caching is meant to cut database reads by
 * 80-95%; a GET hit rate under 80% sends the database more reads than it was sized for.
 */
export const CACHE_HIT_RATE_MIN_PERCENT = 80;
/** Traffic above 90% of the capacity model's planned RPS leaves less than the headroom the model assumed. */
export const PLANNED_RPS_ALERT_RATIO = 0.9;

/** A service the rules watch. Metric and label names follow the design notes' queries. */
export interface ServiceMonitoringTarget {
  /** The Kubernetes Service name: the `service` label Prometheus Operator puts on scraped series. */
  readonly name: string;
  readonly namespace: string;
  /** @default - the service name */
  readonly containerName?: string;
  /** @default - the service name */
  readonly hpaName?: string;
  /** @default LATENCY_P95_OBJECTIVE_SECONDS (0.1) */
  readonly latencyP95ObjectiveSeconds?: number;
  /** @default LATENCY_P99_OBJECTIVE_SECONDS (0.25) */
  readonly latencyP99ObjectiveSeconds?: number;
  /** @default AVAILABILITY_OBJECTIVE (0.999) */
  readonly availabilityObjective?: number;
  /** RPS the capacity model sized this service for; adds ServiceTrafficAboveCapacity. @default - no capacity alert */
  readonly plannedRps?: number;
  /** The service exports db_connections_active / db_connections_max. @default true */
  readonly usesDatabase?: boolean;
  /** The service exports redis_commands_total{command,result}. @default true */
  readonly usesCache?: boolean;
}

export interface ServiceAlertOptions {
  /** docs/runbooks.md as served to on-call (a fork or an internal mirror). @default RUNBOOKS_URL */
  readonly runbookBaseUrl?: string;
}

/** One input series of a promtool unit test. */
export interface SeriesFixture {
  readonly series: string;
  /** promtool expanding notation, e.g. `0+600x60`. */
  readonly values: string;
}

/** Synthetic series on which an alert must fire (unhealthy) and stay silent (healthy). */
export interface AlertFixture {
  readonly unhealthy: readonly SeriesFixture[];
  readonly healthy: readonly SeriesFixture[];
  /** Labels of the firing alert produced by the expression (the rule's own labels are added). */
  readonly firingLabels: Readonly<Record<string, string>>;
  /** When to evaluate: after the rate windows and `for` have elapsed. */
  readonly evalMinutes: number;
}

export interface TestedAlertRule {
  readonly rule: AlertRule;
  readonly fixture: AlertFixture;
}

/** Every alert of one service, each with the fixture that proves it. */
export function serviceAlerts(target: ServiceMonitoringTarget, options: ServiceAlertOptions = {}): TestedAlertRule[] {
  const svc = target.name;
  const ns = target.namespace;
  const container = target.containerName ?? svc;
  const hpa = target.hpaName ?? svc;
  const base = options.runbookBaseUrl ?? RUNBOOKS_URL;
  const sel = `namespace="${ns}", service="${svc}"`;
  const by = 'namespace, service';
  const svcLabels = { namespace: ns, service: svc };
  const podLabels = { namespace: ns, pod: `${svc}-7d9f8-abcde`, container };
  const p95 = target.latencyP95ObjectiveSeconds ?? LATENCY_P95_OBJECTIVE_SECONDS;
  const p99 = target.latencyP99ObjectiveSeconds ?? LATENCY_P99_OBJECTIVE_SECONDS;
  const availability = target.availabilityObjective ?? AVAILABILITY_OBJECTIVE;

  const alert = (name: string, severity: Severity, expr: string, forDuration: string, summary: string, description: string): AlertRule => ({
    alert: name,
    expr,
    for: forDuration,
    labels: { severity, service: svc },
    annotations: { summary, description, runbook_url: runbookLink(name, base) },
  });

  const requests = (status: string, perMinute: number, length: number): SeriesFixture => ({
    series: seriesName('http_requests_total', { ...svcLabels, pod: podLabels.pod, status }),
    values: counter(perMinute, length),
  });

  const errorRatio = (window: string) =>
    `sum by (${by}) (rate(http_requests_total{${sel}, status=~"5.."}[${window}]))\n  /\nsum by (${by}) (rate(http_requests_total{${sel}}[${window}]))`;
  const burnAlert = (name: string, severity: Severity, burn: BurnRateWindow, evalMinutes: number): TestedAlertRule => {
    const ratio = burnRateErrorRatio(availability, burn.rate);
    const length = evalMinutes + 5;
    return {
      rule: alert(
        name,
        severity,
        `(\n${errorRatio(burn.longWindow)}\n) > ${promNumber(ratio)}\nand\n(\n${errorRatio(burn.shortWindow)}\n) > ${promNumber(ratio)}`,
        burn.for,
        `{{ $labels.service }} in {{ $labels.namespace }} is burning its ${percent(availability)} availability budget ${burn.rate}x too fast`,
        `More than ${percent(ratio)} of requests answered 5xx over the last ${burn.longWindow} and ${burn.shortWindow}; at this rate the ${SLO_WINDOW_DAYS}-day error budget lasts ${(SLO_WINDOW_DAYS / burn.rate).toFixed(1)} days.`,
      ),
      fixture: {
        // 10% errors burns any budget; 0.05% is half of a 99.9% budget (the same series at a healthy rate).
        unhealthy: [requests('200', 540, length), requests('503', 60, length)],
        healthy: [requests('200', 600, length), requests('503', 0.3, length)],
        firingLabels: svcLabels,
        evalMinutes,
      },
    };
  };

  const latencyExpr = (quantile: number) =>
    `histogram_quantile(${quantile}, sum by (${by}, le) (rate(http_request_duration_seconds_bucket{${sel}}[5m])))`;
  const buckets = (slow: boolean, length: number): SeriesFixture[] =>
    // Unhealthy: every request takes 250-500 ms; healthy: every request under 50 ms.
    ['0.05', '0.1', '0.25', '0.5', '+Inf'].map((le) => ({
      series: seriesName('http_request_duration_seconds_bucket', { ...svcLabels, pod: podLabels.pod, le }),
      values: counter(slow && ['0.05', '0.1', '0.25'].includes(le) ? 0 : 600, length),
    }));
  const latencyAlert = (name: string, quantile: number, objective: number, severity: Severity): TestedAlertRule => ({
    rule: alert(
      name,
      severity,
      `${latencyExpr(quantile)}\n> ${promNumber(objective)}`,
      '10m',
      `{{ $labels.service }} in {{ $labels.namespace }}: p${quantile * 100} latency above ${promNumber(objective * 1000)} ms`,
      `The ${quantile * 100}th percentile of request duration has been above the ${promNumber(objective * 1000)} ms objective for 10 minutes.`,
    ),
    fixture: { unhealthy: buckets(true, 30), healthy: buckets(false, 30), firingLabels: svcLabels, evalMinutes: 20 },
  });

  const alerts: TestedAlertRule[] = [
    burnAlert('ServiceErrorBudgetFastBurn', Severity.CRITICAL, FAST_BURN, 70),
    burnAlert('ServiceErrorBudgetSlowBurn', Severity.WARNING, SLOW_BURN, 6 * 60 + 20),
    latencyAlert('ServiceLatencyP95High', 0.95, p95, Severity.CRITICAL),
    latencyAlert('ServiceLatencyP99High', 0.99, p99, Severity.WARNING),
    {
      rule: alert(
        'ServiceNoTraffic',
        Severity.WARNING,
        `sum by (${by}) (rate(http_requests_total{${sel}}[5m])) == 0\nor\nabsent(http_requests_total{${sel}})`,
        '10m',
        '{{ $labels.service }} in {{ $labels.namespace }} receives no requests',
        'No request reached the service for 10 minutes, or its metrics are not scraped: check the nginx upstream, the NLB target group and the ServiceMonitor.',
      ),
      fixture: { unhealthy: [requests('200', 0, 30)], healthy: [requests('200', 600, 30)], firingLabels: svcLabels, evalMinutes: 20 },
    },
  ];

  if (target.plannedRps !== undefined) {
    const limit = target.plannedRps * PLANNED_RPS_ALERT_RATIO;
    alerts.push({
      rule: alert(
        'ServiceTrafficAboveCapacity',
        Severity.WARNING,
        `sum by (${by}) (rate(http_requests_total{${sel}}[5m])) > ${promNumber(limit)}`,
        '10m',
        `{{ $labels.service }} in {{ $labels.namespace }} serves more than ${percent(PLANNED_RPS_ALERT_RATIO)} of its planned ${target.plannedRps} requests/s`,
        'Traffic is close to what the capacity model sized this service for; HPA bounds, node groups and the data tier were sized for that number.',
      ),
      fixture: {
        unhealthy: [requests('200', target.plannedRps * 1.2 * 60, 30)],
        healthy: [requests('200', target.plannedRps * 0.5 * 60, 30)],
        firingLabels: svcLabels,
        evalMinutes: 20,
      },
    });
  }

  const containerSel = `namespace="${ns}", container="${container}"`;
  const podBy = 'namespace, pod, container';
  alerts.push(
    {
      rule: alert(
        'ServiceCpuThrottled',
        Severity.WARNING,
        `sum by (${podBy}) (rate(container_cpu_cfs_throttled_periods_total{${containerSel}}[5m]))\n  /\nsum by (${podBy}) (rate(container_cpu_cfs_periods_total{${containerSel}}[5m]))\n> ${promNumber(CPU_THROTTLING_RATIO_MAX)}`,
        '15m',
        '{{ $labels.pod }} ({{ $labels.container }}) is CPU-throttled',
        `The container was throttled in more than ${percent(CPU_THROTTLING_RATIO_MAX)} of its CFS periods for 15 minutes; latency rises before the HPA sees high CPU.`,
      ),
      fixture: {
        unhealthy: [
          { series: seriesName('container_cpu_cfs_periods_total', podLabels), values: counter(600, 30) },
          { series: seriesName('container_cpu_cfs_throttled_periods_total', podLabels), values: counter(300, 30) },
        ],
        healthy: [
          { series: seriesName('container_cpu_cfs_periods_total', podLabels), values: counter(600, 30) },
          { series: seriesName('container_cpu_cfs_throttled_periods_total', podLabels), values: counter(6, 30) },
        ],
        firingLabels: podLabels,
        evalMinutes: 25,
      },
    },
    {
      rule: alert(
        'ServiceMemoryNearLimit',
        Severity.WARNING,
        `max by (${podBy}) (container_memory_working_set_bytes{${containerSel}})\n  /\nmax by (${podBy}) (kube_pod_container_resource_limits{${containerSel}, resource="memory"})\n> ${promNumber(MEMORY_LIMIT_RATIO_MAX)}`,
        '15m',
        '{{ $labels.pod }} ({{ $labels.container }}) uses more than 90% of its memory limit',
        'The working set has been above 90% of the memory limit for 15 minutes; the kubelet OOM-kills the container at the limit.',
      ),
      fixture: {
        unhealthy: [
          { series: seriesName('container_memory_working_set_bytes', podLabels), values: gauge(1_020_054_733, 30) },
          { series: seriesName('kube_pod_container_resource_limits', { ...podLabels, resource: 'memory', unit: 'byte' }), values: gauge(1_073_741_824, 30) },
        ],
        healthy: [
          { series: seriesName('container_memory_working_set_bytes', podLabels), values: gauge(536_870_912, 30) },
          { series: seriesName('kube_pod_container_resource_limits', { ...podLabels, resource: 'memory', unit: 'byte' }), values: gauge(1_073_741_824, 30) },
        ],
        firingLabels: podLabels,
        evalMinutes: 20,
      },
    },
    (() => {
      const hpaLabels = { namespace: ns, horizontalpodautoscaler: hpa };
      const hpaSel = `namespace="${ns}", horizontalpodautoscaler="${hpa}"`;
      const hpaBy = 'namespace, horizontalpodautoscaler';
      const replicas = (current: number): SeriesFixture[] => [
        { series: seriesName('kube_horizontalpodautoscaler_status_current_replicas', hpaLabels), values: gauge(current, 30) },
        { series: seriesName('kube_horizontalpodautoscaler_spec_max_replicas', hpaLabels), values: gauge(50, 30) },
      ];
      return {
        rule: alert(
          'ServiceHpaAtMaxReplicas',
          Severity.WARNING,
          `max by (${hpaBy}) (kube_horizontalpodautoscaler_status_current_replicas{${hpaSel}})\n  >=\nmax by (${hpaBy}) (kube_horizontalpodautoscaler_spec_max_replicas{${hpaSel}})`,
          '15m',
          'HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} is at its maximum replicas',
          'The autoscaler cannot add pods: more load will raise latency and errors. Raise maxReplicas (and node capacity) from the capacity model.',
        ),
        fixture: { unhealthy: replicas(50), healthy: replicas(20), firingLabels: hpaLabels, evalMinutes: 20 },
      };
    })(),
  );

  if (target.usesDatabase ?? true) {
    const pool = (active: number): SeriesFixture[] => [
      { series: seriesName('db_connections_active', { ...svcLabels, pod: podLabels.pod }), values: gauge(active, 30) },
      { series: seriesName('db_connections_max', { ...svcLabels, pod: podLabels.pod }), values: gauge(100, 30) },
    ];
    const poolExpr = `sum by (${by}) (db_connections_active{${sel}})\n  /\nsum by (${by}) (db_connections_max{${sel}})\n* 100`;
    alerts.push(
      {
        rule: alert(
          'ServiceDbPoolSaturated',
          Severity.WARNING,
          `${poolExpr}\n> ${DB_POOL_USAGE_WARNING_PERCENT}`,
          '10m',
          `{{ $labels.service }} in {{ $labels.namespace }} uses more than ${DB_POOL_USAGE_WARNING_PERCENT}% of its database connection pools`,
          'Requests will soon wait for a database connection. Check slow queries and RDS Proxy, then pool sizes from the capacity model.',
        ),
        fixture: { unhealthy: pool(97), healthy: pool(50), firingLabels: svcLabels, evalMinutes: 15 },
      },
      {
        rule: alert(
          'ServiceDbPoolExhausted',
          Severity.CRITICAL,
          `${poolExpr}\n> ${DB_POOL_USAGE_CRITICAL_PERCENT}`,
          '5m',
          `{{ $labels.service }} in {{ $labels.namespace }} has exhausted its database connection pools`,
          'Requests are queueing for database connections and time out after the pool acquire timeout.',
        ),
        fixture: { unhealthy: pool(97), healthy: pool(80), firingLabels: svcLabels, evalMinutes: 10 },
      },
    );
  }

  if (target.usesCache ?? true) {
    const gets = (hitsPerMinute: number, missesPerMinute: number): SeriesFixture[] => [
      { series: seriesName('redis_commands_total', { ...svcLabels, pod: podLabels.pod, command: 'get', result: 'hit' }), values: counter(hitsPerMinute, 30) },
      { series: seriesName('redis_commands_total', { ...svcLabels, pod: podLabels.pod, command: 'get', result: 'miss' }), values: counter(missesPerMinute, 30) },
    ];
    const hitRate = (filter: string) => `sum by (${by}) (rate(redis_commands_total{${sel}, command="get"${filter}}[5m]))`;
    alerts.push({
      rule: alert(
        'ServiceCacheHitRateLow',
        Severity.WARNING,
        `${hitRate(', result="hit"')}\n  /\n${hitRate('')}\n* 100 < ${CACHE_HIT_RATE_MIN_PERCENT}`,
        '15m',
        `{{ $labels.service }} in {{ $labels.namespace }}: Redis GET hit rate below ${CACHE_HIT_RATE_MIN_PERCENT}%`,
        'More reads than planned fall through to PostgreSQL; check key TTLs, evictions and a recent deploy that changed cache keys.',
      ),
      fixture: { unhealthy: gets(300, 300), healthy: gets(570, 30), firingLabels: svcLabels, evalMinutes: 25 },
    });
  }
  return alerts;
}

/** The PrometheusRule group of one service. */
export function serviceRuleGroup(target: ServiceMonitoringTarget, options: ServiceAlertOptions = {}): RuleGroup {
  return { name: `service-${target.namespace}-${target.name}`, rules: serviceAlerts(target, options).map((a) => a.rule) };
}

/** `name{a="b", ...}` in promtool's series notation. */
export function seriesName(name: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${name}{${body}}`;
}

/** A counter rising by `perMinute` every 1-minute step for `steps` steps. */
function counter(perMinute: number, steps: number): string {
  return `0+${promNumber(perMinute)}x${steps}`;
}

function gauge(value: number, steps: number): string {
  return `${promNumber(value)}+0x${steps}`;
}

function percent(ratio: number): string {
  return `${promNumber(ratio * 100)}%`;
}
