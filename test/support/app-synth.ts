import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../stacks/app';
import { SynthesizedStack } from './synth';

export interface SynthesizedApp {
  readonly outdir: string;
  readonly stacks: Record<string, SynthesizedStack>;
  /** Directory of a stack's cdk.tf.json, for running Terraform in it. */
  stackDir(name: string): string;
}

let cached: SynthesizedApp | undefined;

/**
 * Synthesizes the reference app (every environment) once per test file into a temporary
 * directory and returns the parsed stacks.
 */
export function synthesizeReferenceApp(): SynthesizedApp {
  if (cached) return cached;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-app-'));
  buildApp({ outdir }).synth();
  const stacksDir = path.join(outdir, 'stacks');
  const stacks: Record<string, SynthesizedStack> = {};
  for (const name of fs.readdirSync(stacksDir).sort()) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  }
  cached = { outdir, stacks, stackDir: (name) => path.join(stacksDir, name) };
  return cached;
}
