export * from './key-space.js';
export * from './create-redis-client.js';
export * from './redis.tokens.js';
export * from './redis.module.js';
export * from './bus/bus-transport.js';
export * from './bus/bus-request.js';
export * from './bus/rpc-domain-error.filter.js';
export * from './define-script.js';
