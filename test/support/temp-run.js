// One temporary folder per test run. Jest's global setup creates it under the system temp
// folder, every test and helper writes under it, and the global teardown removes it, so a
// run leaves the system temp folder as it found it.
//
//   <system temp>/cdktf-million-rps-test-<pid>-XXXXXX/   MRPS_TEST_RUN_DIR
//     <prefix>XXXXXX/                                    tempDir(prefix) in test/support/temp.ts
//     tmp/                                               TMPDIR of the workers and of every
//                                                        process they start
//
// `tmp/` stands in for the system temp folder during the run: whatever only asks
// os.tmpdir() (cdktf's Testing.app() without an outdir, terraform, npm, a forgotten
// mkdtemp) lands there and nowhere else, since no other process writes into it. The
// teardown fails the run when something is left in it: that is the check that a run
// leaves the system temp folder as it found it, and it cannot be disturbed by other
// processes using the real system temp folder at the same time.
//
// Plain CommonJS: Jest loads global setup and teardown without the TypeScript transform.
const fs = require('fs');
const os = require('os');
const path = require('path');

const RUN_DIR_ENV = 'MRPS_TEST_RUN_DIR';
const PREFIX = 'cdktf-million-rps-test-';
/** Saved in the environment, not a module variable: setup and teardown are loaded as separate modules. */
const SAVED_TMPDIR_ENV = 'MRPS_TEST_SAVED_TMPDIR';
const UNSET = '\u0000unset';

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** A run folder untouched this long, whose process is gone, was left by a killed run. */
const STALE_AFTER_MS = 60 * 60 * 1000;

function untouchedFor(dir, now) {
  const modified = [dir, path.join(dir, 'tmp')].map((d) => {
    try {
      return fs.statSync(d).mtimeMs;
    } catch {
      return 0;
    }
  });
  return now - Math.max(...modified);
}

/**
 * Run folders of earlier runs killed before their teardown ran: the Jest process that made
 * one is gone and nothing has been written into it for an hour. Folders of runs still going
 * (other checkouts testing at the same time) are left alone.
 */
function staleRunDirs(systemTmp, now = Date.now()) {
  let names;
  try {
    names = fs.readdirSync(systemTmp);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, pid: Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid))
    .map(({ name }) => path.join(systemTmp, name))
    .filter((dir) => untouchedFor(dir, now) > STALE_AFTER_MS);
}

/**
 * Creates this run's folder and points TMPDIR (for this process, its Jest workers and every
 * process they start) at its `tmp/`. Returns the run folder.
 */
function startRun({ env = process.env, systemTmp = os.tmpdir() } = {}) {
  if (env[RUN_DIR_ENV]) throw new Error(`a test run is already in progress in ${env[RUN_DIR_ENV]} (${RUN_DIR_ENV} is set)`);
  for (const stale of staleRunDirs(systemTmp)) fs.rmSync(stale, { recursive: true, force: true });
  const dir = fs.mkdtempSync(path.join(systemTmp, `${PREFIX}${process.pid}-`));
  // Searchable (not listable) by other accounts, as the system temp folder is: the benchmark
  // servers' tests run PostgreSQL as the postgres account when run as root, in a folder under it.
  fs.chmodSync(dir, 0o711);
  fs.mkdirSync(path.join(dir, 'tmp'));
  env[SAVED_TMPDIR_ENV] = env.TMPDIR ?? UNSET;
  env[RUN_DIR_ENV] = dir;
  env.TMPDIR = path.join(dir, 'tmp');
  return dir;
}

/**
 * Removes the run folder and restores TMPDIR. Throws, after removing everything, when
 * something was left in the run's stand-in for the system temp folder: without the run
 * folder it would have stayed in the real one.
 */
function finishRun({ env = process.env } = {}) {
  const dir = env[RUN_DIR_ENV];
  if (!dir) return;
  const tmp = path.join(dir, 'tmp');
  let left = [];
  try {
    left = fs.readdirSync(tmp).sort();
  } catch {
    left = [];
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const saved = env[SAVED_TMPDIR_ENV];
  if (saved === undefined || saved === UNSET) delete env.TMPDIR;
  else env.TMPDIR = saved;
  delete env[SAVED_TMPDIR_ENV];
  delete env[RUN_DIR_ENV];
  if (fs.existsSync(dir)) throw new Error(`The test run folder ${dir} could not be removed.`);
  if (left.length > 0) {
    throw new Error(
      `The tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the system temp folder (this run's stand-in for it, now removed): ${left.join(', ')}. ` +
        'Fix: create temporary folders with tempDir() and cdktf apps with testApp() from test/support/temp.ts, or remove what the test creates.',
    );
  }
}

module.exports = { RUN_DIR_ENV, PREFIX, startRun, finishRun, staleRunDirs };
