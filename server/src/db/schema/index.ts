export * from './org.js';
export * from './users.js';
export * from './platform.js';
export * from './calendar.js';
export * from './rooms.js';
export * from './requests.js';
export * from './registry.js';
export * from './accounts.js';
