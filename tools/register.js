// Runs TypeScript sources directly (SWC transpile, tsconfig paths, decorator metadata).
// Used by every app entry point, the tools and the benchmarks: one way to run our code.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
