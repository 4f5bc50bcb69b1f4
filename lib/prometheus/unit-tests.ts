import { AlertRule, expandLabelTemplate } from './rules';
import { SeriesFixture, TestedAlertRule } from './service-alerts';

/** The `promtool test rules` file format. https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/ */
export interface PromtoolTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly PromtoolTestCase[];
}

export interface PromtoolTestCase {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly SeriesFixture[];
  readonly alert_rule_test: readonly {
    readonly eval_time: string;
    readonly alertname: string;
    readonly exp_alerts: readonly { readonly exp_labels: Record<string, string>; readonly exp_annotations: Record<string, string> }[];
  }[];
}

/** Every fixture uses one sample per minute. */
const FIXTURE_INTERVAL = '1m';

/**
 * Two promtool test cases per alert: on its unhealthy fixture the alert fires with exactly
 * the expected labels and expanded annotations; on its healthy fixture it stays silent.
 */
export function promtoolTestFile(ruleFile: string, alerts: readonly TestedAlertRule[]): PromtoolTestFile {
  const tests = alerts.flatMap(({ rule, fixture }) => {
    const labels = { ...fixture.firingLabels, ...rule.labels };
    const evalTime = `${fixture.evalMinutes}m`;
    return [
      {
        name: `${rule.alert} fires on unhealthy series (${describe(rule)})`,
        interval: FIXTURE_INTERVAL,
        input_series: fixture.unhealthy,
        alert_rule_test: [{ eval_time: evalTime, alertname: rule.alert, exp_alerts: [{ exp_labels: labels, exp_annotations: expandAnnotations(rule, labels) }] }],
      },
      {
        name: `${rule.alert} stays silent on healthy series (${describe(rule)})`,
        interval: FIXTURE_INTERVAL,
        input_series: fixture.healthy,
        alert_rule_test: [{ eval_time: evalTime, alertname: rule.alert, exp_alerts: [] }],
      },
    ];
  });
  return { rule_files: [ruleFile], evaluation_interval: FIXTURE_INTERVAL, tests };
}

export function renderPromtoolTestFile(file: PromtoolTestFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

function expandAnnotations(rule: AlertRule, labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expandLabelTemplate(v, labels)]));
}

function describe(rule: AlertRule): string {
  return rule.labels.service ?? rule.alert;
}
