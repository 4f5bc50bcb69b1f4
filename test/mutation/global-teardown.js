// Global teardown of mutation-test runs: removes the run's temporary folder like the
// regular teardown, but only warns about leftovers. A failing teardown would fail every
// mutant's test run, and Stryker would count the mutant killed; `npm test` is where a
// leftover fails.
const { finishRun } = require('../support/temp-run');

module.exports = async function globalTeardown() {
  try {
    finishRun();
  } catch (error) {
    console.warn(`mutation run: ${error.message}`);
  }
};
