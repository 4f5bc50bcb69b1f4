// Jest global setup: open this run's temporary folder (test/support/temp-run.js), then
// synthesize the reference app (every stack of every environment) once, with `npm run
// synth`'s own command (package.json: the app's entry point with its own loader), in a child
// process, into that folder, and hand the directory to every test file through
// REFERENCE_APP_OUTDIR. Without it each test file that reads the stacks would synthesize all
// of them again. What the command printed goes to REFERENCE_APP_SYNTH_RUN, for
// test/stacks/synth-summary.test.ts, which would otherwise run the same synth again to see it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startRun } = require('./temp-run');

/** Set when this setup synthesized the app, so the teardown forgets the folder it removes. */
const OWN_OUTDIR_ENV = 'MRPS_TEST_OWN_REFERENCE_APP';
/** A JSON file with `npm run synth`'s exit status and standard output for the app in REFERENCE_APP_OUTDIR. */
const SYNTH_RUN_ENV = 'REFERENCE_APP_SYNTH_RUN';
/** `npm run synth` (package.json "synth"), as arguments to node. */
const NPM_RUN_SYNTH = ['-r', './stacks/register.js', 'stacks/main.ts'];

module.exports = async function globalSetup() {
  const runDir = startRun();
  if (process.env.REFERENCE_APP_OUTDIR) return;
  const root = path.resolve(__dirname, '..', '..');
  const outdir = fs.mkdtempSync(path.join(runDir, 'cdktf-app-'));
  const synth = spawnSync(process.execPath, NPM_RUN_SYNTH, {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (synth.error) throw synth.error;
  if (synth.status !== 0) {
    throw new Error(`npm run synth of the reference app failed (exit status ${synth.status}${synth.signal ? `, signal ${synth.signal}` : ''}); its error is printed above. Output:\n${synth.stdout}`);
  }
  const runFile = path.join(runDir, 'npm-run-synth.json');
  fs.writeFileSync(runFile, JSON.stringify({ status: synth.status, stdout: synth.stdout }));
  process.env.REFERENCE_APP_OUTDIR = outdir;
  process.env[SYNTH_RUN_ENV] = runFile;
  process.env[OWN_OUTDIR_ENV] = '1';
};

module.exports.OWN_OUTDIR_ENV = OWN_OUTDIR_ENV;
module.exports.SYNTH_RUN_ENV = SYNTH_RUN_ENV;
module.exports.NPM_RUN_SYNTH = NPM_RUN_SYNTH;
