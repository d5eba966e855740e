// The ESM modules esm-require-bridge.cjs hands to CommonJS requires, loaded in each test file's own registry.
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

globalThis[Symbol.for('rendezvous.jest.esm')] = { '@nestjs/common': common, '@nestjs/core': core };
