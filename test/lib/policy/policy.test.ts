import { App, Aspects, StackManifest, TerraformStack, Testing } from 'cdktf';
import { POLICY_RULES_BUDGET_MS } from '../../support/policy-budget';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { errorsOf, Finding, formatReport, Policy, PolicyOptions, StackPolicyReport } from '../../../lib/policy';
import { buildApp } from '../../../stacks/app';
import { tempDir as runTempDir, testApp } from '../../support/temp';
import { underTheCli, withEnv } from '../../support/env';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000';

function tempDir(): string {
  return runTempDir('policy-test-');
}

/** A stack whose `alerts` construct holds an SNS topic, unencrypted unless `encrypted` (CKV_AWS_26). */
function stackWithTopic(options: PolicyOptions = { production: true }, { encrypted = false, app = new App({ outdir: tempDir(), stackTraces: false }) } = {}) {
  const stack = new TerraformStack(app, 'guarded');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const alerts = new Construct(stack, 'alerts');
  const topic = new SnsTopic(alerts, 'topic', { name: 'alerts', kmsMasterKeyId: encrypted ? KEY : undefined });
  const check = Policy.apply(stack, options);
  return { app, stack, alerts, topic, check };
}

const documentPath = (app: App, stack: TerraformStack) => path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json');
const written = (app: App, stack: TerraformStack) => JSON.parse(fs.readFileSync(documentPath(app, stack), 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };
const manifestEntry = (app: App, stack: TerraformStack) =>
  (JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, StackManifest> }).stacks[stack.node.id];

/** How often cdktf resolved `stack` (TerraformStack.prototype.toTerraform) during `run`. */
function resolutionsOf(stack: TerraformStack, run: () => void): number {
  const spy = jest.spyOn(TerraformStack.prototype, 'toTerraform');
  try {
    run();
    return spy.mock.contexts.filter((self) => self === stack).length;
  } finally {
    spy.mockRestore();
  }
}


