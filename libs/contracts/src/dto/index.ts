import 'reflect-metadata';
export * from './chat.dto.js';
export * from './moderation.dto.js';
export * from './session.dto.js';
export * from './signaling.dto.js';
export * from './sdp.validator.js';
export * from './validate-payload.js';
