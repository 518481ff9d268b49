export * from './domain/plan-parser.js';
export * from './domain/unit-matcher.js';
export * from './domain/reporting.js';
export * from './domain/assignment.js';
export * from './domain/indicators.js';
export * from './domain/task.errors.js';
