export * from './counters.js';
export * from './indicators.js';
export * from './fold.js';
export * from './periods.js';
export * from './rollup.js';
export * from './analytics.errors.js';
export * from './hotspots.js';
export * from './analysis-report.js';
