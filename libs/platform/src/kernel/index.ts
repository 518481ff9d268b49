export * from './domain-error.js';
export * from './clock.js';