describe('Policy at synth', () => {
  test('GIVEN an unsuppressed violation WHEN the app synthesizes THEN synth fails naming the rule and the construct, and leaves no document behind', () => {
    const { app, stack } = stackWithTopic({ production: true });
    expect(() => app.synth()).toThrow(/\[guarded\/alerts\/topic\] \[CKV_AWS_26\] Ensure all data stored in the SNS topic is encrypted: aws_sns_topic\.alerts_topic_\w+ kms_master_key_id is not set\. Fix: set kmsMasterKeyId/);
    expect(fs.existsSync(documentPath(app, stack))).toBe(false);
  });

  test('GIVEN the rule suppressed on a parent construct with a reason THEN synth succeeds and the report lists the reason', () => {
    const { app, stack, alerts, check } = stackWithTopic({ production: true });
    Policy.suppress(alerts, 'CKV_AWS_26', 'public status feed: the messages are published on the status page anyway');
    expect(() => app.synth()).not.toThrow();
    expect(check.report?.suppressed.map((f) => [f.rule.id, f.suppression?.reason, f.suppression?.path])).toEqual([
      ['CKV_AWS_26', 'public status feed: the messages are published on the status page anyway', 'guarded/alerts'],
    ]);
    expect(Policy.reportOf(stack)).toBe(check.report);
    expect(formatReport(Policy.evaluate(stack))).toMatch(/Suppressions:\n\s+CKV_AWS_26\s+guarded\/alerts\/topic\n\s+reason: public status feed/);
  });

  test('GIVEN the rule downgraded to a warning THEN synth succeeds with a warning annotation in the manifest', () => {
    const { app, stack } = stackWithTopic({ production: false, warnings: { CKV_AWS_26: 'dev topics carry only test alarms' } });
    expect(() => app.synth()).not.toThrow();
    const warnings = manifestEntry(app, stack).annotations.filter((a) => a.level === '@cdktf/warn');
    expect(warnings.map((w) => [w.constructPath, w.message])).toEqual([['guarded/alerts/topic', expect.stringMatching(/\[CKV_AWS_26\].*a warning in this environment: dev topics carry only test alarms/)]]);
  });

  test('GIVEN a suppression that silences nothing THEN synth warns about it and the report flags it', () => {
    const { app, stack, alerts } = stackWithTopic({ production: true }, { encrypted: true });
    Policy.suppress(alerts, 'CKV_AWS_158', 'there is no log group here, this suppression is stale');
    app.synth();
    expect(manifestEntry(app, stack).annotations.map((a) => [a.constructPath, a.level, a.message])).toEqual([
      ['guarded', '@cdktf/warn', expect.stringMatching(/^Policy suppression of CKV_AWS_158 on guarded\/alerts silences nothing; remove it/)],
    ]);
    expect(Policy.evaluate(stack).unusedSuppressions.map((s) => s.ruleId)).toEqual(['CKV_AWS_158']);
  });

  test('GIVEN an aspect added after the policy fixes the violation THEN the policy sees the fix and synth succeeds', () => {
    const { app, stack } = stackWithTopic({ production: true });
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof SnsTopic) node.kmsMasterKeyId = 'alias/alerts';
      },
    });
    expect(() => app.synth()).not.toThrow();
    expect(Object.values(written(app, stack).resource.aws_sns_topic).map((t) => t.kms_master_key_id)).toEqual(['alias/alerts']);
  });

  // The construct count does not change in either case: what is written is what is checked.
  test('GIVEN a validation changes a resource after the aspects THEN the written document has the change and the policy checked it', () => {
    const renamed = stackWithTopic({ production: true }, { encrypted: true });
    renamed.stack.node.addValidation({ validate: () => ((renamed.topic.name = 'renamed'), []) });
    renamed.app.synth();
    expect(Object.values(written(renamed.app, renamed.stack).resource.aws_sns_topic).map((t) => t.name)).toEqual(['renamed']);

    const unencrypted = stackWithTopic({ production: true }, { encrypted: true });
    unencrypted.stack.node.addValidation({ validate: () => (unencrypted.topic.resetKmsMasterKeyId(), []) });
    expect(() => unencrypted.app.synth()).toThrow(/\[guarded\/alerts\/topic\] \[CKV_AWS_26\]/);
  });

  test('GIVEN app.synth THEN the stack is resolved exactly once, and the policy evaluated the very document written', () => {
    const { app, stack, check } = stackWithTopic({ production: true }, { encrypted: true });
    expect(resolutionsOf(stack, () => app.synth())).toBe(1);
    expect(check.report?.passed.map((f) => `${f.rule.id} ${f.resource.construct.node.path} ${JSON.stringify(f.resource.config.kms_master_key_id)}`)).toContain(`CKV_AWS_26 guarded/alerts/topic "${KEY}"`);
    const [topicName] = Object.keys(written(app, stack).resource.aws_sns_topic);
    expect(check.report?.passed.find((f) => f.rule.id === 'CKV_AWS_26')?.resource.name).toBe(topicName);
  });

  test('GIVEN a resource written without construct metadata (a stack override) THEN its findings belong to the stack', () => {
    const { app, stack } = stackWithTopic({ production: true }, { encrypted: true });
    stack.addOverride('resource.aws_sns_topic.raw', { name: 'raw' });
    expect(() => app.synth()).toThrow(/\[guarded\] \[CKV_AWS_26\] .*aws_sns_topic\.raw kms_master_key_id is not set/);
  });

  test('GIVEN the cdktf CLI (errors go to the manifest) THEN synth records each finding there for the CLI to print, and keeps the document it reads', () => {
    const { app, stack } = underTheCli(() => stackWithTopic({ production: true }));
    underTheCli(() => app.synth());
    expect(manifestEntry(app, stack).annotations.map((a) => [a.constructPath, a.level, a.message])).toEqual([
      ['guarded/alerts/topic', '@cdktf/error', expect.stringMatching(/^\[CKV_AWS_26\] /)],
    ]);
    expect(fs.existsSync(documentPath(app, stack))).toBe(true);
  });

  test('GIVEN HCL output (SYNTH_HCL_OUTPUT), which the policy cannot parse THEN it evaluates a JSON resolution of the stack instead', () => {
    const hcl = <T>(fn: () => T) => withEnv('SYNTH_HCL_OUTPUT', 'true', fn);
    const passing = hcl(() => stackWithTopic({ production: true }, { encrypted: true }));
    hcl(() => passing.app.synth());
    expect(fs.readdirSync(path.join(passing.app.outdir, 'stacks', 'guarded'))).toContain('cdk.tf');
    expect(passing.check.report?.passed.map((f) => f.rule.id)).toContain('CKV_AWS_26');

    const failing = hcl(() => stackWithTopic({ production: true }));
    expect(() => hcl(() => failing.app.synth())).toThrow(/\[guarded\/alerts\/topic\] \[CKV_AWS_26\]/);
    expect(fs.readdirSync(path.join(failing.app.outdir, 'stacks', 'guarded'))).not.toContain('cdk.tf');
  });

  test('GIVEN the app synthesized twice THEN each finding is annotated once, on its construct and in the manifest', () => {
    const { app, stack, topic } = stackWithTopic({ production: false, warnings: { CKV_AWS_26: 'dev topics carry only test alarms' } });
    app.synth();
    app.synth();
    expect(topic.node.metadata.filter((m) => m.type === '@cdktf/warn')).toHaveLength(1);
    expect(manifestEntry(app, stack).annotations).toHaveLength(1);
  });

  test('GIVEN an app created with skipValidation, or Testing.synth THEN the policy does not run', () => {
    const skipped = stackWithTopic({ production: true }, { app: new App({ outdir: tempDir(), skipValidation: true }) });
    expect(() => skipped.app.synth()).not.toThrow();
    expect(skipped.check.report).toBeUndefined();
    const testing = stackWithTopic({ production: true }, { app: testApp() });
    expect(() => Testing.synth(testing.stack, true)).not.toThrow();
    expect(testing.check.report).toBeUndefined();
  });

  test('GIVEN Policy.apply twice THEN the stack is checked once', () => {
    const { app, stack, check } = stackWithTopic({ production: false, warnings: { CKV_AWS_26: 'dev topics carry only test alarms' } });
    expect(Policy.apply(stack, { production: true })).toBe(check);
    app.synth();
    expect(manifestEntry(app, stack).annotations).toHaveLength(1);
  });
});

