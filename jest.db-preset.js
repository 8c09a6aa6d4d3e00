// For projects whose tests talk to PostgreSQL: one embedded PostgreSQL per test run.
module.exports = {
  ...require('./jest.preset.js'),
  globalSetup: `${__dirname}/libs/testing/src/jest/global-setup.ts`,
  globalTeardown: `${__dirname}/libs/testing/src/jest/global-teardown.ts`,
};
