/** DI token of the shared command connection. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
