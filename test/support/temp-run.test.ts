import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './temp';

/** Plain JavaScript, loaded by Jest's global setup and teardown. */
const { finishRun, PREFIX, RUN_DIR_ENV, startRun, staleRunDirs } = require('./temp-run') as {
  finishRun(options?: { env?: NodeJS.ProcessEnv }): void;
  startRun(options?: { env?: NodeJS.ProcessEnv; systemTmp?: string }): string;
  staleRunDirs(systemTmp: string, now?: number): string[];
  PREFIX: string;
  RUN_DIR_ENV: string;
};

const ROOT = path.resolve(__dirname, '..', '..');
const HOUR_MS = 60 * 60 * 1000;

/** Everything under `dir`, as relative paths: the before/after listing of a system temp folder. */
function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('the per-run temporary folder (test/support/temp-run.js)', () => {
  test('GIVEN a run WHEN its files go through the run folder THEN the teardown leaves the system temp folder as it found it', () => {
    const systemTmp = tempDir('system-tmp-');
    fs.writeFileSync(path.join(systemTmp, 'someone-else.txt'), 'not ours');
    const before = listing(systemTmp);
    const env: NodeJS.ProcessEnv = { TMPDIR: '/elsewhere' };
    const dir = startRun({ env, systemTmp });
    expect(path.dirname(dir)).toBe(systemTmp);
    expect(env).toEqual({ TMPDIR: path.join(dir, 'tmp'), [RUN_DIR_ENV]: dir, MRPS_TEST_SAVED_TMPDIR: '/elsewhere' });
    fs.mkdirSync(path.join(dir, 'cdktf.outdir.abc', 'stacks'), { recursive: true });
    finishRun({ env });
    expect(listing(systemTmp)).toEqual(before);
    expect(env).toEqual({ TMPDIR: '/elsewhere' });
  });

  test('GIVEN something left in the stand-in for the system temp folder THEN the teardown removes it and fails naming it', () => {
    const systemTmp = tempDir('system-tmp-');
    const env: NodeJS.ProcessEnv = {};
    const dir = startRun({ env, systemTmp });
    fs.mkdirSync(path.join(env.TMPDIR!, 'cdktf.outdir.xyz'));
    fs.writeFileSync(path.join(env.TMPDIR!, 'forgotten.txt'), '');
    expect(() => finishRun({ env })).toThrow(/left 2 entries in the system temp folder .*: cdktf\.outdir\.xyz, forgotten\.txt\. Fix: create temporary folders with tempDir\(\)/);
    expect(fs.existsSync(dir)).toBe(false);
    expect(listing(systemTmp)).toEqual([]);
    expect(env).toEqual({});
  });

  test('GIVEN run folders of killed runs and of runs still going THEN a new run removes only the killed ones', () => {
    const systemTmp = tempDir('system-tmp-');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const make = (name: string, ageMs: number) => {
      fs.mkdirSync(path.join(systemTmp, name, 'tmp'), { recursive: true });
      const at = new Date(Date.now() - ageMs);
      for (const d of [path.join(systemTmp, name, 'tmp'), path.join(systemTmp, name)]) fs.utimesSync(d, at, at);
    };
    make(`${PREFIX}${deadPid}-killed`, 2 * HOUR_MS);
    make(`${PREFIX}${deadPid}-recent`, 0);
    make(`${PREFIX}${process.ppid}-running`, 2 * HOUR_MS);
    make('unrelated-folder', 2 * HOUR_MS);
    expect(staleRunDirs(systemTmp)).toEqual([path.join(systemTmp, `${PREFIX}${deadPid}-killed`)]);
    const env: NodeJS.ProcessEnv = {};
    const dir = startRun({ env, systemTmp });
    expect(fs.readdirSync(systemTmp).sort()).toEqual([`${PREFIX}${deadPid}-recent`, `${PREFIX}${process.ppid}-running`, path.basename(dir), 'unrelated-folder'].sort());
    finishRun({ env });
  });

  test('GIVEN a run already in progress THEN starting another in the same environment fails', () => {
    expect(() => startRun({ env: { [RUN_DIR_ENV]: '/tmp/x' }, systemTmp: tempDir('system-tmp-') })).toThrow(/a test run is already in progress/);
  });

  test('GIVEN this run THEN TMPDIR points into its folder, so child processes write there too', () => {
    const dir = process.env[RUN_DIR_ENV]!;
    expect(process.env.TMPDIR).toBe(path.join(dir, 'tmp'));
    const child = spawnSync(process.execPath, ['-p', 'require("os").tmpdir()'], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe(path.join(dir, 'tmp'));
  });
});

/**
 * End to end, through jest.config.js's own global setup and teardown: Jest runs a fixture
 * test file in a child process whose system temp folder (TMPDIR) is a fresh, private folder,
 * so nothing but that run can write into it and the before/after comparison is exact.
 */
describe('a Jest run with this config', () => {
  const config = require('../../jest.config.js') as { globalSetup: string; globalTeardown: string; projects: { transform: unknown; cacheDirectory: string; modulePathIgnorePatterns: string[] }[] };

  function jestRun(fixture: string) {
    const systemTmp = tempDir('system-tmp-');
    const before = listing(systemTmp);
    const nested = {
      rootDir: ROOT,
      globalSetup: config.globalSetup,
      globalTeardown: config.globalTeardown,
      cacheDirectory: config.projects[0].cacheDirectory,
      modulePathIgnorePatterns: config.projects[0].modulePathIgnorePatterns,
      transform: config.projects[0].transform,
      testEnvironment: 'node',
      testMatch: [`<rootDir>/test/support/fixtures/${fixture}`],
    };
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: systemTmp, REFERENCE_APP_OUTDIR: 'not-used-by-the-fixtures' };
    for (const name of [RUN_DIR_ENV, 'MRPS_TEST_SAVED_TMPDIR', 'MRPS_TEST_OWN_REFERENCE_APP', 'JEST_WORKER_ID']) delete env[name];
    const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(nested), '--runInBand', '--ci'], { cwd: ROOT, env, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}`, before, after: listing(systemTmp) };
  }

  test('GIVEN tests that write through the helpers THEN the run passes and leaves its system temp folder exactly as it found it', () => {
    const run = jestRun('temp-clean.fixture.ts');
    // The output only when the run failed, so the failure shows why.
    expect({ status: run.status, after: run.after, output: run.status === 0 ? '' : run.output }).toEqual({ status: 0, after: run.before, output: '' });
    expect(run.before).toEqual([]);
  }, 60_000);

  test('GIVEN a test that writes into os.tmpdir() and a bare Testing.app() THEN the run fails naming both, and still leaves nothing behind', () => {
    const run = jestRun('temp-leak.fixture.ts');
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/The tests left 2 entries in the system temp folder \(this run's stand-in for it, now removed\): cdktf\.outdir\.\w+, forgotten-\w+\./);
    expect(run.after).toEqual([]);
  }, 60_000);
});
