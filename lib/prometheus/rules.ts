/**
 * Prometheus rule files as typed objects.
 *
 * The same objects become the `groups` of a PrometheusRule (kube-prometheus-stack's
 * `additionalPrometheusRulesMap`) and the files `promtool check rules` / `promtool test
 * rules` read. They are rendered as JSON: JSON is YAML, so promtool and Helm read it as is
 * and no YAML library is needed.
 */

/** Alert severities, routed by Alertmanager. */
export enum Severity {
  /** Users are hurt now or the SLO is being spent fast: page. */
  CRITICAL = 'critical',
  /** Needs attention within working hours: ticket. */
  WARNING = 'warning',
}

/** Annotations every alert of this library carries. */
export interface AlertAnnotations {
  /** One line; may use `{{ $labels.<name> }}` only (so unit tests can expand it). */
  readonly summary: string;
  /** What is wrong and what it means; same template rule as `summary`. */
  readonly description: string;
  /** Link to the alert's section in docs/runbooks.md. */
  readonly runbook_url: string;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration such as `5m`. */
  readonly for: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: AlertAnnotations;
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  /** @default - the global evaluation interval */
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** A rule file (`groups:`), the body of a PrometheusRule's `spec`. */
export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

export function isAlertRule(rule: Rule): rule is AlertRule {
  return 'alert' in rule;
}

/** Renders a rule file for promtool or a Helm value (JSON, which every YAML parser reads). */
export function renderRuleFile(file: RuleFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Wraps PromQL expressions as recording rules, so `promtool check rules` parses them
 * offline (used to prove every dashboard query is valid PromQL).
 */
export function recordingRulesFor(groupName: string, exprs: readonly string[]): RuleFile {
  return { groups: [{ name: groupName, rules: exprs.map((expr, i) => ({ record: `check:expr_${i}`, expr })) }] };
}

/** A number in PromQL without binary floating-point noise (14.4 * 0.001 -> 0.0144). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Expands `{{ $labels.<name> }}` (the only template syntax this library's annotations use). */
export function expandLabelTemplate(template: string, labels: Readonly<Record<string, string>>): string {
  const expanded = template.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_m, name: string) => {
    const value = labels[name];
    if (value === undefined) throw new Error(`annotation template uses $labels.${name} but the alert has no label ${name}: ${template}`);
    return value;
  });
  if (expanded.includes('{{')) throw new Error(`annotation template uses syntax other than {{ $labels.<name> }}: ${template}`);
  return expanded;
}
