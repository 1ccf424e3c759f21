/** Unit tests are pure and fast; integration tests start real brokers. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // test/consumer/project is a project of its own (test/consumer/run.sh installs the packed package into a
  // copy of it); its tests import 'amq-auth-harness/jest' as a consumer does.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
  modulePathIgnorePatterns: ['<rootDir>/test/consumer/'],
  testTimeout: 30000,
  // One file at a time: integration tests start real brokers, and two at once on a two-core machine turn
  // the probes' timing windows into noise.
  maxWorkers: 1,
};
