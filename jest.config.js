/** Jest runs TypeScript through @swc/jest (transpile only); `npm run typecheck` is the type check. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };
/**
 * The examples import the package by name, as a user's app does; under jest that name is
 * the source entry, so test/examples/ synthesizes them without a build. The packed
 * tarball is tested by test/real-tools/package.test.ts.
 */
const moduleNameMapper = { '^cdktf-million-rps$': '<rootDir>/constructs/index.ts' };
/**
 * Jest's transform and haste-map cache, beside the app loader's (stacks/register.js), not in
 * the system temp folder. Set for each project too: the top-level one does not reach them.
 */
const cacheDirectory = '<rootDir>/node_modules/.cache/jest';
/** `npm run mutate` copies the repository into .stryker-tmp/ while it runs: not part of this run. */
const modulePathIgnorePatterns = ['<rootDir>/.stryker-tmp/'];
/** cdktf's token creation traces formatted without Jest's source maps (test/support/unmapped-token-traces.js). */
const unmappedTokenTraces = '<rootDir>/test/support/unmapped-token-traces.js';

module.exports = {
  // Jest's default is one worker fewer than the cores: one worker on this 2-core machine
  // class. The test files are mostly CPU-bound synths and waits on child processes, so use
  // every core (unit tests: 35 s -> 20 s here).
  //
  // "A worker process has failed to exit gracefully and has been force exited" at the end of a
  // run on a busy machine does not mean a leak by itself. Jest gives each worker 500 ms to exit
  // (jest-worker's FORCE_EXIT_DELAY, which cannot be configured), then kills it and prints
  // that. Our workers' event loops are empty when Jest ends them (only the IPC channel and
  // stdio are open; 'exit' fires within milliseconds, and --detectOpenHandles finds nothing).
  // Node then frees the worker's V8 heap, about 180 ms of CPU per worker here (mostly munmap).
  // A worker at nice 15 on two busy cores does not get that much CPU within 500 ms. The same
  // happens with four one-line test files and no project code. A real leak is a handle still
  // open when the worker ends: `--detectOpenHandles` names it. Jest abandons a test that times
  // out without stopping it, so afterAll must stop what such a test started
  // (test/real-tools/bench-cache.test.ts).
  maxWorkers: Math.max(2, require('os').cpus().length),
  // One temporary folder per run, removed at the end; the teardown fails the run if a test
  // left anything in the system temp folder (test/support/temp-run.js).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // Jest's order, but the real-tool files that run longest start first on a fresh clone.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  cacheDirectory,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      setupFilesAfterEnv: [unmappedTokenTraces],
      transform,
      moduleNameMapper,
      cacheDirectory,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/real-tools/'],
    },
    {
      displayName: 'real-tools',
      testEnvironment: 'node',
      // 60 s per test: these wait on real processes sharing two cores with the unit tests.
      // Set in a setup file because Jest 30 ignores testTimeout in a project's config.
      setupFilesAfterEnv: ['<rootDir>/test/support/real-tools-timeout.js', unmappedTokenTraces],
      transform,
      moduleNameMapper,
      cacheDirectory,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/real-tools/**/*.test.ts'],
    },
    {
      // The peer range admits @cdktf/provider-aws 20.x (hashicorp/aws 5.x, the default every
      // project above uses) and 21.x (6.x): the unit tests of every construct whose code loads
      // the AWS bindings run again with every provider module loaded from the pinned 21.x
      // install (devDependency @cdktf/provider-aws-21); the kubernetes/helm-only constructs'
      // tests cannot change with the AWS major and are not repeated. `npm run typecheck`
      // type-checks against both majors.
      displayName: 'provider-aws-21',
      testEnvironment: 'node',
      setupFilesAfterEnv: [unmappedTokenTraces],
      transform,
      moduleNameMapper: { ...moduleNameMapper, '^@cdktf/provider-aws/(.*)$': '<rootDir>/node_modules/@cdktf/provider-aws-21/$1' },
      globals: { AWS_PROVIDER_BINDINGS: '@cdktf/provider-aws-21' },
      testMatch: [
        ...((fs, path) => {
          const constructs = path.join(__dirname, 'constructs');
          const loadsAws = (dir) => fs.readdirSync(dir, { recursive: true }).some((f) => f.endsWith('.ts') && /from ['"]@cdktf\/provider-aws\//.test(fs.readFileSync(path.join(dir, f), 'utf8')));
          return fs
            .readdirSync(constructs, { withFileTypes: true })
            .filter((entry) => entry.isDirectory() && loadsAws(path.join(constructs, entry.name)))
            .map((entry) => `<rootDir>/test/constructs/${entry.name}/**/*.test.ts`);
        })(require('fs'), require('path')),
        '<rootDir>/test/lib/provider-majors.test.ts',
      ],
    },
  ],
};
