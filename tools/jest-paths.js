// Maps the tsconfig.base.json path aliases (@steward/*) for jest.
const base = require('../tsconfig.base.json');
exports.pathsToModuleNameMapper = () =>
  Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
  );
