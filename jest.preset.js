// Shared jest settings: SWC transform (decorator metadata on) and the tsconfig path aliases.
const { pathsToModuleNameMapper } = require('./tools/jest-paths');
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', require('./tools/swc-options')] },
  moduleNameMapper: pathsToModuleNameMapper(),
  testPathIgnorePatterns: ['/node_modules/', '/.steward/', '/dist/'],
};
