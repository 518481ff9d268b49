export * from './cases.module.js';
export * from './application/case-workflow.js';
export * from './application/commands/register-case.handler.js';
export * from './application/commands/case-actions.handler.js';
export * from './application/commands/mark-deadline-overdue.handler.js';
export * from './application/queries/case.queries.js';
export * from './application/queries/case.views.js';
