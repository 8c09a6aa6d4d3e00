module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'gateway',
  rootDir: __dirname,
};
