/** One thing an app needs before it can take traffic (Redis, the bus, ...). Throws when not ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Multi-provider token: every ReadinessCheck an app registers. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
