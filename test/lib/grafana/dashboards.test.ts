import { buildDashboard, dashboardQueries, designNotesQueries, PanelUnit, serviceDashboard, servicesOverviewDashboard } from '../../../lib/grafana';

describe('Grafana dashboards', () => {
  test('GIVEN no selector THEN the overview uses the design notes queries verbatim', () => {
    const queries = dashboardQueries(servicesOverviewDashboard());
    expect(queries).toEqual([
      'sum(rate(http_requests_total[5m])) by (service)',
      'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))',
      'sum(rate(http_requests_total{status=~"5.."}[5m])) by (service) / sum(rate(http_requests_total[5m])) by (service)',
      'sum(db_connections_active) / sum(db_connections_max) * 100',
      'sum(rate(redis_commands_total{command="get",result="hit"}[5m])) / sum(rate(redis_commands_total{command="get"}[5m])) * 100',
    ]);
  });

  test('GIVEN a service THEN its dashboard scopes the design notes panels to it and adds saturation', () => {
    const dashboard = serviceDashboard({ name: 'checkout', namespace: 'shop' });
    expect(dashboard.uid).toBe('svc-shop-checkout');
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      'Request rate',
      'Response time (p95, p99)',
      'Error rate (5xx / all)',
      'Database connection pool usage',
      'Redis hit rate (GET)',
      'CPU throttling (throttled / all CFS periods)',
      'Memory working set / limit',
      'HPA replicas (current, desired, max)',
    ]);
    expect(dashboard.panels[0].targets[0].expr).toBe(designNotesQueries('namespace="shop",service="checkout"').requestRate);
    expect(dashboard.panels[0].targets[0].expr).toBe('sum(rate(http_requests_total{namespace="shop",service="checkout"}[5m])) by (service)');
    expect(dashboard.panels.every((p) => p.datasource.uid === '${datasource}')).toBe(true);
  });

  test('THEN panels tile the 24-column grid without overlap', () => {
    const cells = new Set(serviceDashboard({ name: 'a', namespace: 'b' }).panels.map((p) => `${p.gridPos.x},${p.gridPos.y}`));
    expect(cells.size).toBe(8);
  });

  test('GIVEN a uid Grafana rejects THEN building fails with the fix', () => {
    expect(() => buildDashboard({ uid: 'x'.repeat(41), title: 't', tags: [], panels: [{ title: 'p', unit: PanelUnit.COUNT, queries: [{ expr: 'up' }] }] })).toThrow(/Fix: shorten/);
  });
});
