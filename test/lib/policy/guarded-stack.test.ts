import { App, Aspects, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GuardedStack, Policy } from '../../../lib/policy';
import { tempDir as runTempDir } from '../../support/temp';

const KEY = 'alias/alerts';

function tempDir(): string {
  return runTempDir('guarded-stack-test-');
}

function written(app: App, stack: TerraformStack): unknown {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

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

function guardedApp(StackClass: typeof TerraformStack) {
  const app = new App({ outdir: tempDir(), stackTraces: false });
  const stack = new StackClass(app, 'guarded');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new SnsTopic(stack, 'alerts', { name: 'alerts', kmsMasterKeyId: KEY });
  Policy.apply(stack, { production: false });
  return { app, stack };
}

describe('GuardedStack', () => {
  test('GIVEN the policy evaluated it THEN app.synth resolves the stack once, not twice as a TerraformStack', () => {
    const plain = guardedApp(TerraformStack);
    expect(resolutionsOf(plain.stack, () => plain.app.synth())).toBe(2);
    const guarded = guardedApp(GuardedStack);
    expect(resolutionsOf(guarded.stack, () => guarded.app.synth())).toBe(1);
    expect(written(guarded.app, guarded.stack)).toEqual(written(plain.app, plain.stack));
  });

  test('GIVEN an aspect added after the policy changes a resource THEN the written document has the change, still from one resolution', () => {
    const { app, stack } = guardedApp(GuardedStack);
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof SnsTopic) node.tags = { Owner: 'team' };
      },
    });
    expect(resolutionsOf(stack, () => app.synth())).toBe(1);
    const topics = (written(app, stack) as { resource: { aws_sns_topic: Record<string, { tags?: Record<string, string> }> } }).resource.aws_sns_topic;
    expect(Object.values(topics).map((t) => t.tags)).toEqual([{ Owner: 'team' }]);
  });

  test('GIVEN a validation adds a construct after the evaluation THEN the written document resolves afresh and holds it', () => {
    const { app, stack } = guardedApp(GuardedStack);
    stack.node.addValidation({
      validate: () => {
        if (!stack.node.tryFindChild('late')) new SnsTopic(new Construct(stack, 'late'), 'topic', { name: 'late', kmsMasterKeyId: KEY });
        return [];
      },
    });
    app.synth();
    const topics = (written(app, stack) as { resource: { aws_sns_topic: Record<string, { name: string }> } }).resource.aws_sns_topic;
    expect(Object.values(topics).map((t) => t.name).sort()).toEqual(['alerts', 'late']);
  });

  test('GIVEN no policy on the stack THEN it synthesizes like a TerraformStack', () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = new GuardedStack(app, 'unguarded');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new SnsTopic(stack, 'alerts', { name: 'alerts', kmsMasterKeyId: KEY });
    app.synth();
    expect(written(app, stack)).toMatchObject({ resource: { aws_sns_topic: expect.any(Object) } });
  });
});
