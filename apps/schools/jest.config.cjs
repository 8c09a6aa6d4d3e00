module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'schools',
  rootDir: __dirname,
};
