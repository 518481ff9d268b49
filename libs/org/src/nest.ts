export * from './infrastructure/org.store.js';
export * from './org.module.js';
export * from './application/org.queries.js';
export * from './application/routing-rules.commands.js';
export * from './application/directory.commands.js';
export * from './application/sign-in.js';
export * from './application/ports.js';
export * from './infrastructure/in-memory-org.repositories.js';
