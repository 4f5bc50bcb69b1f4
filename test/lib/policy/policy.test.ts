import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { errorsOf, Finding, formatReport, Policy, PolicyOptions } from '../../../lib/policy';
import { buildApp } from '../../../stacks/app';
import { tempDir as runTempDir, testApp } from '../../support/temp';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';

/** A stack whose `alerts` construct holds an unencrypted SNS topic (CKV_AWS_26). */
function stackWithUnencryptedTopic(options: PolicyOptions = { production: true }, outdir?: string) {
  const app = outdir ? new App({ outdir, stackTraces: false }) : testApp();
  const stack = new TerraformStack(app, 'guarded');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const alerts = new Construct(stack, 'alerts');
  new SnsTopic(alerts, 'topic', { name: 'alerts' });
  const aspect = Policy.apply(stack, options);
  return { app, stack, alerts, aspect };
}

function tempDir(): string {
  return runTempDir('policy-test-');
}

describe('Policy', () => {
  test('GIVEN an unsuppressed violation WHEN the app synthesizes THEN synth fails naming the rule and the construct', () => {
    const { app } = stackWithUnencryptedTopic({ production: true }, tempDir());
    expect(() => app.synth()).toThrow(/\[guarded\/alerts\/topic\] \[CKV_AWS_26\] Ensure all data stored in the SNS topic is encrypted: aws_sns_topic\.alerts_topic_\w+ kms_master_key_id is not set\. Fix: set kmsMasterKeyId/);
  });

  test('GIVEN the rule suppressed on a parent construct with a reason THEN synth succeeds and the report lists the reason', () => {
    const { app, stack, alerts, aspect } = stackWithUnencryptedTopic({ production: true }, tempDir());
    Policy.suppress(alerts, 'CKV_AWS_26', 'public status feed: the messages are published on the status page anyway');
    expect(() => app.synth()).not.toThrow();
    expect(aspect.report?.suppressed.map((f) => [f.rule.id, f.suppression?.reason, f.suppression?.path])).toEqual([
      ['CKV_AWS_26', 'public status feed: the messages are published on the status page anyway', 'guarded/alerts'],
    ]);
    expect(formatReport(Policy.evaluate(stack))).toMatch(/Suppressions:\n\s+CKV_AWS_26\s+guarded\/alerts\/topic\n\s+reason: public status feed/);
  });

  test('GIVEN the rule downgraded to a warning THEN synth succeeds with a warning annotation', () => {
    const { app, stack } = stackWithUnencryptedTopic({ production: false, warnings: { CKV_AWS_26: 'dev topics carry only test alarms' } }, tempDir());
    expect(() => app.synth()).not.toThrow();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations: { level: string; message: string }[] }> };
    const warnings = manifest.stacks[stack.node.id].annotations.filter((a) => a.level === '@cdktf/warn');
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/\[CKV_AWS_26\].*a warning in this environment: dev topics carry only test alarms/)]);
  });

  test('GIVEN a suppression that silences nothing THEN the report flags it', () => {
    const { stack, alerts } = stackWithUnencryptedTopic();
    Policy.suppress(alerts, 'CKV_AWS_158', 'there is no log group here, this suppression is stale');
    expect(Policy.evaluate(stack).unusedSuppressions.map((s) => s.ruleId)).toEqual(['CKV_AWS_158']);
  });

  test('GIVEN a non-production environment THEN production-only rules are not applicable', () => {
    const build = (production: boolean) => {
      const stack = new TerraformStack(testApp(), 's');
      new CloudwatchLogGroup(stack, 'logs', { name: 'x', retentionInDays: 30, kmsKeyId: KEY });
      return Policy.evaluate(stack, { production }).failures.map((f) => f.rule.id);
    };
    expect(build(true)).toEqual(['CKV_AWS_338']);
    expect(build(false)).toEqual([]);
  });

  test('GIVEN an aspect added after the policy fixes the violation THEN the policy sees the fix and synth succeeds', () => {
    const { app, stack } = stackWithUnencryptedTopic({ production: true }, tempDir());
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof SnsTopic) node.kmsMasterKeyId = 'alias/alerts';
      },
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('GIVEN an aspect removes the last construct of the tree THEN the policy still evaluates the stack as validated', () => {
    const { app, stack } = stackWithUnencryptedTopic({ production: true }, tempDir());
    let removed: string | undefined;
    Aspects.of(stack).add({
      visit: (node) => {
        if (node !== stack) return;
        const all = stack.node.findAll();
        removed = all[all.length - 1].node.path;
        stack.node.tryRemoveChild(all[all.length - 1].node.id);
      },
    });
    expect(() => app.synth()).toThrow(/CKV_AWS_26/);
    expect(removed).toBeDefined();
  });

  test('GIVEN Testing.synth then app.synth THEN violations are annotated once', () => {
    const { app, stack } = stackWithUnencryptedTopic({ production: true }, tempDir());
    Testing.synth(stack);
    expect(() => app.synth()).toThrow(/CKV_AWS_26/);
    const errors = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/error'));
    expect(errors).toHaveLength(1);
  });
});

