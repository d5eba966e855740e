export * from './events.js';
export * from './error-codes.js';
export * from './guest.js';
export * from './payloads.js';
export * from './event-map.js';
export * from './limits.js';
export * from './file-extension.js';
export * from './domain-error.js';
