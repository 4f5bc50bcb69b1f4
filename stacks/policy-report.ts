import { TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationError } from '../lib/errors';
import { errorsOf, formatReport, formatRuleTable, Policy } from '../lib/policy';
import { buildApp } from './app';
import { ENVIRONMENTS, environmentNamed } from './environments';

/**
 * `npm run policy -- <env> [<env>...]`: per stack of each environment, the checks, passes,
 * failures and suppressions (with their reasons). Exits 1 when any stack has an error.
 * Without arguments, reports every environment. `--rules` prints the rule table of
 * docs/guardrails.md instead.
 */
function main(names: string[]): number {
  if (names[0] === '--rules') {
    console.log(formatRuleTable());
    return 0;
  }
  const environments = names.length ? names.map(environmentNamed) : [...ENVIRONMENTS];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-report-'));
  try {
    const app = buildApp({ outdir, environments });
    let errors = 0;
    for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
      const report = Policy.evaluate(stack);
      errors += errorsOf(report).length;
      console.log(`${formatReport(report)}\n`);
    }
    console.log(errors === 0 ? 'Policy: no unsuppressed errors.' : `Policy: ${errors} unsuppressed error(s); synth fails until they are fixed or suppressed.`);
    return errors === 0 ? 0 : 1;
  } finally {
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
