export * from './test-db.js';
export * from './fixtures.js';
export * from './case-world.js';
export * from './fake-http.js';
