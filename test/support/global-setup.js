// Jest global setup: synthesize the reference app (every stack of every environment) once,
// in a child process with the app's own loader, and hand the directory to every test file
// through REFERENCE_APP_OUTDIR. Without it each test file that reads the stacks would
// synthesize all of them again.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  if (process.env.REFERENCE_APP_OUTDIR) return;
  const root = path.resolve(__dirname, '..', '..');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-app-'));
  execFileSync(process.execPath, ['-r', './stacks/register.js', '-e', `require('./stacks/app').buildApp({ outdir: ${JSON.stringify(outdir)} }).synth()`], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.REFERENCE_APP_OUTDIR = outdir;
};
