module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'testing',
  rootDir: __dirname,
};
