export * from './vocabulary.js';
export * from './routing.js';
export * from './unit-tree.js';
export * from './access.js';
export * from './routing-admin.js';
export * from './confidentiality.js';
export * from './duties.js';
export * from './credentials.js';
