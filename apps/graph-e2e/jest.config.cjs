// Whole-graph tests: each file starts every subgraph and the gateway in-process on its own
// database. Two workers: on CI's two cores this project runs beside one other Nx task.
module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'graph-e2e',
  rootDir: __dirname,
  maxWorkers: 2,
  // Browser checks run on demand with jest.browser.config.cjs (they need the system's Chromium).
  testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$'],
};