describe('the reference app under the policy', () => {
  const app = buildApp({ outdir: tempDir() });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  // Each evaluation resolves the whole stack: once per stack is enough for the checks below.
  const reports = new Map<TerraformStack, ReturnType<typeof Policy.evaluate>>();
  const reportOf = (stack: TerraformStack) => reports.get(stack) ?? reports.set(stack, Policy.evaluate(stack)).get(stack)!;

  test('every stack carries the policy, strict for production', () => {
    expect(stacks.length).toBeGreaterThanOrEqual(3);
    for (const stack of stacks) expect(Policy.optionsOf(stack)).toBeDefined();
    expect(stacks.filter((s) => Policy.optionsOf(s)?.production).map((s) => s.node.id)).toEqual(expect.arrayContaining(['prod']));
    expect(stacks.filter((s) => Policy.optionsOf(s)?.production).every((s) => Object.keys(Policy.optionsOf(s)?.warnings ?? {}).length === 0)).toBe(true);
  });

  test.each(stacks.map((s) => [s.node.id, s] as const))('%s has zero unsuppressed errors and no stale suppressions', (_name, stack) => {
    const report = reportOf(stack);
    expect(errorsOf(report).map((f) => `${f.rule.id} ${f.resource.construct.node.path}`)).toEqual([]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  test.each(['dev', 'staging', 'prod'])('the %s AWS stack is actually checked', (name) => {
    const stack = stacks.find((s) => s.node.id === name);
    expect(stack).toBeDefined();
    expect(reportOf(stack!).checks).toBeGreaterThan(50);
  });

  test.each(['dev-platform', 'staging-platform', 'prod-platform'])('the %s stack passes every Kubernetes rule on its workloads', (name) => {
    const report = reportOf(stacks.find((s) => s.node.id === name)!);
    const k8s = (list: readonly Finding[]) => list.filter((f) => f.rule.id.startsWith('CKV_K8S_'));
    const workloads = report.passed.filter((f) => f.rule.id === 'CKV_K8S_16').map((f) => f.resource.construct.node.path.split('/')[1]);
    expect(workloads).toEqual(expect.arrayContaining(['read-pooler', 'service-api-gateway']));
    expect(k8s(report.unknown)).toEqual([]);
    // The one open finding: the read pooler's third-party image is not pinned by digest (prod-only warning).
    expect(k8s(report.failures).map((f) => `${f.rule.id} ${f.severity} ${f.resource.construct.node.path}`)).toEqual(
      name === 'prod-platform' ? ['CKV_K8S_43 warning prod-platform/read-pooler/deployment'] : [],
    );
  });

  // The rules' own time (report.milliseconds excludes resolving the stack, which cdktf does
  // anyway to write it). A bound on wall time including resolution flaked on a loaded CI run.
  test('the rules stay fast: under 0.5 s for every stack together', () => {
    const ruleMilliseconds = stacks.map((s) => reportOf(s).milliseconds).reduce((a, b) => a + b, 0);
    expect(ruleMilliseconds).toBeLessThan(500);
  });
});
