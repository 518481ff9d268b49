export * from './china-time.js';
export * from './calendar.js';
export * from './period.js';
export * from './policy.js';
export * from './chinese-days-import.js';
export * from './clock.js';
export * from './calendar-import.js';
export * from './ladder.js';
