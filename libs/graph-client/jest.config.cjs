module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'graph-client',
  rootDir: __dirname,
};
