// Global setup of mutation-test runs: this run's temporary folder (test/support/temp-run.js),
// without the reference app (no test in a mutation run reads it).
const { finishRun, startRun } = require('../support/temp-run');

module.exports = async function globalSetup() {
  // Stryker runs Jest many times in one process: a run that died before its teardown left
  // its folder open.
  try {
    finishRun();
  } catch (error) {
    console.warn(`mutation run: ${error.message}`);
  }
  startRun();
};
