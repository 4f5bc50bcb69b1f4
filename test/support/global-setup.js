// Jest global setup: open this run's temporary folder (test/support/temp-run.js), then
// synthesize the reference app (every stack of every environment) once, in a child process
// with the app's own loader, into that folder, and hand the directory to every test file
// through REFERENCE_APP_OUTDIR. Without it each test file that reads the stacks would
// synthesize all of them again.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startRun } = require('./temp-run');

/** Set when this setup synthesized the app, so the teardown forgets the folder it removes. */
const OWN_OUTDIR_ENV = 'MRPS_TEST_OWN_REFERENCE_APP';

module.exports = async function globalSetup() {
  const runDir = startRun();
  if (process.env.REFERENCE_APP_OUTDIR) return;
  const root = path.resolve(__dirname, '..', '..');
  const outdir = fs.mkdtempSync(path.join(runDir, 'cdktf-app-'));
  execFileSync(process.execPath, ['-r', './stacks/register.js', '-e', `require('./stacks/app').buildApp({ outdir: ${JSON.stringify(outdir)} }).synth()`], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.REFERENCE_APP_OUTDIR = outdir;
  process.env[OWN_OUTDIR_ENV] = '1';
};

module.exports.OWN_OUTDIR_ENV = OWN_OUTDIR_ENV;
