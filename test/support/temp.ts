import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';

/** Plain JavaScript, shared with Jest's global setup and teardown. */
const { RUN_DIR_ENV } = require('./temp-run') as { RUN_DIR_ENV: string };

/**
 * This run's temporary folder, made by Jest's global setup and removed by its teardown
 * (test/support/temp-run.js); undefined outside a Jest run (a benchmark using these helpers).
 */
export function runDir(): string | undefined {
  const dir = process.env[RUN_DIR_ENV];
  if (dir) return dir;
  if (process.env.JEST_WORKER_ID) {
    throw new Error(`${RUN_DIR_ENV} is not set: this Jest config runs no test/support/global-setup.js, so test output would be left in the system temp folder.`);
  }
  return undefined;
}

/**
 * A new, empty folder for one test's files, under this run's folder, so the run's teardown
 * removes it. Outside a Jest run it is made in the system temp folder and the caller
 * removes it.
 */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(runDir() ?? os.tmpdir(), prefix));
}

/**
 * `Testing.app()` writing under this run's folder. Without an outdir, Testing.app() makes a
 * folder in the system temp folder on every call and never removes it (and `new App()`
 * writes cdktf.out into the working directory).
 */
export function testApp(options: NonNullable<Parameters<typeof Testing.app>[0]> = {}): App {
  return Testing.app({ ...options, outdir: options.outdir ?? tempDir('cdktf.outdir.') });
}

/** `Testing.synthScope()` on a {@link testApp}: the stack's Terraform JSON. */
export function synthScope(build: (scope: Construct) => void): string {
  const stack = new TerraformStack(testApp(), 'stack');
  build(stack);
  return Testing.synth(stack);
}
