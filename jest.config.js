/** Jest runs TypeScript through @swc/jest (transpile only); `npm run typecheck` is the type check. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/real-tools/'],
    },
    {
      displayName: 'real-tools',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/real-tools/**/*.test.ts'],
    },
  ],
};
