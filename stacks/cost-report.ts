/**
 * `npm run cost -- <env> [--format table|markdown] [--out <file>]`
 *
 * Prints the environment's monthly cost: per tier the priced items (quantity x unit price, at
 * the plan's minimum, at target and at its maximum, with sources), the cost per million
 * requests at target, the levers with their savings and risks, Graviton vs x86, and what the
 * design notes' budgets buy for an environment of this shape. `--out` writes it to a file.
 */
import { writeFileSync } from 'fs';
import { ValidationError } from '../lib/errors';
import { renderEnvironmentCost } from '../lib/cost';
import { ENVIRONMENTS } from './environments';

type Format = 'table' | 'markdown';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run cost -- <${ENVIRONMENTS.map((e) => e.name).join('|')}> [--format table|markdown] [--out <file>]\n`);
  process.exit(2);
}

function format(f: string | undefined): Format {
  if (f !== 'table' && f !== 'markdown') usage(`--format must be table or markdown, not ${JSON.stringify(f)}`);
  return f;
}

function parse(argv: string[]): { env: string; format: Format; out?: string } {
  let env: string | undefined;
  let fmt: Format = 'table';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format') fmt = format(argv[++i]);
    else if (a.startsWith('--format=')) fmt = format(a.slice('--format='.length));
    else if (a === '--out') {
      out = argv[++i];
      if (!out) usage('--out needs a file name');
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (env === undefined) env = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!env) usage('name an environment');
  return { env, format: fmt, out };
}

function main(): void {
  const { env, format: fmt, out } = parse(process.argv.slice(2));
  const config = ENVIRONMENTS.find((e) => e.name === env);
  if (!config) usage(`unknown environment ${JSON.stringify(env)}`);
  try {
    const text = renderEnvironmentCost(config, fmt);
    if (out) {
      writeFileSync(out, text);
      process.stdout.write(`wrote ${out}\n`);
    } else {
      process.stdout.write(text);
    }
  } catch (e) {
    if (e instanceof ValidationError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

main();
