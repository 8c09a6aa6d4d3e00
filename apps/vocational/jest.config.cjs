module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'vocational',
  rootDir: __dirname,
};
