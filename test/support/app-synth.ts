import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from '../../stacks/app';
import { DEV_WITH_API_FRONT } from './api-front-variant';
import { SynthesizedStack } from './synth';
import { tempDir } from './temp';

export interface SynthesizedApp {
  readonly outdir: string;
  readonly stacks: Record<string, SynthesizedStack>;
  /** Directory of a stack's cdk.tf.json, for running Terraform in it. */
  stackDir(name: string): string;
}

let cached: SynthesizedApp | undefined;

/**
 * The reference app (every stack of every environment), synthesized once per `jest` run by
 * test/support/global-setup.js (REFERENCE_APP_OUTDIR), or here once per test file when a
 * test runs without it, and parsed.
 */
export function synthesizeReferenceApp(): SynthesizedApp {
  if (cached) return cached;
  let outdir = process.env.REFERENCE_APP_OUTDIR;
  if (!outdir || !fs.existsSync(path.join(outdir, 'stacks'))) {
    outdir = tempDir('cdktf-app-');
    buildApp({ outdir }).synth();
  }
  const stacksDir = path.join(outdir, 'stacks');
  const stacks: Record<string, SynthesizedStack> = {};
  for (const name of fs.readdirSync(stacksDir).sort()) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  }
  cached = { outdir, stacks, stackDir: (name) => path.join(stacksDir, name) };
  return cached;
}

/** Plain JavaScript, shared with Jest's global setup. */
const { SYNTH_RUN_ENV, API_FRONT_VARIANT_ENV, NPM_RUN_SYNTH } = require('./global-setup') as { SYNTH_RUN_ENV: string; API_FRONT_VARIANT_ENV: string; NPM_RUN_SYNTH: string[] };

/**
 * The folder of dev with the API front's AWS stack (DEV_WITH_API_FRONT), synthesized as the
 * reference app is (buildApp: the policy applies at synth) once per `jest` run by
 * test/support/global-setup.js (API_FRONT_VARIANT_OUTDIR), or here once per test file
 * without it.
 */
export function apiFrontVariantStackDir(): string {
  let outdir = process.env[API_FRONT_VARIANT_ENV];
  if (!outdir || !fs.existsSync(path.join(outdir, 'stacks', DEV_WITH_API_FRONT.name, 'cdk.tf.json'))) {
    outdir = tempDir('cdktf-api-front-');
    buildApp({ outdir, environments: [DEV_WITH_API_FRONT] }).synth();
  }
  return path.join(outdir, 'stacks', DEV_WITH_API_FRONT.name);
}

/** One run of `npm run synth` on the reference app: where it wrote the stacks, how it exited, what it printed. */
export interface NpmRunSynth {
  readonly outdir: string;
  readonly status: number | null;
  readonly stdout: string;
}

/**
 * `npm run synth` (package.json: `node -r ./stacks/register.js stacks/main.ts`) of the
 * reference app: the run test/support/global-setup.js made for REFERENCE_APP_OUTDIR (it
 * fails the whole test run when that synth fails), or, without it, a run here into a new folder.
 */
export function npmRunSynth(): NpmRunSynth {
  const outdir = process.env.REFERENCE_APP_OUTDIR;
  const recorded = process.env[SYNTH_RUN_ENV];
  if (outdir && recorded && fs.existsSync(recorded)) {
    const { status, stdout } = JSON.parse(fs.readFileSync(recorded, 'utf8')) as { status: number | null; stdout: string };
    return { outdir, status, stdout };
  }
  const own = tempDir('synth-summary-');
  const root = path.resolve(__dirname, '..', '..');
  const run = spawnSync(process.execPath, NPM_RUN_SYNTH, { cwd: root, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: own } });
  return { outdir: own, status: run.status, stdout: run.stdout };
}
