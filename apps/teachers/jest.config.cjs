module.exports = {
  ...require('../../jest.db-preset.js'),
  displayName: 'teachers',
  rootDir: __dirname,
};
