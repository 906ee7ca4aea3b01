// Unit tests: pure domain logic, no infrastructure.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.unit.spec.ts'],
};
