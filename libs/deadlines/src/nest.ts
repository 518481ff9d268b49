// Nest/Prisma side of the deadlines lib, kept apart so the domain entry point stays framework-free.
export * from './infrastructure/calendar.store.js';
export * from './deadlines.module.js';
export * from './application/deadline.queries.js';
export * from './application/calendar.commands.js';
export * from './application/policy.commands.js';
export * from './application/calendar-notice.commands.js';
export * from './infrastructure/notice-document.js';
export * from './application/ports.js';
