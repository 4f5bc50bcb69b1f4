// Jest global setup: open this run's temporary folder (test/support/temp-run.js), then
// synthesize, once for every test file, in child processes with the app's own loader, into
// that folder:
//
// - the reference app (every stack of every environment), with `npm run synth`'s own command
//   (package.json), handed to the tests through REFERENCE_APP_OUTDIR. What the command
//   printed goes to REFERENCE_APP_SYNTH_RUN, for test/stacks/synth-summary.test.ts, which
//   would otherwise run the same synth again to see it;
// - dev with the API front (test/support/api-front-variant.ts), as buildApp synthesizes it,
//   through API_FRONT_VARIANT_OUTDIR: test/stacks/api-front-variant.test.ts reads it and
//   test/real-tools/terraform.test.ts plans it.
//
// The two synths run side by side (no test runs yet, so both cores are free). Without this
// setup each test file that reads the stacks would synthesize them again.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startRun } = require('./temp-run');

/** Set when this setup synthesized the apps, so the teardown forgets the folders it removes. */
const OWN_OUTDIR_ENV = 'MRPS_TEST_OWN_REFERENCE_APP';
/** A JSON file with `npm run synth`'s exit status and standard output for the app in REFERENCE_APP_OUTDIR. */
const SYNTH_RUN_ENV = 'REFERENCE_APP_SYNTH_RUN';
/** The outdir of the API-front variant's app (its one AWS stack and its platform stack). */
const API_FRONT_VARIANT_ENV = 'API_FRONT_VARIANT_OUTDIR';
/** `npm run synth` (package.json "synth"), as arguments to node. */
const NPM_RUN_SYNTH = ['-r', './stacks/register.js', 'stacks/main.ts'];
/** The API-front variant through buildApp, into CDKTF_OUTDIR, as arguments to node. */
const SYNTH_API_FRONT_VARIANT = [
  '-r',
  './stacks/register.js',
  '-e',
  "require('./stacks/app').buildApp({ outdir: process.env.CDKTF_OUTDIR, environments: [require('./test/support/api-front-variant').DEV_WITH_API_FRONT] }).synth()",
];

/** Runs node with `args` in the repository, writing into `outdir`; resolves with its standard output, rejects naming `what` when it fails. */
function synthesize(what, args, outdir) {
  const root = path.resolve(__dirname, '..', '..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ['ignore', 'pipe', 'inherit'] });
    const stdout = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const output = Buffer.concat(stdout).toString('utf8');
      if (status === 0) resolve({ status, stdout: output });
      else reject(new Error(`${what} failed (exit status ${status}${signal ? `, signal ${signal}` : ''}); its error is printed above. Output:\n${output}`));
    });
  });
}

module.exports = async function globalSetup() {
  const runDir = startRun();
  if (process.env.REFERENCE_APP_OUTDIR) return;
  const outdir = fs.mkdtempSync(path.join(runDir, 'cdktf-app-'));
  const variantOutdir = fs.mkdtempSync(path.join(runDir, 'cdktf-api-front-'));
  // Both settle before a failure is reported: no synth is left writing into the run's folder.
  const [reference, variant] = await Promise.allSettled([
    synthesize('npm run synth of the reference app', NPM_RUN_SYNTH, outdir),
    synthesize('the synth of dev with the API front (test/support/api-front-variant.ts)', SYNTH_API_FRONT_VARIANT, variantOutdir),
  ]);
  for (const result of [reference, variant]) if (result.status === 'rejected') throw result.reason;
  const synth = reference.value;
  const runFile = path.join(runDir, 'npm-run-synth.json');
  fs.writeFileSync(runFile, JSON.stringify(synth));
  process.env.REFERENCE_APP_OUTDIR = outdir;
  process.env[SYNTH_RUN_ENV] = runFile;
  process.env[API_FRONT_VARIANT_ENV] = variantOutdir;
  process.env[OWN_OUTDIR_ENV] = '1';
};

module.exports.OWN_OUTDIR_ENV = OWN_OUTDIR_ENV;
module.exports.SYNTH_RUN_ENV = SYNTH_RUN_ENV;
module.exports.API_FRONT_VARIANT_ENV = API_FRONT_VARIANT_ENV;
module.exports.NPM_RUN_SYNTH = NPM_RUN_SYNTH;
