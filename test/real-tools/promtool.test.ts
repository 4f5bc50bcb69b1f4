import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { ClusterMonitoring } from '../../constructs/cluster-monitoring';
import { helmValues, synthPlatformConstructs } from '../support/platform-synth';
import { clusterNodeAlerts, kafkaAlerts, meshAlerts, mskScrapeConfigs } from '../../lib/prometheus';
import { dashboardQueries, meshPairDashboard, serviceDashboard, servicesOverviewDashboard } from '../../lib/grafana';
import {
  podsRpsQuery,
  promtoolTestFile,
  recordingRulesFor,
  renderPromtoolTestFile,
  renderRuleFile,
  serviceAlerts,
  ServiceMonitoringTarget,
  serviceRuleGroup,
} from '../../lib/prometheus';
import { tempDir } from '../support/temp';

/**
 * Verification ladder, step 5: promtool (Debian's prometheus package) checks the generated
 * rule files, runs the generated unit tests (every alert fires on its unhealthy fixture and
 * stays silent on its healthy one) and parses every dashboard query. Skips loudly without
 * promtool; fails in CI, where .ci/run installs it.
 */
const run = promisify(execFile);

const TARGETS: ServiceMonitoringTarget[] = [
  { name: 'checkout', namespace: 'shop', plannedRps: 5_000 },
  { name: 'catalog', namespace: 'shop', usesDatabase: false, containerName: 'app', hpaName: 'catalog-hpa' },
];

async function promtoolVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('promtool', ['--version']);
    return (stdout || stderr).split('\n')[0];
  } catch {
    return undefined;
  }
}

