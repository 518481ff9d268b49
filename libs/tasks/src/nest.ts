// Nest/Prisma side of the tasks lib, kept apart so the domain entry point (#tasks) stays framework-free.
export * from './tasks.module.js';
export * from './infrastructure/task-directory.js';
export * from './application/commands/import-plan.handler.js';
export * from './application/commands/progress.handler.js';
export * from './application/commands/set-task-schedule.handler.js';
export * from './infrastructure/report-due-clock.subject.js';
export * from './application/report-due-reprojection.js';
export * from './application/queries/task.queries.js';
export * from './application/ports.js';
