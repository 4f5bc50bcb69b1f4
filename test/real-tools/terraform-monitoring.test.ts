import { App, TerraformStack } from 'cdktf';
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { escapeTerraformTemplate } from '../../constructs/cluster-monitoring';
import { MonitoringStack } from '../../constructs/monitoring-stack';
import { serviceDashboard } from '../../lib/grafana';
import { FULL_PROPS } from '../constructs/monitoring-stack/fixtures';
import { findProviderMirror, planOffline, terraformVersion, writeCliConfig } from '../support/terraform';
import { tempDir } from '../support/temp';

/**
 * The environment stacks only watch what their branch has built so far (NAT gateways), so
 * this plans a MonitoringStack watching every kind of resource against the real provider:
 * metric math, percentiles, composites and the dashboard body all pass `terraform validate`.
 */
const PLAN_TIMEOUT_MS = 5 * 60 * 1000;

test(
  'a MonitoringStack watching every tier plans offline against hashicorp/aws 5.100.0',
  async () => {
    const version = await terraformVersion();
    const mirror = findProviderMirror();
    if (!version || !mirror) {
      const missing = !version ? 'the terraform CLI is not on PATH' : 'no local mirror of hashicorp/aws 5.100.0 was found (set TF_PROVIDER_MIRROR)';
      if (process.env.CI) throw new Error(`Terraform check cannot run in CI: ${missing}`);
      console.warn(`\n*** SKIPPED: real Terraform check of MonitoringStack: ${missing}. ***\n`);
      return;
    }
    const outdir = tempDir('cdktf-monitoring-');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'monitoring');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const monitoring = new MonitoringStack(stack, 'monitoring', FULL_PROPS);
    app.synth();
    const cliConfig = writeCliConfig(mirror, tempDir('tfrc-'));
    const result = await planOffline('monitoring', path.join(outdir, 'stacks', 'monitoring'), cliConfig);
    console.log(`terraform ${version}: MonitoringStack ${result.summary} (${result.seconds.toFixed(1)} s)`);
    // Topic, key (+alias, policy), topic policy, subscription, metric alarms, composites, dashboard.
    const composites = 1 + 6;
    expect(result.toAdd).toBe(6 + monitoring.alarms.length + composites + 1);
  },
  PLAN_TIMEOUT_MS,
);

test('GIVEN a Grafana dashboard escaped for Terraform THEN Terraform hands it on unchanged (${datasource} stays literal)', async () => {
  const version = await terraformVersion();
  if (!version) {
    if (process.env.CI) throw new Error('Terraform check cannot run in CI: the terraform CLI is not on PATH');
    console.warn('\n*** SKIPPED: Terraform template escaping check: the terraform CLI is not on PATH. ***\n');
    return;
  }
  const dashboard = JSON.stringify(serviceDashboard({ name: 'checkout', namespace: 'shop' }));
  expect(dashboard).toContain('${datasource}');
  const dir = tempDir('tf-escape-');
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ output: { dashboard: { value: escapeTerraformTemplate(dashboard) } } }));
  const run = promisify(execFile);
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  await run('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env });
  await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env });
  const { stdout } = await run('terraform', ['output', '-json', 'dashboard'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  expect(JSON.parse(stdout)).toBe(dashboard);
});
