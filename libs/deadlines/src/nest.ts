// Nest/Prisma side of the deadlines lib, kept apart so the domain entry point stays framework-free.
export * from './infrastructure/calendar.store.js';
export * from './deadlines.module.js';
export * from './application/deadline.queries.js';
export * from './application/calendar.commands.js';
export * from './application/policy.commands.js';
export * from './application/calendar-notice.commands.js';
export * from './infrastructure/notice-document.js';
export * from './application/engine/clock-subject.js';
export * from './application/engine/clock-subjects.js';
export * from './application/engine/fire-rungs.handler.js';
export * from './infrastructure/rung-claim.js';
export * from './application/engine/recompute-deadlines.handler.js';
export * from './application/engine/rung-timers.js';
export * from './application/engine/live-clocks.js';
export * from './application/engine/clock-arming.js';
export * from './infrastructure/prisma-live-clocks.js';
export * from './application/ports.js';
