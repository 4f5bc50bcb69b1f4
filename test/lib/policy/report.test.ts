import { AnnotationMetadataEntryType, Annotations, App, StackManifest, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeFinding, errorsOf, evaluateStack, Finding, fail, formatReport, formatRuleTable, notApplicable, outcomeDetail, pass, Policy, PolicyRule, Severity, StackPolicyReport, StackView, unknown } from '../../../lib/policy';
import { underTheCli } from '../../support/env';
import { tempDir, testApp } from '../../support/temp';

/**
 * What `npm run policy` prints for a stack, read line by line: the counts, every failure with
 * its severity, downgrade and fix, the suppressions with their reasons, the findings only
 * known at apply time, the stale suppressions and the per-rule tally. The rules here are made
 * up (with real ids, which Policy.suppress requires) so that each outcome lands on a topic
 * the test names.
 */
const TOPIC_RULE: PolicyRule = {
  id: 'CKV_AWS_26',
  title: 'Ensure all data stored in the SNS topic is encrypted',
  resourceTypes: ['aws_sns_topic'],
  fix: 'set kmsMasterKeyId',
  check: (r) => {
    switch (r.config.name) {
      case 'open':
        return fail('kms_master_key_id is not set');
      case 'sealed':
        return pass();
      case 'later':
        return unknown('kms_master_key_id is an expression');
      default:
        return notApplicable('not a topic this rule reads');
    }
  },
};
/** Fails every topic: downgraded to a warning by the environment. */
const DOWNGRADED_RULE: PolicyRule = { id: 'CKV_AWS_158', title: 'Log groups encrypted', resourceTypes: ['aws_sns_topic'], fix: 'set a key', check: () => fail('every topic fails here') };
/** A warning by its own severity, failing the topics named `open` (the suppressed one is named so too). */
const WARNING_RULE: PolicyRule = {
  id: 'MRPS_FIS_1',
  title: 'A stop condition',
  resourceTypes: ['aws_sns_topic'],
  fix: 'add one',
  severity: Severity.WARNING,
  check: (r) => (r.config.name === 'open' ? fail('a warning of its own') : pass()),
};
const PROD_ONLY_RULE: PolicyRule = { id: 'CKV_AWS_91', title: 'Prod only', resourceTypes: ['aws_sns_topic'], fix: 'x', productionOnly: true, check: () => fail('never seen outside production') };

/** The topics in the order the policy reads them (by Terraform address). */
const TOPICS = ['later', 'muted/topic', 'open', 'other', 'sealed'];

const RULES = [TOPIC_RULE, DOWNGRADED_RULE, WARNING_RULE, PROD_ONLY_RULE];
const WARNINGS = { CKV_AWS_158: 'dev topics hold test alarms only' };

/** The stack `reported`: topics under `svc` (see guardedStack), in `app`. */
function topics(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'reported');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const svc = new Construct(stack, 'svc');
  for (const name of ['open', 'sealed', 'later', 'other']) new SnsTopic(svc, name, { name });
  const muted = new Construct(svc, 'muted');
  new SnsTopic(muted, 'topic', { name: 'open' });
  Policy.suppress(muted, 'CKV_AWS_26', 'a public status feed, by design');
  Policy.suppress(svc, 'CKV_AWS_16', 'there is no database here any more');
  return stack;
}

/** Topics open, sealed, later (unknown), other (not applicable) and muted (suppressed), under `svc`. */
function guardedStack(production: boolean): { stack: TerraformStack; report: StackPolicyReport } {
  const stack = topics(testApp());
  const report = evaluateStack(stack, { production, rules: RULES, warnings: WARNINGS });
  return { stack, report: { ...report, milliseconds: 12.4 } };
}

