export * from './app-config.js';
export * from './config-error.js';
export * from './load-config.js';
export * from './config.module.js';
export * from './boot/load-config-or-exit.js';
export * from './boot/require-redis.js';
export * from './redis-target.js';
