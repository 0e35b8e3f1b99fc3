import { createDefaultEsmPreset } from 'ts-jest'

/** Jest runs the TypeScript sources as ESM; `tsc --noEmit` (npm run typecheck) does the type checking. */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }),
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Most suites wait on spawned processes and loopback servers, not on CPU: one worker per core (jest's
  // default leaves one core idle) halves the run; more workers than cores starve each other.
  maxWorkers: '100%',
  clearMocks: true,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/']
}
