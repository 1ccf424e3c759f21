/** A consumer's Jest setup: TypeScript tests compiled by SWC, one file at a time (each starts a broker). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  maxWorkers: 1,
};
