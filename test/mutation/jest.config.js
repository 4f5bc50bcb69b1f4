// Jest config for mutation testing (test/mutation/mutate.mjs, `npm run mutate`): the unit
// project's settings as one flat project (Stryker's per-test coverage replaces the test
// environment, which it can only do outside `projects`). The runner sets testMatch to the
// unit tests of the folder being mutated. Stryker loads this file inside its sandbox, so
// rootDir is the sandbox's copy of the repository.
const path = require('path');
const base = require('../../jest.config.js');

const unit = base.projects.find((p) => p.displayName === 'unit');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: unit.testEnvironment,
  transform: unit.transform,
  moduleNameMapper: unit.moduleNameMapper,
  cacheDirectory: unit.cacheDirectory ?? '<rootDir>/node_modules/.cache/jest',
  testPathIgnorePatterns: unit.testPathIgnorePatterns,
  // As the real-tools project (test/support/real-tools-timeout.js): a run may include
  // promtool's test (lib/prometheus). In a flat config Jest reads it.
  testTimeout: 60_000,
  // What the tests load: Jest indexes nothing else of the sandbox on each of its many runs.
  roots: ['<rootDir>/lib', '<rootDir>/constructs', '<rootDir>/stacks', '<rootDir>/test'],
  // The run folder only: none of the tests mutation runs read the reference app, and
  // synthesizing it for every mutant would dominate the run.
  globalSetup: '<rootDir>/test/mutation/global-setup.js',
  globalTeardown: '<rootDir>/test/mutation/global-teardown.js',
};
