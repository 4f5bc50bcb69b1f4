import {
  expandLabelTemplate,
  isAlertRule,
  PODS_RPS_METRIC,
  podsRpsAdapterRule,
  podsRpsHpaMetric,
  podsRpsQuery,
  promNumber,
  promtoolTestFile,
  serviceAlerts,
  serviceRuleGroup,
  Severity,
} from '../../../lib/prometheus';

describe('service alert rules', () => {
  const target = { name: 'checkout', namespace: 'shop', plannedRps: 5000 };
  // Made in beforeEach, not in the describe body, so that a mutation run sees which tests read them.
  let alerts: ReturnType<typeof serviceAlerts>;
  beforeEach(() => {
    alerts = serviceAlerts(target);
  });

  test('GIVEN a service THEN it gets RED and saturation alerts, each with severity, for, summary, description and runbook', () => {
    expect(alerts.map((a) => a.rule.alert)).toEqual([
      'ServiceErrorBudgetFastBurn',
      'ServiceErrorBudgetSlowBurn',
      'ServiceLatencyP95High',
      'ServiceLatencyP99High',
      'ServiceNoTraffic',
      'ServiceTrafficAboveCapacity',
      'ServiceCpuThrottled',
      'ServiceMemoryNearLimit',
      'ServiceHpaAtMaxReplicas',
      'ServiceDbPoolSaturated',
      'ServiceDbPoolExhausted',
      'ServiceCacheHitRateLow',
    ]);
    for (const { rule } of alerts) {
      expect(Object.values(Severity)).toContain(rule.labels.severity);
      expect(rule.labels.service).toBe('checkout');
      expect(rule.for).toMatch(/^\d+[mh]$/);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description.length).toBeGreaterThan(10);
      expect(rule.annotations.runbook_url).toMatch(/docs\/runbooks\.md#service[a-z0-9]+$/);
    }
  });

  test('THEN error ratios come from http_requests_total{status=~"5.."} at the SLO burn rates', () => {
    const fast = alerts.find((a) => a.rule.alert === 'ServiceErrorBudgetFastBurn')!.rule.expr;
    expect(fast).toContain('rate(http_requests_total{namespace="shop", service="checkout", status=~"5.."}[1h])');
    expect(fast).toContain('[5m]');
    expect(fast).toContain('> 0.0144');
    expect(alerts.find((a) => a.rule.alert === 'ServiceErrorBudgetSlowBurn')!.rule.expr).toContain('> 0.006');
  });

  test('THEN latency uses histogram_quantile over http_request_duration_seconds_bucket at 100 ms and 250 ms', () => {
    const p95 = alerts.find((a) => a.rule.alert === 'ServiceLatencyP95High')!.rule;
    expect(p95.expr).toContain('histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket{namespace="shop", service="checkout"}[5m])))');
    expect(p95.expr).toMatch(/> 0\.1$/);
    expect(p95.labels.severity).toBe(Severity.CRITICAL);
    expect(alerts.find((a) => a.rule.alert === 'ServiceLatencyP99High')!.rule.expr).toMatch(/> 0\.25$/);
  });

  test('THEN traffic above capacity alarms at 90% of the planned RPS', () => {
    expect(alerts.find((a) => a.rule.alert === 'ServiceTrafficAboveCapacity')!.rule.expr).toMatch(/> 4500$/);
  });

  test('THEN the cache alert fires when the GET hit rate falls below 80%, not above it', () => {
    const rule = alerts.find((a) => a.rule.alert === 'ServiceCacheHitRateLow')!.rule;
    expect(rule.expr).toBe(
      'sum by (namespace, service) (rate(redis_commands_total{namespace="shop", service="checkout", command="get", result="hit"}[5m]))\n' +
        '  /\n' +
        'sum by (namespace, service) (rate(redis_commands_total{namespace="shop", service="checkout", command="get"}[5m]))\n' +
        '* 100 < 80',
    );
    expect(rule.for).toBe('15m');
    expect(rule.labels.severity).toBe(Severity.WARNING);
  });

  test('GIVEN a service without database, cache or plan THEN those alerts are left out', () => {
    const names = serviceAlerts({ name: 'edge', namespace: 'web', usesDatabase: false, usesCache: false }).map((a) => a.rule.alert);
    expect(names).not.toContain('ServiceDbPoolSaturated');
    expect(names).not.toContain('ServiceCacheHitRateLow');
    expect(names).not.toContain('ServiceTrafficAboveCapacity');
  });

  test('THEN the group holds only alert rules, named after the service', () => {
    const group = serviceRuleGroup(target);
    expect(group.name).toBe('service-shop-checkout');
    expect(group.rules.every(isAlertRule)).toBe(true);
  });

  test('THEN promtool tests expect the expression labels plus the rule labels, annotations expanded', () => {
    const file = promtoolTestFile('checkout.rules.json', alerts);
    expect(file.tests).toHaveLength(alerts.length * 2);
    const firing = file.tests[0].alert_rule_test[0].exp_alerts[0];
    expect(firing.exp_labels).toEqual({ namespace: 'shop', service: 'checkout', severity: 'critical' });
    expect(firing.exp_annotations.summary).toBe('checkout in shop is burning its 99.9% availability budget 14.4x too fast');
    expect(file.tests[1].alert_rule_test[0].exp_alerts).toEqual([]);
  });
});

describe('rule helpers', () => {
  test('promNumber drops floating-point noise', () => {
    expect(promNumber(14.4 * 0.001)).toBe('0.0144');
    expect(promNumber(0.1 + 0.2)).toBe('0.3');
  });

  test('expandLabelTemplate expands $labels and rejects other template syntax', () => {
    expect(expandLabelTemplate('{{ $labels.pod }} is slow', { pod: 'a-1' })).toBe('a-1 is slow');
    expect(() => expandLabelTemplate('{{ $labels.pod }}', {})).toThrow(/has no label pod/);
    expect(() => expandLabelTemplate('{{ $value | humanize }}', {})).toThrow(/syntax other than/);
  });
});

describe('requests per second as a custom metric', () => {
  test('GIVEN the adapter rule THEN http_requests_total is exposed per pod as http_requests_per_second', () => {
    const rule = podsRpsAdapterRule();
    expect(rule.name).toEqual({ matches: '^http_requests_total$', as: 'http_requests_per_second' });
    expect(rule.resources.overrides).toEqual({ namespace: { resource: 'namespace' }, pod: { resource: 'pod' } });
    expect(rule.metricsQuery).toBe('sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)');
  });

  test('GIVEN a per-pod target THEN the HPA metric is a Pods metric with an AverageValue', () => {
    expect(podsRpsHpaMetric(850)).toEqual({ type: 'Pods', pods: { metric: { name: PODS_RPS_METRIC }, target: { type: 'AverageValue', averageValue: '850' } } });
    expect(() => podsRpsHpaMetric(0)).toThrow(/targetRpsPerPod = 0 is not a positive number/);
  });
});

test('GIVEN the adapter template filled in THEN it is the PromQL the HPA sees', () => {
  expect(podsRpsQuery('shop', 'checkout-1')).toBe('sum(rate(http_requests_total{namespace="shop",pod="checkout-1"}[2m])) by (namespace,pod)');
});
