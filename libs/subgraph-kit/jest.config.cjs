module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'subgraph-kit',
  rootDir: __dirname,
};