describe('Policy.evaluate', () => {
  test('GIVEN a non-production environment THEN production-only rules are not applicable', () => {
    const build = (production: boolean) => {
      const stack = new TerraformStack(testApp(), 's');
      new CloudwatchLogGroup(stack, 'logs', { name: 'x', retentionInDays: 30, kmsKeyId: KEY });
      return Policy.evaluate(stack, { production }).failures.map((f) => f.rule.id);
    };
    expect(build(true)).toEqual(['CKV_AWS_338']);
    expect(build(false)).toEqual([]);
  });

  test('GIVEN a stack without Policy.apply and no options THEN it says what to do', () => {
    const stack = new TerraformStack(testApp(), 'bare');
    expect(() => Policy.evaluate(stack)).toThrow(/stack bare has no policy; call Policy.apply first or pass options/);
  });
});

describe('the reference app under the policy', () => {
  // Built and synthesized once, in the describe body, not per test: a whole-app synth costs seconds, and the tables below list its stacks.
  const app = buildApp({ outdir: tempDir() });
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  // One synthesis: each stack's report is the evaluation of the document written for it.
  app.synth();
  const reportOf = (stack: TerraformStack): StackPolicyReport => {
    const report = Policy.reportOf(stack);
    if (!report) throw new Error(`no policy report for ${stack.node.id}`);
    return report;
  };

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

  test('every checked resource is traced to the construct that made it', () => {
    const all = stacks.flatMap((s) => [...reportOf(s).passed, ...reportOf(s).failures, ...reportOf(s).suppressed, ...reportOf(s).unknown]);
    expect(all.length).toBeGreaterThan(1000);
    expect(all.filter((f) => TerraformStack.isStack(f.resource.construct)).map((f) => f.resource.address)).toEqual([]);
  });

  test.each(['dev-platform', 'staging-platform', 'prod-platform'])('the %s stack passes every Kubernetes rule on its workloads', (name) => {
    const report = reportOf(stacks.find((s) => s.node.id === name)!);
    const k8s = (list: readonly Finding[]) => list.filter((f) => f.rule.id.startsWith('CKV_K8S_'));
    // Paths are <env>/<env>-platform/services/<workload>/...
    const workloads = report.passed.filter((f) => f.rule.id === 'CKV_K8S_16').map((f) => f.resource.construct.node.path.split('/')[3]);
    expect(workloads).toEqual(expect.arrayContaining(['read-pooler', 'service-api-gateway']));
    expect(k8s(report.unknown)).toEqual([]);
    // The open findings: the read pooler's and the topic Job's third-party images are pinned by tag, not digest (prod-only warning).
    expect(k8s(report.failures).map((f) => `${f.rule.id} ${f.severity} ${f.resource.construct.node.path}`)).toEqual(
      name === 'prod-platform' ? ['CKV_K8S_43 warning prod/prod-platform/services/read-pooler/deployment', 'CKV_K8S_43 warning prod/prod-platform/kafka-topics/job'] : [],
    );
  });

  // The rules' own time (report.milliseconds excludes reading the written document). A bound
  // on wall time including resolution flaked on a loaded CI run.
  test(`the rules stay fast: under ${POLICY_RULES_BUDGET_MS} ms for every stack together`, () => {
    const ruleMilliseconds = stacks.map((s) => reportOf(s).milliseconds).reduce((a, b) => a + b, 0);
    expect(ruleMilliseconds).toBeLessThan(POLICY_RULES_BUDGET_MS);
  });
});
