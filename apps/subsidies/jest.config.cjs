module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'subsidies',
  rootDir: __dirname,
};