async function promtool(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

describe('promtool on the generated rules and dashboards', () => {
  let version: string | undefined;
  let dir: string;

  beforeAll(async () => {
    version = await promtoolVersion();
    dir = tempDir('promtool-');
  });

  function skipWithoutPromtool(): boolean {
    if (version) return false;
    if (process.env.CI) throw new Error('promtool is not on PATH in CI: install Debian\'s prometheus package (.ci/run does)');
    console.warn('\n*** SKIPPED: promtool is not on PATH (apt-get install prometheus). Prometheus rules and dashboard queries are unverified. ***\n');
    return true;
  }

  test.each(TARGETS.map((t) => [t.name, t] as const))('promtool check rules accepts the rule file of %s', async (_name, target) => {
    if (skipWithoutPromtool()) return;
    const file = path.join(dir, `${target.name}.rules.json`);
    fs.writeFileSync(file, renderRuleFile({ groups: [serviceRuleGroup(target)] }));
    const out = await promtool(['check', 'rules', file], dir);
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  test.each(TARGETS.map((t) => [t.name, t] as const))('every alert of %s fires on unhealthy series and stays silent on healthy ones', async (_name, target) => {
    if (skipWithoutPromtool()) return;
    const ruleFile = `${target.name}.rules.json`;
    fs.writeFileSync(path.join(dir, ruleFile), renderRuleFile({ groups: [serviceRuleGroup(target)] }));
    const alerts = serviceAlerts(target);
    const testFile = path.join(dir, `${target.name}.test.json`);
    const tests = promtoolTestFile(ruleFile, alerts);
    fs.writeFileSync(testFile, renderPromtoolTestFile(tests));
    const out = await promtool(['test', 'rules', testFile], dir);
    expect(out).toContain('SUCCESS');
    expect(tests.tests).toHaveLength(alerts.length * 2);
  });

  test.each([
    ['an autoscaling cluster', { expectedNodesMin: 3, expectedNodesMax: 6 }],
    ['a fixed-size cluster', { expectedNodesMin: 6, expectedNodesMax: 6 }],
  ])('the node-count alerts of %s fire below/at the plan and stay silent within it', async (label, plan) => {
    if (skipWithoutPromtool()) return;
    const alerts = clusterNodeAlerts(plan);
    const ruleFile = `nodes-${plan.expectedNodesMax - plan.expectedNodesMin}.rules.json`;
    fs.writeFileSync(path.join(dir, ruleFile), renderRuleFile({ groups: [{ name: 'cluster-nodes', rules: alerts.map((a) => a.rule) }] }));
    expect(await promtool(['check', 'rules', path.join(dir, ruleFile)], dir)).toMatch(/SUCCESS/);
    const testFile = path.join(dir, `${ruleFile}.test.json`);
    fs.writeFileSync(testFile, renderPromtoolTestFile(promtoolTestFile(ruleFile, alerts)));
    expect(await promtool(['test', 'rules', testFile], dir)).toContain('SUCCESS');
    expect({ label, alerts: alerts.length }).toEqual({ label, alerts: plan.expectedNodesMax > plan.expectedNodesMin ? 2 : 1 });
  });

  test('the service mesh alerts pass promtool check rules, fire on their unhealthy fixtures and stay silent on the healthy ones', async () => {
    if (skipWithoutPromtool()) return;
    const alerts = meshAlerts();
    const ruleFile = 'mesh.rules.json';
    fs.writeFileSync(path.join(dir, ruleFile), renderRuleFile({ groups: [{ name: 'service-mesh', rules: alerts.map((a) => a.rule) }] }));
    expect(await promtool(['check', 'rules', path.join(dir, ruleFile)], dir)).toMatch(/SUCCESS: 5 rules found/);
    const testFile = path.join(dir, `${ruleFile}.test.json`);
    const tests = promtoolTestFile(ruleFile, alerts);
    fs.writeFileSync(testFile, renderPromtoolTestFile(tests));
    expect(await promtool(['test', 'rules', testFile], dir)).toContain('SUCCESS');
    expect(tests.tests).toHaveLength(10);
  });

  test.each([
    ['Standard', false, 6],
    ['Express', true, 5],
  ])('the Kafka alerts of a %s cluster pass promtool check rules, fire on their unhealthy fixtures and stay silent on the healthy ones', async (label, express, count) => {
    if (skipWithoutPromtool()) return;
    const alerts = kafkaAlerts({ clusterName: 'prod-events', brokerCount: 6, brokerDomain: 'prod-events.abc123.c2.kafka.us-east-1.amazonaws.com', express });
    const ruleFile = `kafka-${label}.rules.json`;
    fs.writeFileSync(path.join(dir, ruleFile), renderRuleFile({ groups: [{ name: 'kafka', rules: alerts.map((a) => a.rule) }] }));
    expect(await promtool(['check', 'rules', path.join(dir, ruleFile)], dir)).toMatch(new RegExp(`SUCCESS: ${count} rules found`));
    const testFile = path.join(dir, `${ruleFile}.test.json`);
    const tests = promtoolTestFile(ruleFile, alerts);
    fs.writeFileSync(testFile, renderPromtoolTestFile(tests));
    expect(await promtool(['test', 'rules', testFile], dir)).toContain('SUCCESS');
    expect(tests.tests).toHaveLength(count * 2);
  });

  test('the MSK scrape configs pass promtool check config', async () => {
    if (skipWithoutPromtool()) return;
    const file = path.join(dir, 'msk-scrape.prometheus.json');
    const scrapeConfigs = mskScrapeConfigs({ clusterName: 'prod-events', brokerCount: 6, brokerDomain: 'prod-events.abc123.c2.kafka.us-east-1.amazonaws.com', express: false });
    fs.writeFileSync(file, JSON.stringify({ global: { scrape_interval: '30s' }, scrape_configs: scrapeConfigs }));
    expect(await promtool(['check', 'config', '--syntax-only', file], dir)).toMatch(/SUCCESS/);
  });

  test('every PrometheusRule ClusterMonitoring deploys (its helm values) passes promtool check rules', async () => {
    if (skipWithoutPromtool()) return;
    const stack = synthPlatformConstructs((scope) => new ClusterMonitoring(scope, 'monitoring', { services: TARGETS, nodePlan: { expectedNodesMin: 3, expectedNodesMax: 9 } }));
    const kps = Object.values(stack.resource!.helm_release).find((r) => r.name === 'kube-prometheus-stack')!;
    const rules = helmValues(kps).additionalPrometheusRulesMap as Record<string, { groups: unknown[] }>;
    expect(Object.keys(rules)).toHaveLength(TARGETS.length + 1);
    for (const [name, spec] of Object.entries(rules)) {
      const file = path.join(dir, `deployed-${name}.rules.json`);
      fs.writeFileSync(file, JSON.stringify({ groups: spec.groups }));
      expect(await promtool(['check', 'rules', file], dir)).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  test('GIVEN a broken alert THEN the generated unit test fails (the test can fail)', async () => {
    if (skipWithoutPromtool()) return;
    const [first] = serviceAlerts(TARGETS[0]);
    const broken = { ...first, rule: { ...first.rule, expr: `${first.rule.expr} * 0 > 1` } };
    fs.writeFileSync(path.join(dir, 'broken.rules.json'), renderRuleFile({ groups: [{ name: 'broken', rules: [broken.rule] }] }));
    fs.writeFileSync(path.join(dir, 'broken.test.json'), renderPromtoolTestFile(promtoolTestFile('broken.rules.json', [broken])));
    await expect(promtool(['test', 'rules', path.join(dir, 'broken.test.json')], dir)).rejects.toThrow(/FAILED/);
  });

  test('every dashboard is valid JSON and every panel query parses as PromQL', async () => {
    if (skipWithoutPromtool()) return;
    const dashboards = [servicesOverviewDashboard(), ...TARGETS.map(serviceDashboard), meshPairDashboard({ caller: 'api-gateway', service: 'user-service', namespace: 'services', port: 8080 })];
    const queries: string[] = [podsRpsQuery('shop', 'checkout-7d9f8-abcde')];
    for (const dashboard of dashboards) {
      const parsed = JSON.parse(JSON.stringify(dashboard)) as { panels: { targets: { expr: string }[] }[] };
      expect(parsed.panels.length).toBeGreaterThan(0);
      queries.push(...dashboardQueries(dashboard));
    }
    const file = path.join(dir, 'dashboard-queries.rules.json');
    fs.writeFileSync(file, renderRuleFile(recordingRulesFor('dashboard-queries', queries)));
    const out = await promtool(['check', 'rules', file], dir);
    expect(out).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  test('GIVEN a query that is not PromQL THEN the check fails (the test can fail)', async () => {
    if (skipWithoutPromtool()) return;
    const file = path.join(dir, 'bad-query.rules.json');
    fs.writeFileSync(file, renderRuleFile(recordingRulesFor('bad', ['sum(rate(http_requests_total[5m]) by (service)'])));
    await expect(promtool(['check', 'rules', file], dir)).rejects.toThrow(/parse error|FAILED/);
  });
});
