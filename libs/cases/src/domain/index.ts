export * from './case.js';
export * from './case.errors.js';
export * from './grounds.js';
export * from './parties.js';
export * from './handoffs.js';
export * from './hints.js';
export * from './rung.js';
export * from './cohandling.js';
