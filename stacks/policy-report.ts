import { TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationError } from '../lib/errors';
import { errorsOf, formatReport, formatRuleTable, Policy } from '../lib/policy';
import { buildApp } from './app';
import { EnvironmentConfig } from '../lib/config/environment';
import { ENVIRONMENTS } from './environments';

/** Set by the cdktf CLI: cdktf and the policy record error annotations instead of throwing. */
const CONTINUE_ON_ERROR_ANNOTATIONS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/**
 * `npm run policy -- <env or stack> [...]`: per stack of each environment (or only the named
 * stack, e.g. `prod-platform`), the checks, passes, failures and suppressions (with their
 * reasons). Exits 1 when any reported stack has an error. Without arguments, reports every
 * environment. `--rules` prints the rule table of docs/guardrails.md instead.
 *
 * It synthesizes the environments into a temporary directory as the cdktf CLI does (errors
 * recorded, not thrown, so every stack is reported) and prints the policy's evaluation of
 * each written cdk.tf.json: the same check `npm run synth` runs, on the same document.
 */
function main(names: string[]): number {
  if (names[0] === '--rules') {
    console.log(formatRuleTable());
    return 0;
  }
  const environmentOf = (name: string): EnvironmentConfig => {
    // Stacks are named `<env>` and `<env>-platform`; the longest environment name that prefixes a stack owns it.
    const found = ENVIRONMENTS.find((e) => e.name === name) ?? [...ENVIRONMENTS].sort((a, b) => b.name.length - a.name.length).find((e) => name.startsWith(`${e.name}-`));
    if (!found) throw new Error(`Unknown environment or stack "${name}". Fix: use one of ${ENVIRONMENTS.map((e) => e.name).join(', ')}, or a stack such as ${ENVIRONMENTS[0].name}-platform.`);
    return found;
  };
  const environments = names.length ? [...new Set(names.map(environmentOf))] : [...ENVIRONMENTS];
  const isEnvironment = (name: string) => ENVIRONMENTS.some((e) => e.name === name);
  const wanted = (stack: string) => names.length === 0 || names.includes(stack) || names.some((n) => isEnvironment(n) && environmentOf(stack).name === n);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-report-'));
  const continueOnErrors = process.env[CONTINUE_ON_ERROR_ANNOTATIONS];
  // Read by each TerraformStack when it is created and by the policy at synth.
  process.env[CONTINUE_ON_ERROR_ANNOTATIONS] = 'true';
  try {
    const app = buildApp({ outdir, environments });
    const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    // A stack name that only looks right (`prod-platfrom`) must not report nothing and pass.
    const unknown = names.filter((n) => !isEnvironment(n) && !stacks.some((s) => s.node.id === n));
    if (unknown.length > 0) {
      throw new Error(`Unknown environment or stack "${unknown.join('", "')}". Fix: use one of ${stacks.map((s) => s.node.id).join(', ')}.`);
    }
    app.synth();
    let errors = 0;
    for (const stack of stacks.filter((s) => wanted(s.node.id))) {
      const report = Policy.reportOf(stack);
      if (!report) throw new Error(`Stack ${stack.node.id} carries no policy: buildApp applies it to every stack, so this is a bug in stacks/app.ts.`);
      errors += errorsOf(report).length;
      console.log(`${formatReport(report)}\n`);
    }
    console.log(errors === 0 ? 'Policy: no unsuppressed errors.' : `Policy: ${errors} unsuppressed error(s); synth fails until they are fixed or suppressed.`);
    return errors === 0 ? 0 : 1;
  } finally {
    if (continueOnErrors === undefined) delete process.env[CONTINUE_ON_ERROR_ANNOTATIONS];
    else process.env[CONTINUE_ON_ERROR_ANNOTATIONS] = continueOnErrors;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ValidationError || (error instanceof Error && error.message.startsWith('Unknown environment'))) {
    console.error(`\n${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
}
