import * as fs from 'fs';
import * as path from 'path';
import { headingAnchor, RUNBOOKS_URL } from '../../lib/runbooks';
import { clusterNodeAlerts, kafkaAlerts, meshAlerts, serviceAlerts } from '../../lib/prometheus';
import { MonitoringStack, Tier } from '../../constructs/monitoring-stack';
import { synthConstructs } from '../support/synth';
import { FULL_PROPS } from '../constructs/monitoring-stack/fixtures';

const anchors = new Set(
  fs
    .readFileSync(path.join(__dirname, '../../docs/runbooks.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('## '))
    .map((l) => headingAnchor(l.slice(3))),
);

describe('docs/runbooks.md', () => {
  test('GIVEN every service and cluster alert THEN its runbook_url points at a section of docs/runbooks.md', () => {
    const alerts = [...serviceAlerts({ name: 'checkout', namespace: 'shop', plannedRps: 100 }), ...clusterNodeAlerts({ expectedNodesMin: 3, expectedNodesMax: 6 }), ...meshAlerts(), ...kafkaAlerts({ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc123.c2.kafka.us-east-1.amazonaws.com', express: false })];
    for (const { rule } of alerts) {
      const [base, anchor] = rule.annotations.runbook_url.split('#');
      expect({ alert: rule.alert, base, hasSection: anchors.has(anchor) }).toEqual({ alert: rule.alert, base: RUNBOOKS_URL, hasSection: true });
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
    }
  });

  test('GIVEN every CloudWatch alarm and composite THEN its description links to a section', () => {
    const stack = synthConstructs((scope) => new MonitoringStack(scope, 'monitoring', FULL_PROPS));
    const bodies = [...Object.values(stack.resource!.aws_cloudwatch_metric_alarm), ...Object.values(stack.resource!.aws_cloudwatch_composite_alarm)];
    for (const body of bodies) {
      const anchor = /Runbook: \S+#(\S+)$/.exec(String(body.alarm_description))?.[1];
      expect({ alarm: body.alarm_name, hasSection: anchor !== undefined && anchors.has(anchor) }).toEqual({ alarm: body.alarm_name, hasSection: true });
    }
    expect(Object.values(Tier).every((tier) => anchors.has(`cloudwatch-${tier}`))).toBe(true);
  });
});
