import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { ClusterMonitoring } from '../../constructs/cluster-monitoring';
import { NULL_RECEIVER, SNS_RECEIVER, SNS_SUBJECT_MAX_LENGTH, snsAlertmanagerConfig, snsSubjectTemplate } from '../../lib/alertmanager';
import { helmValues, synthPlatformConstructs } from '../support/platform-synth';
import { tempDir } from '../support/temp';

/**
 * amtool (Debian's prometheus-alertmanager package) checks the Alertmanager configuration
 * ClusterMonitoring deploys, shows where alerts are routed, and renders the SNS subject.
 * Debian ships Alertmanager 0.25, the chart runs 0.34: the configuration and templates use
 * only what both accept (sns_configs with sigv4 exist since 0.23). Skips loudly without
 * amtool; fails in CI, where .ci/run installs it.
 */
const run = promisify(execFile);
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:prod-alarms';

/** What the chart's default alertmanager.config keeps after Helm merges ours into it (values.yaml of 88.5.3). */
const CHART_DEFAULTS_KEPT = { global: { resolve_timeout: '5m' }, templates: ['/etc/alertmanager/config/*.tmpl'] };

async function amtoolVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('amtool', ['--version']);
    return (stdout || stderr).split('\n')[0];
  } catch {
    return undefined;
  }
}

async function amtool(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('amtool', args, { cwd });
    return stdout.trim();
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`amtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

describe('amtool on the generated Alertmanager configuration', () => {
  let version: string | undefined;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    version = await amtoolVersion();
    dir = tempDir('amtool-');
    // The configuration as deployed: read back from the kube-prometheus-stack release's values.
    const stack = synthPlatformConstructs((scope) => new ClusterMonitoring(scope, 'monitoring', { alarmTopicArn: TOPIC_ARN, region: 'us-east-1', environmentName: 'prod' }));
    const kps = Object.values(stack.resource!.helm_release).find((r) => r.name === 'kube-prometheus-stack')!;
    configFile = path.join(dir, 'alertmanager.yml');
    fs.writeFileSync(configFile, JSON.stringify({ ...CHART_DEFAULTS_KEPT, ...helmValues(kps).alertmanager.config }, null, 2));
    fs.writeFileSync(path.join(dir, 'empty.tmpl'), '');
  });

  function skipWithoutAmtool(): boolean {
    if (version) return false;
    if (process.env.CI) throw new Error('amtool is not on PATH in CI: install Debian\'s prometheus-alertmanager package (.ci/run does)');
    console.warn('\n*** SKIPPED: amtool is not on PATH (apt-get install prometheus-alertmanager). Alertmanager routing to SNS is unverified. ***\n');
    return true;
  }

  const routeOf = (labels: string[]) => amtool(['config', 'routes', 'test', `--config.file=${configFile}`, ...labels], dir);
  const render = (text: string) => amtool(['template', 'render', `--template.glob=${path.join(dir, 'empty.tmpl')}`, `--template.text=${text}`], dir);

  test('amtool check-config accepts the configuration, SNS receiver with sigv4 included', async () => {
    if (skipWithoutAmtool()) return;
    const out = await amtool(['check-config', configFile], dir);
    expect(out).toContain('SUCCESS');
    expect(out).toContain('2 receivers');
  });

  test.each([
    ['a critical service alert', ['alertname=ServiceErrorBudgetFastBurn', 'severity=critical', 'namespace=services', 'service=checkout'], SNS_RECEIVER],
    ['a warning service alert', ['alertname=ServiceErrorBudgetSlowBurn', 'severity=warning', 'namespace=services', 'service=checkout'], SNS_RECEIVER],
    ['a critical cluster alert', ['alertname=ClusterNodesBelowPlan', 'severity=critical'], SNS_RECEIVER],
    ['an alert without severity', ['alertname=SomethingNew'], SNS_RECEIVER],
    ['Watchdog', ['alertname=Watchdog', 'severity=none'], NULL_RECEIVER],
    ['InfoInhibitor', ['alertname=InfoInhibitor', 'severity=none'], NULL_RECEIVER],
    ['an info alert', ['alertname=KubeletTooManyPods', 'severity=info'], NULL_RECEIVER],
  ])('amtool config routes test: %s goes to the expected receiver', async (_label, labels, receiver) => {
    if (skipWithoutAmtool()) return;
    expect(await routeOf(labels)).toBe(receiver);
  });

  test('the SNS subject renders as printable ASCII shorter than 100 characters', async () => {
    if (skipWithoutAmtool()) return;
    const [sns] = snsAlertmanagerConfig({ topicArn: TOPIC_ARN, region: 'us-east-1', environment: 'prod' }).receivers.find((r) => r.name === SNS_RECEIVER)!.sns_configs!;
    const subject = await render(sns.subject);
    expect(subject).toMatch(/^prod [A-Z]+/);
    expect(subject).toMatch(/^[ -~]{1,99}$/);
    // amtool's example alerts carry no alertname: lengthen and spoil the prefix to see the cut.
    const long = await render(snsSubjectTemplate(`ééé${'x'.repeat(150)}`));
    expect(long).toBe(`???${'x'.repeat(SNS_SUBJECT_MAX_LENGTH - 3)}`);
  });

  test('the SNS message renders', async () => {
    if (skipWithoutAmtool()) return;
    const [sns] = snsAlertmanagerConfig({ topicArn: TOPIC_ARN, region: 'us-east-1' }).receivers.find((r) => r.name === SNS_RECEIVER)!.sns_configs!;
    expect(await render(sns.message)).toMatch(/Since: .*\n[\s\S]*Alertmanager: https?:\/\//);
  });

  test('GIVEN an SNS receiver without a topic THEN amtool check-config fails (the check can fail)', async () => {
    if (skipWithoutAmtool()) return;
    const broken = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    delete broken.receivers.find((r: { name: string }) => r.name === SNS_RECEIVER).sns_configs[0].topic_arn;
    const brokenFile = path.join(dir, 'broken.yml');
    fs.writeFileSync(brokenFile, JSON.stringify(broken));
    await expect(amtool(['check-config', brokenFile], dir)).rejects.toThrow(/Topic ARN, or Phone Number|topic/i);
  });
});
