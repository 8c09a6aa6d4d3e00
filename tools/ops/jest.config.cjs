module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'ops',
  rootDir: __dirname,
  testTimeout: 180_000,
};
