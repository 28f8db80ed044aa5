// @ts-check
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// Path aliases come from tsconfig.json, where `nest generate library` adds them, so new libraries
// resolve in tests without edits here; specs are found anywhere under apps/, libs/, tools/ and test/.
// Nest's packages are ES modules, which Jest cannot require: tools/jest/esm-to-cjs.js rewrites them (and
// any other ES module in node_modules) to CommonJS, so every package is handed to it.
/** @type {import('jest').Config} */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: {
    '^.+\\.tsx?$': 'ts-jest',
    '/node_modules/.+\\.m?js$': '<rootDir>/tools/jest/esm-to-cjs.js',
  },
  transformIgnorePatterns: [],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
    },
    // A one-node Kubernetes cluster built on this machine (README: Kubernetes): too long for every run,
    // `npm run test:cluster` runs these.
    {
      ...shared,
      displayName: 'cluster',
      testMatch: ['<rootDir>/{tools,test}/**/*.cluster-spec.ts'],
      slowTestThreshold: 600,
    },
  ],
  testTimeout: 180_000,
};
