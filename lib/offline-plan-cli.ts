#!/usr/bin/env node
/**
 * `cdktf-million-rps-plan`: plans every stack of a synthesized cdktf app offline (see
 * ./offline-plan.ts), so a consumer's CI checks its stacks against the real provider the way
 * this repository's tests check the reference app.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inParallel, OfflinePlanError, planOffline, PROVIDER_MIRROR_ENV, requireTerraform, selectOfflinePlannable } from './offline-plan';

export const USAGE = `Usage: cdktf-million-rps-plan [options] [stack ...]

Plans synthesized cdktf stacks offline: terraform init from a local provider mirror and
terraform plan -refresh=false (which validates first) with mock AWS credentials.
Needs no AWS account and no network; leaves the synthesized folder unchanged.

  stack ...           stacks to plan, each of which must plan (default: every stack that
                      can plan offline here; stacks using the kubernetes or helm providers
                      or reading another stack's state need a live cluster, and stacks
                      requiring a provider the mirror lacks cannot install it: each is
                      listed as SKIPPED with the reason, and is not verified)
  --out <dir>         the synthesized app (default: "output" of ./cdktf.json, else cdktf.out)
  --mirror <dir>      the provider mirror: the folder that contains registry.terraform.io
                      (default: $${PROVIDER_MIRROR_ENV}, else Terraform's implied local mirror
                      directories, then folders under /opt and /usr/local)
  --var-file <file>   a variables file for terraform plan; repeatable
  --parallel <n>      stacks planned at once (default: 2)
  --terraform <path>  the Terraform CLI (default: terraform on PATH)
  -h, --help          this text

Exit status: 0 every selected stack planned, 1 a stack failed to plan, 2 a usage or setup
error (no stack could be planned).`;

/** Where the command writes: console by default, a collector in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

interface CliOptions {
  out?: string;
  mirror?: string;
  terraform?: string;
  parallel: number;
  varFiles: string[];
  stacks: string[];
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { parallel: 2, varFiles: [], stacks: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--out':
        options.out = value();
        break;
      case '--mirror':
        options.mirror = value();
        break;
      case '--terraform':
        options.terraform = value();
        break;
      case '--var-file':
        options.varFiles.push(value());
        break;
      case '--parallel': {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--parallel ${raw} is not a whole number of at least 1`);
        options.parallel = n;
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        options.stacks.push(arg);
    }
  }
  return options;
}

/** The app's output folder: `--out`, else the `output` of ./cdktf.json, else `cdktf.out`. */
function outputDir(cwd: string, out: string | undefined): string {
  if (out) return path.resolve(cwd, out);
  const cdktfJson = path.join(cwd, 'cdktf.json');
  if (fs.existsSync(cdktfJson)) {
    const configured = (JSON.parse(fs.readFileSync(cdktfJson, 'utf8')) as { output?: string }).output;
    if (configured) return path.resolve(cwd, configured);
  }
  return path.resolve(cwd, 'cdktf.out');
}

/** Stack name to folder, from cdktf's manifest.json, else every folder under stacks/ holding a cdk.tf.json. */
function synthesizedStacks(outdir: string): Map<string, string> {
  const manifest = path.join(outdir, 'manifest.json');
  if (fs.existsSync(manifest)) {
    const stacks = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks?: Record<string, { workingDirectory: string }> }).stacks ?? {};
    return new Map(Object.entries(stacks).map(([name, s]) => [name, path.resolve(outdir, s.workingDirectory)]));
  }
  const stacksDir = path.join(outdir, 'stacks');
  const names = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((n) => fs.existsSync(path.join(stacksDir, n, 'cdk.tf.json'))) : [];
  return new Map(names.sort().map((n) => [n, path.join(stacksDir, n)]));
}

/** Runs the command; resolves to its exit status. */
export async function runPlanCli(args: readonly string[], io: CliOutput = console, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`cdktf-million-rps-plan: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.log(USAGE);
    return 0;
  }
  const outdir = outputDir(cwd, options.out);
  const stacks = synthesizedStacks(outdir);
  if (stacks.size === 0) {
    io.error(`cdktf-million-rps-plan: no synthesized stacks in ${outdir}. Run \`cdktf synth\` (or your app) first, or pass --out <dir>.`);
    return 2;
  }
  const unknown = options.stacks.filter((s) => !stacks.has(s));
  if (unknown.length > 0) {
    io.error(`cdktf-million-rps-plan: no stack ${unknown.join(', ')} in ${outdir}; its stacks are ${[...stacks.keys()].join(', ')}.`);
    return 2;
  }
  let selected = options.stacks;
  let skipped: string[] = [];
  if (selected.length === 0) {
    const selection = selectOfflinePlannable(stacks, { providerMirror: options.mirror, env });
    for (const skip of selection.skipped) io.error(`SKIPPED ${skip.stack} (not verified): ${skip.reasons.join('; ')}`);
    selected = [...selection.plannable];
    skipped = selection.skipped.map((s) => s.stack);
    if (selected.length === 0) {
      io.error(`cdktf-million-rps-plan: none of the stacks in ${outdir} can be planned offline (each is listed above with the reason).`);
      return 2;
    }
  }
  let version: string;
  try {
    version = await requireTerraform(options.terraform, env);
  } catch (error) {
    if (!(error instanceof OfflinePlanError)) throw error;
    io.error(`cdktf-million-rps-plan: ${error.message}`);
    return 2;
  }
  io.log(`terraform ${version}: planning ${selected.join(', ')} (${Math.min(options.parallel, selected.length)} at a time)`);
  const outcomes = await inParallel(selected, options.parallel, async (name) => {
    try {
      const result = await planOffline(stacks.get(name) as string, { providerMirror: options.mirror, terraform: options.terraform, varFiles: options.varFiles, env });
      io.log(`planned ${name}: ${result.summary} (${result.seconds.toFixed(1)} s${result.providerMirror ? `, providers from ${result.providerMirror}` : ''})`);
      return true;
    } catch (error) {
      if (!(error instanceof OfflinePlanError)) throw error;
      io.error(`FAILED ${name}: ${error.message}`);
      return false;
    }
  });
  const failed = outcomes.filter((ok) => !ok).length;
  const total = outcomes.length + skipped.length;
  io.log(`${outcomes.length - failed} of ${total} stacks planned offline${failed > 0 ? `, ${failed} failed` : ''}${skipped.length > 0 ? `; SKIPPED, not verified: ${skipped.join(', ')}` : ''}.`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  runPlanCli(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