describe('evaluateStack: how each outcome is sorted', () => {
  test('GIVEN a pass, a failure, an unknown, a not-applicable and a suppressed failure THEN each lands in its list, and checks counts all but the not-applicable', () => {
    const { report } = guardedStack(false);
    expect(report.passed.map((f) => `${f.rule.id} ${f.resource.construct.node.path}`)).toEqual([
      'CKV_AWS_26 reported/svc/sealed',
      ...['later', 'other', 'sealed'].map((p) => `MRPS_FIS_1 reported/svc/${p}`),
    ]);
    expect(report.failures.map((f) => [f.rule.id, f.resource.construct.node.path, f.severity, f.downgradedBecause])).toEqual([
      ['CKV_AWS_26', 'reported/svc/open', Severity.ERROR, undefined],
      ...TOPICS.map((p) => ['CKV_AWS_158', `reported/svc/${p}`, Severity.WARNING, 'dev topics hold test alarms only']),
      // The suppressed topic is named "open" too: only CKV_AWS_26 is suppressed on it.
      ['MRPS_FIS_1', 'reported/svc/muted/topic', Severity.WARNING, undefined],
      ['MRPS_FIS_1', 'reported/svc/open', Severity.WARNING, undefined],
    ]);
    expect(report.unknown.map((f) => f.resource.construct.node.path)).toEqual(['reported/svc/later']);
    expect(report.suppressed.map((f) => [f.rule.id, f.resource.construct.node.path, f.suppression])).toEqual([
      ['CKV_AWS_26', 'reported/svc/muted/topic', { ruleId: 'CKV_AWS_26', reason: 'a public status feed, by design', path: 'reported/svc/muted' }],
    ]);
    // other: not applicable to CKV_AWS_26; all five topics: CKV_AWS_91 outside production.
    expect(report.notApplicable).toBe(1 + 5);
    expect(report.checks).toBe(report.passed.length + report.failures.length + report.suppressed.length + report.unknown.length);
    expect(report.checks).toBe(5 * 3 - 1);
    expect(report.unusedSuppressions).toEqual([{ ruleId: 'CKV_AWS_16', reason: 'there is no database here any more', path: 'reported/svc' }]);
    expect(errorsOf(report).map((f) => f.rule.id)).toEqual(['CKV_AWS_26']);
    expect(report).toMatchObject({ stack: 'reported', production: false });
  });

  test('GIVEN production THEN the production-only rule runs on every topic', () => {
    const { report } = guardedStack(true);
    expect(report.notApplicable).toBe(1);
    expect(errorsOf(report).map((f) => `${f.rule.id} ${f.resource.construct.node.path}`)).toEqual(['CKV_AWS_26 reported/svc/open', ...TOPICS.map((p) => `CKV_AWS_91 reported/svc/${p}`)]);
  });

  test('GIVEN an evaluation THEN milliseconds is the time the rules took: not negative, and within the time the call took', () => {
    const stack = topics(testApp());
    const view = new StackView(stack);
    const before = performance.now();
    const report = evaluateStack(stack, { production: false, rules: RULES, warnings: WARNINGS }, view);
    const took = performance.now() - before;
    expect(report.milliseconds).toBeGreaterThanOrEqual(0);
    expect(report.milliseconds).toBeLessThanOrEqual(took);
  });

  test('GIVEN no rules option THEN every rule of the policy runs', () => {
    const stack = new TerraformStack(testApp(), 'all');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new SnsTopic(stack, 'topic', { name: 't' });
    expect(evaluateStack(stack, { production: true }).failures.map((f) => f.rule.id)).toContain('CKV_AWS_26');
  });
});

