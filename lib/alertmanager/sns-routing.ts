import { Severity } from '../prometheus/rules';

/*
 * Alertmanager configuration that sends the cluster's alerts to the environment's SNS alarm
 * topic, the one the CloudWatch alarms publish to, so on-call subscriptions get both.
 * Schema: Alertmanager v0.34.0 (the image of kube-prometheus-stack 88.5.3),
 * https://github.com/prometheus/alertmanager/blob/v0.34.0/docs/configuration.md
 */

/** Receiver that publishes to the alarm topic. */
export const SNS_RECEIVER = 'sns-alarm-topic';
/** Receiver that drops what it gets (no integration configured). */
export const NULL_RECEIVER = 'null';

/**
 * Alerts kube-prometheus-stack ships that must not page: Watchdog fires forever to prove the
 * pipeline is alive (meant for a dead man's switch), InfoInhibitor fires to mute info alerts.
 * https://github.com/prometheus-community/helm-charts/blob/main/charts/kube-prometheus-stack/values.yaml (alertmanager.config)
 */
export const ALWAYS_FIRING_ALERTS = ['Watchdog', 'InfoInhibitor'] as const;
/** Severities of the chart's default rules that are informational (never paged on). */
export const INFORMATIONAL_SEVERITIES = ['info', 'none'] as const;

/** Wait for more alerts of a new group before the first notification (docs default: 30s). */
export const GROUP_WAIT = '30s';
/** Wait before notifying about alerts added to a group already notified (docs default: 5m). */
export const GROUP_INTERVAL = '5m';
/** Re-send a still-firing critical group (docs default: 4h). */
export const CRITICAL_REPEAT_INTERVAL = '4h';
/** Re-send a still-firing warning group: twice a day, the chart's default (12h), less noise than critical. */
export const WARNING_REPEAT_INTERVAL = '12h';
/** Alerts sharing these labels are one notification; namespace keeps same-named services apart. */
export const GROUP_BY = ['alertname', 'namespace', 'service', 'severity'] as const;

/**
 * SNS Publish: the subject must be ASCII without line breaks or control characters and
 * "less than 100 characters long". https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export const SNS_SUBJECT_MAX_LENGTH = 99;

export interface SnsRoutingInput {
  /** ARN of the alarm topic (a cross-stack reference is fine). */
  readonly topicArn: string;
  /** Region of the topic; Alertmanager signs its requests (SigV4) for this region. */
  readonly region: string;
  /** Shown first in the subject, so a shared inbox tells environments apart. @default - none */
  readonly environment?: string;
}

/** The subset of the Alertmanager configuration this library writes. */
export interface AlertmanagerConfig {
  readonly route: AlertmanagerRoute;
  readonly inhibit_rules: readonly { readonly source_matchers: string[]; readonly target_matchers: string[]; readonly equal: string[] }[];
  readonly receivers: readonly AlertmanagerReceiver[];
}

export interface AlertmanagerRoute {
  readonly receiver?: string;
  readonly matchers?: string[];
  readonly group_by?: string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly routes?: AlertmanagerRoute[];
}

export interface AlertmanagerReceiver {
  readonly name: string;
  readonly sns_configs?: readonly {
    readonly send_resolved: boolean;
    readonly topic_arn: string;
    readonly sigv4: { readonly region: string };
    readonly subject: string;
    readonly message: string;
  }[];
}

/**
 * Subject: `prod FIRING CRITICAL ServiceErrorBudgetFastBurn checkout`. Characters outside
 * printable ASCII become `?` and the text is cut at SNS_SUBJECT_MAX_LENGTH: Alertmanager
 * does not shorten subjects, and SNS rejects the whole publish when one is too long. Only
 * functions Alertmanager 0.25 (Debian's amtool, which tests this) and 0.34 both define.
 */
export function snsSubjectTemplate(environment?: string): string {
  const format = environment ? `"${environment} %s %s %s %s"` : '"%s %s %s %s"';
  return `{{ printf ${format} (.Status | toUpper) (.CommonLabels.severity | toUpper) .CommonLabels.alertname .CommonLabels.service`
    + ` | reReplaceAll " +$" "" | reReplaceAll "[^ -~]" "?" | reReplaceAll "^(.{0,${SNS_SUBJECT_MAX_LENGTH}}).*$" "$1" }}`;
}

/**
 * Body: one paragraph per alert with its labels, summary, description and runbook. SNS takes
 * up to 256 KB; Alertmanager truncates longer messages itself (notify/sns/sns.go).
 */
export const SNS_MESSAGE_TEMPLATE = [
  '{{ range .Alerts }}{{ .Status | toUpper }} {{ .Labels.severity | toUpper }} {{ .Labels.alertname }}',
  '{{ if .Labels.namespace }}namespace: {{ .Labels.namespace }}{{ end }}{{ if .Labels.service }} service: {{ .Labels.service }}{{ end }}',
  '{{ .Annotations.summary }}',
  '{{ .Annotations.description }}',
  '{{ if .Annotations.runbook_url }}Runbook: {{ .Annotations.runbook_url }}{{ end }}',
  'Since: {{ .StartsAt }}',
  '',
  '{{ end }}Alertmanager: {{ .ExternalURL }}',
].join('\n');

/**
 * Routing of every cluster alert to the SNS alarm topic.
 *
 * - Watchdog and InfoInhibitor, and info/none-severity alerts, go to the null receiver.
 * - Critical and warning both go to SNS (the severity leads the subject); they differ only
 *   in how often a still-firing group is repeated.
 * - Anything else (an alert without a severity) also goes to SNS: the root receiver is SNS,
 *   so no alert is dropped silently.
 * - A critical alert mutes the warning of the same alert name, namespace and service: the
 *   chart's rules that come in two severities under one name (KubePersistentVolumeFillingUp,
 *   for one) page once. This repo's alerts have distinct names per severity, so a service's
 *   slow burn still arrives next to its fast burn.
 */
export function snsAlertmanagerConfig(input: SnsRoutingInput): AlertmanagerConfig {
  const severity = (s: string) => `severity = "${s}"`;
  return {
    route: {
      receiver: SNS_RECEIVER,
      group_by: [...GROUP_BY],
      group_wait: GROUP_WAIT,
      group_interval: GROUP_INTERVAL,
      repeat_interval: CRITICAL_REPEAT_INTERVAL,
      routes: [
        { receiver: NULL_RECEIVER, matchers: [`alertname =~ "${ALWAYS_FIRING_ALERTS.join('|')}"`] },
        { receiver: NULL_RECEIVER, matchers: [`severity =~ "${INFORMATIONAL_SEVERITIES.join('|')}"`] },
        { receiver: SNS_RECEIVER, matchers: [severity(Severity.CRITICAL)], repeat_interval: CRITICAL_REPEAT_INTERVAL },
        { receiver: SNS_RECEIVER, matchers: [severity(Severity.WARNING)], repeat_interval: WARNING_REPEAT_INTERVAL },
      ],
    },
    inhibit_rules: [
      { source_matchers: [severity(Severity.CRITICAL)], target_matchers: [severity(Severity.WARNING)], equal: ['alertname', 'namespace', 'service'] },
    ],
    receivers: [
      { name: NULL_RECEIVER },
      {
        name: SNS_RECEIVER,
        sns_configs: [
          {
            send_resolved: true,
            topic_arn: input.topicArn,
            // No keys or role: the SDK's default chain finds the EKS Pod Identity credentials.
            sigv4: { region: input.region },
            subject: snsSubjectTemplate(input.environment),
            message: SNS_MESSAGE_TEMPLATE,
          },
        ],
      },
    ],
  };
}
