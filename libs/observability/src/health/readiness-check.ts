/** One of this pod's own connections it needs before it can take traffic (its Redis). Never another service. Throws when not ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Multi-provider token: every ReadinessCheck an app registers. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
