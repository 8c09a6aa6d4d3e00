module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'schema-docs',
  rootDir: __dirname,
};
