/**
 * Jest transform for the one CommonJS package that requires Nest's ESM-only packages: @nestjs/throttler.
 * Node ≥ 20.19 lets CommonJS require ESM, but Jest's own module loader does not (before Node 24.9), so
 * its `require("@nestjs/common")` / `require("@nestjs/core")` are pointed at the very ESM module instances
 * the test imported (see esm-bridge.setup.mjs). Only this package is transformed; the code is the real one.
 */
const BRIDGED = ['@nestjs/common', '@nestjs/core'];

module.exports = {
  process(source) {
    let code = source;
    for (const name of BRIDGED) {
      code = code.split(`require("${name}")`).join(`globalThis[Symbol.for('rendezvous.jest.esm')][${JSON.stringify(name)}]`);
    }
    return { code };
  },
};
