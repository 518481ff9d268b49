export * from './domain/plan-parser.js';
export * from './domain/unit-matcher.js';
