export * from './kernel/index.js';
export * from './config/env.js';
export * from './prisma/prisma.service.js';
export * from './outbox/outbox.js';
export * from './queue/jobs.js';
export * from './db/migrator.js';
export * from './platform.module.js';
export * from './db/notified-loop.js';
