/**
 * Grafana dashboards as typed objects (the JSON model Grafana's sidecar loads from
 * ConfigMaps). Only what this library uses: time series panels on one Prometheus data
 * source chosen by a dashboard variable.
 * https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */

/** Grafana 11's dashboard schema version (kube-prometheus-stack 88 ships Grafana 12, which migrates older ones). */
export const DASHBOARD_SCHEMA_VERSION = 39;
/** Grafana lays panels out on a 24-column grid. */
const GRID_COLUMNS = 24;
const PANEL_HEIGHT = 8;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

export enum PanelUnit {
  REQUESTS_PER_SECOND = 'reqps',
  SECONDS = 's',
  PERCENT = 'percent',
  PERCENT_UNIT = 'percentunit',
  BYTES = 'bytes',
  COUNT = 'short',
}

export interface PanelQuery {
  readonly expr: string;
  /** Legend, e.g. `{{service}}`. */
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly unit: PanelUnit;
  readonly queries: readonly PanelQuery[];
  /** Draws a red threshold line at this value (the alert threshold). @default - none */
  readonly threshold?: number;
}

export interface DashboardSpec {
  /** Stable id (Grafana URL), at most 40 characters. */
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly PanelSpec[];
  /** Panels per row. @default 2 */
  readonly columns?: number;
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: string[];
  readonly schemaVersion: number;
  readonly editable: boolean;
  readonly time: { from: string; to: string };
  readonly refresh: string;
  readonly templating: { list: Record<string, unknown>[] };
  readonly panels: GrafanaPanel[];
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries';
  readonly title: string;
  readonly description?: string;
  readonly datasource: typeof DATASOURCE;
  readonly gridPos: { h: number; w: number; x: number; y: number };
  readonly fieldConfig: Record<string, unknown>;
  readonly options: Record<string, unknown>;
  readonly targets: { refId: string; expr: string; legendFormat: string; datasource: typeof DATASOURCE }[];
}

/** Grafana limits dashboard uids to 40 characters. */
export const MAX_UID_LENGTH = 40;

export function buildDashboard(spec: DashboardSpec): GrafanaDashboard {
  if (spec.uid.length > MAX_UID_LENGTH || !/^[a-zA-Z0-9_-]+$/.test(spec.uid)) {
    throw new Error(`dashboard uid "${spec.uid}" is not 1-${MAX_UID_LENGTH} letters, digits, "-" or "_". Fix: shorten the service name or pass a shorter uid`);
  }
  const columns = spec.columns ?? 2;
  const width = GRID_COLUMNS / columns;
  return {
    uid: spec.uid,
    title: spec.title,
    tags: [...spec.tags],
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    panels: spec.panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      datasource: DATASOURCE,
      gridPos: { h: PANEL_HEIGHT, w: width, x: (i % columns) * width, y: Math.floor(i / columns) * PANEL_HEIGHT },
      fieldConfig: {
        defaults: {
          unit: panel.unit,
          ...(panel.threshold !== undefined
            ? {
                custom: { thresholdsStyle: { mode: 'line' } },
                thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: panel.threshold }] },
              }
            : {}),
        },
        overrides: [],
      },
      options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      targets: panel.queries.map((q, j) => ({ refId: String.fromCharCode(65 + j), expr: q.expr, legendFormat: q.legend ?? '', datasource: DATASOURCE })),
    })),
  };
}

/** Every PromQL expression of a dashboard (for validation). */
export function dashboardQueries(dashboard: GrafanaDashboard): string[] {
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}
