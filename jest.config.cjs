const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(__dirname + '/.swcrc.jest.json', 'utf8'));
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/prisma'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 120000,
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  transform: { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^#platform$': '<rootDir>/libs/platform/src/index.ts',
    '^#kernel$': '<rootDir>/libs/platform/src/kernel/index.ts',
    '^#deadlines$': '<rootDir>/libs/deadlines/src/index.ts',
    '^#cases$': '<rootDir>/libs/cases/src/index.ts',
    '^#org$': '<rootDir>/libs/org/src/index.ts',
    '^#contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^#tasks$': '<rootDir>/libs/tasks/src/index.ts',
    '^#testing$': '<rootDir>/libs/testing/src/index.ts',
    '^#(deadlines|org|cases|tasks)-nest$': '<rootDir>/libs/$1/src/nest.ts',
    '^#analytics$': '<rootDir>/libs/analytics/src/index.ts',
    '^#analytics-nest$': '<rootDir>/libs/analytics/src/nest.ts',
    '^#prisma-client$': '<rootDir>/prisma/generated/client.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
