import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import { compilerOptions } from './tsconfig.json';

// Path aliases come from tsconfig.json, where `nest generate library` adds them, so new libraries
// resolve in tests without edits here; specs are found anywhere under apps/, libs/ and tools/.
const shared: Config = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
};

const config: Config = {
  testTimeout: 180_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.e2e-spec.ts'],
    },
  ],
};

export default config;
