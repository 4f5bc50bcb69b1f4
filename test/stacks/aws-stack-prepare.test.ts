import { TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../stacks/app';
import { EnvironmentAwsStack } from '../../stacks/aws-stack';

/**
 * EnvironmentAwsStack skips cdktf's preparation pass (a full resolution that only looks for
 * references to other stacks). This runs that pass anyway and proves it would find nothing:
 * should an AWS stack ever reference another stack, this fails, and the override must go.
 */
describe('EnvironmentAwsStack.prepareStack', () => {
  const app = buildApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'aws-prepare-')) });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const awsStacks = stacks.filter((s): s is EnvironmentAwsStack => s instanceof EnvironmentAwsStack);

  test('every environment has an AWS stack that skips the pass', () => {
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
});
