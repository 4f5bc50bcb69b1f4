/**
 * `npm run capacity -- <env> [--format table|markdown] [--out <file>]`
 *
 * Prints the environment's capacity plan: per tier its inputs (with sources), formula,
 * result and capacity with one AZ lost, then what the design notes' sizing would carry
 * under the same model. `--format markdown` renders the same for the docs; `--out`
 * writes it to a file instead of stdout.
 */
import { writeFileSync } from 'fs';
import { ValidationError } from '../lib/errors';
import { renderEnvironmentReport } from '../lib/capacity';
import { capacityInputsOf } from '../lib/config/environment';
import { ENVIRONMENTS } from './environments';

type Format = 'table' | 'markdown';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run capacity -- <${ENVIRONMENTS.map((e) => e.name).join('|')}> [--format table|markdown] [--out <file>]\n`);
  process.exit(2);
}

function parse(argv: string[]): { env: string; format: Format; out?: string } {
  let env: string | undefined;
  let format: Format = 'table';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format') {
      const f = argv[++i];
      if (f !== 'table' && f !== 'markdown') usage(`--format must be table or markdown, not ${JSON.stringify(f)}`);
      format = f;
    } else if (a.startsWith('--format=')) {
      const f = a.slice('--format='.length);
      if (f !== 'table' && f !== 'markdown') usage(`--format must be table or markdown, not ${JSON.stringify(f)}`);
      format = f;
    } else if (a === '--out') {
      out = argv[++i];
      if (!out) usage('--out needs a file name');
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (env === undefined) {
      env = a;
    } else {
      usage(`unexpected argument ${a}`);
    }
  }
  if (!env) usage('name an environment');
  return { env, format, out };
}

function main(): void {
  const { env, format, out } = parse(process.argv.slice(2));
  const config = ENVIRONMENTS.find((e) => e.name === env);
  if (!config) usage(`unknown environment ${JSON.stringify(env)}`);
  const inputs = capacityInputsOf(config);
  try {
    const text = renderEnvironmentReport(inputs, format);
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
