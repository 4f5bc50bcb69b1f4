import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from '../../stacks/app';
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
