// DTO types of the HTTP API (/api/v1) and the Chinese labels the console shows for its codes.
// Pure types and constant maps: no runtime dependencies, safe to import from the browser and from Node.
export * from './api.js';
export * from './ops.js';
export * from './labels.js';
export * from './casefiles.js';
export * from './input.js';
export * from './disclosure.js';
export * from './odr.js';
