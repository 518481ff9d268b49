// Nest/Prisma side of the analytics lib; the domain entry point (#analytics) stays framework-free.
export * from './analytics.module.js';
export * from './application/analytics.queries.js';
export * from './application/analytics.commands.js';
export * from './application/disclosure.ports.js';
export * from './application/disclosure.handlers.js';
export * from './infrastructure/indicator.store.js';
export * from './infrastructure/hotspot.store.js';
export * from './infrastructure/rollup.processor.js';
export * from './infrastructure/analysis-report.scheduler.js';
export * from './infrastructure/analysis-report.render.js';
export * from './infrastructure/naive.sql.js';
export * from './application/ports.js';