describe('formatReport', () => {
  test('GIVEN every kind of finding THEN the report prints each, with the per-rule tally in id order', () => {
    expect(formatReport(guardedStack(false).report).split('\n')).toEqual([
      'Stack reported (non-production)',
      '  checks: 14   passed: 4   failed: 8 (1 errors, 7 warnings)   suppressed: 1   unknown: 1   not applicable: 6   (12 ms)',
      '  Failures:',
      '    ERROR CKV_AWS_26        reported/svc/open: kms_master_key_id is not set',
      '          fix: set kmsMasterKeyId',
      ...TOPICS.flatMap((p) => [
        `    WARN  CKV_AWS_158       reported/svc/${p}: every topic fails here`,
        '          downgraded: dev topics hold test alarms only',
        '          fix: set a key',
      ]),
      ...['muted/topic', 'open'].flatMap((p) => [`    WARN  MRPS_FIS_1        reported/svc/${p}: a warning of its own`, '          fix: add one']),
      '  Suppressions:',
      '    CKV_AWS_26        reported/svc/muted/topic',
      '          reason: a public status feed, by design (on reported/svc/muted)',
      '  Not checkable at synth time:',
      '    CKV_AWS_26        reported/svc/later: kms_master_key_id is an expression',
      '  Suppressions that silence nothing (remove them):',
      '    CKV_AWS_16        reported/svc: there is no database here any more',
      '  Per rule (passed / failed / suppressed):',
      '    CKV_AWS_158          0 /   5 /   0',
      '    CKV_AWS_26           1 /   1 /   1',
      '    MRPS_FIS_1           3 /   2 /   0',
    ]);
  });

  test('GIVEN production and a clean stack THEN it says strict and prints only the counts and the tally', () => {
    const stack = new TerraformStack(testApp(), 'clean');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new SnsTopic(stack, 'topic', { name: 'sealed' });
    const report = { ...evaluateStack(stack, { production: true, rules: [TOPIC_RULE] }), milliseconds: 0.6 };
    expect(formatReport(report).split('\n')).toEqual([
      'Stack clean (production: strict)',
      '  checks: 1   passed: 1   failed: 0 (0 errors, 0 warnings)   suppressed: 0   unknown: 0   not applicable: 0   (1 ms)',
      '  Per rule (passed / failed / suppressed):',
      '    CKV_AWS_26           1 /   0 /   0',
    ]);
  });
});

describe('describeFinding and the annotations of a synthesis', () => {
  const SUPPRESS = (id: string) => `Or, if it does not apply here: Policy.suppress(<construct>, '${id}', '<reason>').`;
  const at = (findings: readonly Finding[], p: string) => findings.find((f) => f.resource.construct.node.path === `reported/svc/${p}`) as Finding;

  test('GIVEN a failure, a downgraded failure and an unknown THEN each reads rule, title, address, detail, downgrade and fix', () => {
    const { report } = guardedStack(false);
    const open = at(report.failures, 'open');
    expect(describeFinding(open)).toBe(`[CKV_AWS_26] Ensure all data stored in the SNS topic is encrypted: ${open.resource.address} kms_master_key_id is not set. Fix: set kmsMasterKeyId. ${SUPPRESS('CKV_AWS_26')}`);
    const downgraded = report.failures.find((f) => f.rule.id === 'CKV_AWS_158') as Finding;
    expect(describeFinding(downgraded)).toBe(`[CKV_AWS_158] Log groups encrypted: ${downgraded.resource.address} every topic fails here (a warning in this environment: dev topics hold test alarms only). Fix: set a key. ${SUPPRESS('CKV_AWS_158')}`);
    const later = at(report.unknown, 'later');
    expect(describeFinding(later)).toBe(`[CKV_AWS_26] Ensure all data stored in the SNS topic is encrypted: ${later.resource.address} kms_master_key_id is an expression. Fix: set kmsMasterKeyId. ${SUPPRESS('CKV_AWS_26')}`);
  });

  test('GIVEN an unsuppressed error WHEN the app synthesizes THEN it throws listing each error with its construct, and says the document was deleted', () => {
    const app = new App({ outdir: tempDir('policy-report-'), stackTraces: false });
    const stack = topics(app);
    Policy.apply(stack, { production: false, rules: RULES, warnings: WARNINGS });
    const open = at(evaluateStack(stack, { production: false, rules: RULES, warnings: WARNINGS }).failures, 'open');
    expect(() => app.synth()).toThrow(
      new Error(
        `Encountered Annotations with level "ERROR":\n[reported/svc/open] ${describeFinding(open)}\n\n` +
          'Either fix the issues above, or suppress a rule that does not apply with Policy.suppress(construct, ruleId, reason). ' +
          'stacks/reported/cdk.tf.json was deleted, so that no document that failed the policy is left to deploy.\n',
      ),
    );
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'reported', 'cdk.tf.json'))).toBe(false);
  });

  test('GIVEN several errors, on a construct that already carries annotations THEN each error is its own line of the message and an error annotation on its construct', () => {
    const app = new App({ outdir: tempDir('policy-report-'), stackTraces: false });
    const stack = topics(app);
    const open = stack.node.findAll().find((c) => c.node.path === 'reported/svc/open')!;
    Annotations.of(open).addInfo('an unrelated note on the topic');
    Annotations.of(open).addWarning('an unrelated warning on the topic');
    const options = { production: true, rules: [TOPIC_RULE, PROD_ONLY_RULE] };
    Policy.apply(stack, options);
    const errors = errorsOf(evaluateStack(stack, options));
    expect(errors.length).toBe(6);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const listed = message.split('\n\n')[0].split('\n');
    expect(listed).toEqual(['Encountered Annotations with level "ERROR":', ...errors.map((f) => `[${f.resource.construct.node.path}] ${describeFinding(f)}`)]);
    for (const f of errors) {
      const own = f.resource.construct.node.metadata.filter((m) => m.data === describeFinding(f)).map((m) => m.type);
      expect(own).toEqual([AnnotationMetadataEntryType.ERROR]);
    }
    expect(open.node.metadata.map((m) => m.type).filter((t) => t !== 'stacktrace')).toEqual([
      AnnotationMetadataEntryType.INFO,
      AnnotationMetadataEntryType.WARN,
      ...errors.filter((f) => f.resource.construct === open).map(() => AnnotationMetadataEntryType.ERROR),
    ]);
  });

  test('GIVEN the cdktf CLI THEN the manifest holds the error, the warnings, the unknowns marked as such and the stale suppression, each on its construct', () => {
    underTheCli(() => {
      const app = new App({ outdir: tempDir('policy-report-'), stackTraces: false });
      const stack = topics(app);
      Policy.apply(stack, { production: false, rules: RULES, warnings: WARNINGS });
      app.synth();
      const report = Policy.reportOf(stack) as StackPolicyReport;
      const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, StackManifest> };
      const annotations = manifest.stacks.reported.annotations.map((a) => [a.constructPath, a.level, a.message]);
      expect(annotations).toEqual([
        ...report.failures.map((f) => [f.resource.construct.node.path, f.rule.id === 'CKV_AWS_26' ? '@cdktf/error' : '@cdktf/warn', describeFinding(f)]),
        ['reported/svc/later', '@cdktf/warn', `${describeFinding(at(report.unknown, 'later'))} (not checkable at synth time)`],
        ['reported', '@cdktf/warn', 'Policy suppression of CKV_AWS_16 on reported/svc silences nothing; remove it ("there is no database here any more")'],
      ]);
      expect(annotations).toHaveLength(8 + 1 + 1);
      expect(fs.existsSync(path.join(app.outdir, 'stacks', 'reported', 'cdk.tf.json'))).toBe(true);
    });
  });
});

