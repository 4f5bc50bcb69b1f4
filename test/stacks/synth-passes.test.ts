import { TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { GuardedStack } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { EnvironmentAwsStack } from '../../stacks/aws-stack';
import { tempDir } from '../support/temp';

/**
 * The reference app resolves each AWS stack once instead of three times: EnvironmentAwsStack
 * skips cdktf's preparation pass (a full resolution that only looks for references to other
 * stacks), and GuardedStack writes the document the policy evaluated. These tests prove the
 * shortcuts change nothing, on one build of the app.
 */
describe('synth passes of the reference app', () => {
  const app = buildApp({ outdir: tempDir('synth-passes-') });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const awsStacks = stacks.filter((s): s is EnvironmentAwsStack => s instanceof EnvironmentAwsStack);

  test('every environment has an AWS stack that skips the preparation pass', () => {
    expect(awsStacks.map((s) => s.node.id)).toEqual(['dev', 'staging', 'prod']);
    for (const stack of awsStacks) expect(stack.prepareStack).not.toBe(TerraformStack.prototype.prepareStack);
  });

  test.each(awsStacks.map((s) => [s.node.id, s] as const))(
    'GIVEN cdktf’s own preparation of the %s stack THEN it references no other stack: no dependency, no remote state, no output added anywhere',
    (_name, stack) => {
      const constructsPerStack = () => stacks.map((s) => `${s.node.id}: ${s.node.findAll().length}`);
      const before = constructsPerStack();
      TerraformStack.prototype.prepareStack.call(stack);
      expect(stack.dependencies.map((d) => d.node.id)).toEqual([]);
      expect(constructsPerStack()).toEqual(before);
    },
  );

  test('GIVEN app.synth THEN every written stack equals a fresh resolution of it', () => {
    app.synth();
    expect(stacks.every((s) => s instanceof GuardedStack)).toBe(true);
    for (const stack of stacks) {
      const written = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')) as unknown;
      const fresh = JSON.parse(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack))) as unknown;
      expect(written).toEqual(fresh);
    }
  });
});
