import { TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { Policy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { EnvironmentAwsStack } from '../../constructs/environment';
import { tempDir } from '../support/temp';

/**
 * The reference app resolves each stack once: the policy evaluates the cdk.tf.json cdktf
 * wrote (Policy.apply), and EnvironmentAwsStack skips cdktf's preparation pass (a full
 * resolution that only looks for references to other stacks). These tests prove both on one
 * build of the app.
 */
describe('synth passes of the reference app', () => {
  const outdir = tempDir('synth-passes-');
  const app = buildApp({ outdir });
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
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

  test('GIVEN app.synth THEN every stack is resolved exactly once, and the policy checked what was written', () => {
    const spy = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    try {
      app.synth();
      const resolutions = stacks.map((s) => `${s.node.id}: ${spy.mock.contexts.filter((self) => self === s).length}`);
      expect(resolutions).toEqual(stacks.map((s) => `${s.node.id}: 1`));
    } finally {
      spy.mockRestore();
    }
    for (const stack of stacks) {
      const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, unknown>> };
      const report = Policy.reportOf(stack);
      const findings = [...(report?.passed ?? []), ...(report?.failures ?? []), ...(report?.suppressed ?? []), ...(report?.unknown ?? [])];
      expect(findings.length).toBeGreaterThan(20);
      // Each evaluated resource is, value for value, the one in the written file.
      expect(findings.filter((f) => !isDeepStrictEqual(f.resource.config, written.resource[f.resource.type]?.[f.resource.name])).map((f) => f.resource.address)).toEqual([]);
    }
  });
});
