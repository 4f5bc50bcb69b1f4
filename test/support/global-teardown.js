// Jest global teardown: removes this run's temporary folder, and fails the run if anything
// was left in its stand-in for the system temp folder (test/support/temp-run.js).
const { finishRun } = require('./temp-run');
const { OWN_OUTDIR_ENV, SYNTH_RUN_ENV, API_FRONT_VARIANT_ENV } = require('./global-setup');

module.exports = async function globalTeardown() {
  if (process.env[OWN_OUTDIR_ENV]) {
    delete process.env.REFERENCE_APP_OUTDIR;
    delete process.env[SYNTH_RUN_ENV];
    delete process.env[API_FRONT_VARIANT_ENV];
    delete process.env[OWN_OUTDIR_ENV];
  }
  finishRun();
};
