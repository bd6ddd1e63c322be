/** Jest projects: unit (pure), integration (HTTP + database; PGlite or, with TEST_DB=pg, a PostgreSQL server), e2e (real Chromium). */
const transform = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, resolveJsonModule: true, target: 'ES2022', types: ['node', 'jest'] }, diagnostics: false }],
};
// jose 6 ships ESM only; let ts-jest turn it into CommonJS for the test runtime.
const transformIgnorePatterns = ['/node_modules/(?!(jose)/)'];
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'] },
  ],
};
