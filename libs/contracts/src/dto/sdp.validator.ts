import { registerDecorator, type ValidationOptions } from 'class-validator';
import { WireLimits } from '../limits.js';

/** A plausible SDP: starts with `v=0`, has at least one media section, under the size cap. */
export function isPlausibleSdp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (Buffer.byteLength(value, 'utf8') > WireLimits.sdpMaxBytes) return false;
  return value.startsWith('v=0') && /(^|\r?\n)m=/.test(value);
}

export function IsPlausibleSdp(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPlausibleSdp',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be an SDP that starts with v=0, has an m= line and is at most ${WireLimits.sdpMaxBytes} bytes`,
        ...options,
      },
      validator: { validate: isPlausibleSdp },
    });
}

export function MaxBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxBytes',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [max],
      options: { message: `$property must be at most ${max} bytes`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= max },
    });
}
