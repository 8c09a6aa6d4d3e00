module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'households',
  rootDir: __dirname,
};
