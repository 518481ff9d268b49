export * from './sms.js';
export * from './deliver-sms.js';
export * from './sms.providers.js';
export * from './infrastructure/demo-sms.sender.js';
export * from './infrastructure/http-sms.sender.js';
export * from './list-messages.query.js';
