import { fmt } from '../../capacity/spread';
import { BYTES_PER_GB, fixed, hours, priceLine, requestsPerMonth } from '../line';
import { CostTier } from './tier';

const DAYS_PER_MONTH = 30.4;

/** CloudWatch: alarms, dashboards, log ingestion (standard and vended) and log storage. */
export const OBSERVABILITY_TIER: CostTier = {
  name: 'CloudWatch (alarms, dashboards, logs)',
  lines(ctx) {
    const o = ctx.inputs.observability;
    const a = ctx.assumptions;
    const h = hours(ctx);
    const serviceLogs = o.serviceLogGroups * a.serviceLogGBPerGroupMonth.value;
    const flowLogs = (s: 'min' | 'target' | 'max') => (2 * ctx.inputs.rps[s] * ctx.inputs.activeConnectionsPerRps * h * 60 * a.flowLogBytesPerRecord.value) / BYTES_PER_GB;
    const wafLogs = (s: 'min' | 'target' | 'max') => (requestsPerMonth(ctx, s) * a.wafBlockedShare.value * a.wafLogBytesPerRecord.value) / BYTES_PER_GB;
    const retentionMonths = o.logRetentionDays / DAYS_PER_MONTH;
    return [
      priceLine(ctx, {
        key: 'cloudwatch.alarm-metric.month',
        item: 'metric alarms (standard resolution)',
        quantity: fixed(o.alarmMetrics),
        basis: `${o.metricAlarms} alarms reading ${o.alarmMetrics} metrics (a metric-math alarm counts each metric)`,
      }),
      priceLine(ctx, { key: 'cloudwatch.composite-alarm.month', item: 'composite alarms', quantity: fixed(o.compositeAlarms), basis: `${o.compositeAlarms} composite alarms` }),
      priceLine(ctx, { key: 'cloudwatch.dashboard.month', item: 'dashboards', quantity: fixed(o.dashboards), basis: `${o.dashboards} dashboard (3 free per account)` }),
      priceLine(ctx, {
        key: 'cloudwatch.logs.ingest.gb',
        item: 'log ingestion: RDS, ElastiCache, EKS control plane',
        quantity: fixed(serviceLogs),
        basis: `${o.serviceLogGroups} log groups x ${a.serviceLogGBPerGroupMonth.value} GB (PLACEHOLDER)`,
      }),
      priceLine(ctx, {
        key: 'cloudwatch.vended-logs.ingest.gb',
        item: 'vended log ingestion: VPC flow logs (ALL traffic, 60 s)',
        quantity: flowLogs,
        basis: `${fmt(ctx.inputs.rps.target * ctx.inputs.activeConnectionsPerRps)} client connections at target x 2 records/min x ${a.flowLogBytesPerRecord.value} B (PLACEHOLDER)`,
      }),
      priceLine(ctx, {
        key: 'cloudwatch.vended-logs.ingest.gb',
        item: 'vended log ingestion: WAF logs (blocked requests only)',
        quantity: wafLogs,
        basis: `${a.wafBlockedShare.value} of requests blocked (PLACEHOLDER) x ${a.wafLogBytesPerRecord.value} B`,
      }),
      priceLine(ctx, {
        key: 'cloudwatch.logs.storage.gb-month',
        item: 'log storage at steady state',
        quantity: (s) => (serviceLogs + flowLogs(s) + wafLogs(s)) * retentionMonths,
        basis: `a month's ingestion x ${o.logRetentionDays} days retained / ${DAYS_PER_MONTH} (uncompressed: an upper bound)`,
      }),
    ];
  },
  notes: (ctx) => [
    `${ctx.inputs.observability.logGroups} log groups in all. Container Insights with enhanced observability (billed per observation) is not counted: its price is unsourced here and its observation count depends on the pods running.`,
  ],
};