describe('outcomeDetail and formatRuleTable', () => {
  test('GIVEN each outcome THEN the detail of a failure or an unknown, nothing for a pass or a not-applicable', () => {
    expect(outcomeDetail(fail('no key'))).toBe('no key');
    expect(outcomeDetail(unknown('an expression'))).toBe('an expression');
    expect(outcomeDetail(pass())).toBe('');
    expect(outcomeDetail(notApplicable('internal'))).toBe('');
  });

  test('GIVEN rules THEN the Markdown table has the header, the separator and a row per rule: id, title, resources, where, severity, departure', () => {
    expect(formatRuleTable([TOPIC_RULE, WARNING_RULE, PROD_ONLY_RULE, { ...DOWNGRADED_RULE, resourceSummary: 'every topic', deviation: 'stricter than checkov' }]).split('\n')).toEqual([
      '| Rule | What must be true | Resources | Where | Severity | Departure from checkov / cdk-nag |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `CKV_AWS_26` | Ensure all data stored in the SNS topic is encrypted | `aws_sns_topic` | all | error |  |',
      '| `MRPS_FIS_1` | A stop condition | `aws_sns_topic` | all | warning |  |',
      '| `CKV_AWS_91` | Prod only | `aws_sns_topic` | prod only | error |  |',
      '| `CKV_AWS_158` | Log groups encrypted | every topic | all | error | stricter than checkov |',
    ]);
    expect(formatRuleTable([{ ...TOPIC_RULE, resourceTypes: ['aws_sns_topic', 'aws_sqs_queue'] }]).split('\n')[2]).toBe('| `CKV_AWS_26` | Ensure all data stored in the SNS topic is encrypted | `aws_sns_topic`, `aws_sqs_queue` | all | error |  |');
  });
});
