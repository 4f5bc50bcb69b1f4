import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { runbookLink } from '../../lib/runbooks';
import { DATAPOINTS, PERIOD_SECONDS } from './thresholds';

/** How bad a breach is. Critical alarms make up the environment's "degraded" composite alarm. */
export enum AlarmSeverity {
  CRITICAL = 'critical',
  WARNING = 'warning',
}

/** The tier an alarm belongs to (a tag, and a section of the dashboard). */
export enum Tier {
  EDGE = 'edge',
  NGINX = 'nginx',
  EKS = 'eks',
  DATABASE = 'database',
  CACHE = 'cache',
  NETWORK = 'network',
  KAFKA = 'kafka',
  CDN = 'cdn',
}

export enum Comparison {
  ABOVE = 'GreaterThanThreshold',
  AT_OR_ABOVE = 'GreaterThanOrEqualToThreshold',
  BELOW = 'LessThanThreshold',
}

/** What an alarm does without data. */
export enum MissingData {
  /** No data is healthy (e.g. no 5xx reported when there are none). */
  NOT_BREACHING = 'notBreaching',
  /** No data is itself a failure (e.g. an in-service count that stopped reporting). */
  BREACHING = 'breaching',
  /** No data leaves the alarm in INSUFFICIENT_DATA: neither healthy nor in ALARM. */
  MISSING = 'missing',
}

export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, or a percentile such as `p95`. */
  readonly statistic: string;
}

export interface AlarmSpec {
  /** Construct id (static, unique within the stack). */
  readonly id: string;
  /** Alarm name after the `<prefix>-` (may hold tokens). */
  readonly name: string;
  readonly description: string;
  readonly tier: Tier;
  readonly severity: AlarmSeverity;
  readonly comparison: Comparison;
  readonly threshold: number;
  /** One metric, or a metric-math query whose `returnData` entry is compared. */
  readonly metric: MetricSpec | { readonly queries: CloudwatchMetricAlarmMetricQuery[] };
  /** @default MissingData.NOT_BREACHING */
  readonly missingData?: MissingData;
  /** @default DATAPOINTS (5 of 5 one-minute periods) */
  readonly datapoints?: number;
  /** The alarm watches a service level objective (error budget burn, p95 latency). @default false */
  readonly slo?: boolean;
  /** The provider (Region) the alarm lives in: where the metric is published. @default - the factory's */
  readonly provider?: TerraformProvider;
}

/** An alarm MonitoringStack created, with what it watches. */
export interface MonitoredAlarm {
  readonly alarm: CloudwatchMetricAlarm;
  readonly tier: Tier;
  readonly severity: AlarmSeverity;
  /** Watches a service level objective (MonitoringStack `sloAlarms`). */
  readonly slo: boolean;
}

const PERCENTILE = /^p\d{1,2}(\.\d+)?$/;

/** Creates alarms with the stack's naming, actions and tags, and remembers them. */
export class AlarmFactory {
  public readonly alarms: MonitoredAlarm[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly prefix: string,
    private readonly actions: string[],
    private readonly provider?: TerraformProvider,
  ) {}

  public add(spec: AlarmSpec): CloudwatchMetricAlarm {
    const datapoints = spec.datapoints ?? DATAPOINTS;
    const metric = 'queries' in spec.metric ? undefined : spec.metric;
    const alarm = new CloudwatchMetricAlarm(this.scope, spec.id, {
      provider: spec.provider ?? this.provider,
      alarmName: `${this.prefix}-${spec.name}`,
      alarmDescription: `[${spec.severity}] ${spec.description} Runbook: ${runbookLink(`CloudWatch ${spec.tier}`)}`,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: datapoints,
      datapointsToAlarm: datapoints,
      treatMissingData: spec.missingData ?? MissingData.NOT_BREACHING,
      alarmActions: this.actions,
      okActions: this.actions,
      ...(metric
        ? {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: metric.dimensions,
            period: PERIOD_SECONDS,
            ...(PERCENTILE.test(metric.statistic) ? { extendedStatistic: metric.statistic, evaluateLowSampleCountPercentiles: 'ignore' } : { statistic: metric.statistic }),
          }
        : { metricQuery: (spec.metric as { queries: CloudwatchMetricAlarmMetricQuery[] }).queries }),
      tags: { Tier: spec.tier, Severity: spec.severity },
    });
    this.alarms.push({ alarm, tier: spec.tier, severity: spec.severity, slo: spec.slo ?? false });
    return alarm;
  }
}

/** A metric of a metric-math query (one-minute period). */
export function queryMetric(id: string, metric: MetricSpec): CloudwatchMetricAlarmMetricQuery {
  return {
    id,
    returnData: false,
    metric: { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions, stat: metric.statistic, period: PERIOD_SECONDS },
  };
}
