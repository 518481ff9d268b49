export * from './test-db.js';
export * from './fixtures.js';
