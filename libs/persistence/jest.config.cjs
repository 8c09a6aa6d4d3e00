module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'persistence',
  rootDir: __dirname,
};
