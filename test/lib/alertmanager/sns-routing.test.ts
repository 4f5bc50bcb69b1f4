import {
  CRITICAL_REPEAT_INTERVAL,
  NULL_RECEIVER,
  SNS_RECEIVER,
  snsAlertmanagerConfig,
  snsSubjectTemplate,
  WARNING_REPEAT_INTERVAL,
} from '../../../lib/alertmanager';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:prod-alarms';

describe('snsAlertmanagerConfig', () => {
  const config = snsAlertmanagerConfig({ topicArn: TOPIC_ARN, region: 'us-east-1', environment: 'prod' });
  const sns = config.receivers.find((r) => r.name === SNS_RECEIVER)!.sns_configs![0];

  test('GIVEN a topic THEN the SNS receiver publishes to it, signed for its region, resolved alerts included', () => {
    expect(sns).toMatchObject({ topic_arn: TOPIC_ARN, sigv4: { region: 'us-east-1' }, send_resolved: true });
    expect(Object.keys(sns.sigv4)).toEqual(['region']);
    expect(config.receivers.find((r) => r.name === NULL_RECEIVER)).toEqual({ name: NULL_RECEIVER });
  });

  test('THEN unmatched alerts default to SNS, grouped by alert name, namespace, service and severity', () => {
    expect(config.route).toMatchObject({ receiver: SNS_RECEIVER, group_by: ['alertname', 'namespace', 'service', 'severity'], group_wait: '30s', group_interval: '5m' });
  });

  test('THEN Watchdog, InfoInhibitor and info alerts are dropped; critical and warning reach SNS with their own repeat interval', () => {
    expect(config.route.routes).toEqual([
      { receiver: NULL_RECEIVER, matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
      { receiver: NULL_RECEIVER, matchers: ['severity =~ "info|none"'] },
      { receiver: SNS_RECEIVER, matchers: ['severity = "critical"'], repeat_interval: CRITICAL_REPEAT_INTERVAL },
      { receiver: SNS_RECEIVER, matchers: ['severity = "warning"'], repeat_interval: WARNING_REPEAT_INTERVAL },
    ]);
  });

  test('THEN a critical alert mutes the warning of the same alert name, namespace and service', () => {
    expect(config.inhibit_rules).toEqual([{ source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ['alertname', 'namespace', 'service'] }]);
  });

  test('THEN the subject leads with the environment, is made printable ASCII and cut below 100 characters', () => {
    expect(sns.subject).toMatch(/^\{\{ printf "prod %s %s %s %s" \(\.Status \| toUpper\) \(\.CommonLabels\.severity \| toUpper\)/);
    expect(sns.subject).toContain('reReplaceAll "[^ -~]" "?"');
    expect(sns.subject).toMatch(/reReplaceAll "\^\(\.\{0,99\}\)\.\*\$" "\$1" \}\}$/);
    expect(snsSubjectTemplate()).toMatch(/^\{\{ printf "%s %s %s %s"/);
  });

  test('THEN the message lists each alert with its summary, description and runbook', () => {
    for (const field of ['.Annotations.summary', '.Annotations.description', '.Annotations.runbook_url', '{{ range .Alerts }}']) expect(sns.message).toContain(field);
  });
});
