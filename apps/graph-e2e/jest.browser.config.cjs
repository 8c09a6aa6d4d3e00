// Browser checks (`npm run test:browser`): the explorer driven by the system's Chromium through
// playwright-core. Not part of `npm test`: they need a browser binary the npm registry doesn't ship.
module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'graph-e2e-browser',
  rootDir: __dirname,
  testMatch: ['**/*.browser.test.ts'],
  maxWorkers: 1,
};
