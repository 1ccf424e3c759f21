/** Unit tests are pure and fast; integration tests start real brokers. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // One file at a time: integration tests start real brokers, and two at once on a two-core machine turn
  // the probes' timing windows into noise.
  maxWorkers: 1,
};
