import { createDefaultEsmPreset } from 'ts-jest'

/** Jest runs the TypeScript sources as ESM; `tsc --noEmit` (npm run typecheck) does the type checking. */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }),
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Most suites wait on spawned processes and loopback servers, not on CPU: more workers than cores pays.
  maxWorkers: '150%',
  clearMocks: true,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/']
}
