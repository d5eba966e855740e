import { InjectionToken, inject } from '@angular/core';
import { APP_CONFIG } from './app-config';

/**
 * Records that a step of "Start → first remote frame" happened: a User Timing mark `rdv:<step>` (names only,
 * never data). Only with `testHooks` (the browser benchmark reads them with performance.getEntriesByType('mark'));
 * otherwise a no-op.
 */
export type PerfMark = (step: string) => void;

export const noPerfMarks: PerfMark = () => undefined;

export const PERF_MARK = new InjectionToken<PerfMark>('PERF_MARK', {
  factory: () => {
    const enabled = inject(APP_CONFIG).testHooks && typeof performance !== 'undefined' && typeof performance.mark === 'function';
    return enabled ? (step) => void performance.mark(`rdv:${step}`) : noPerfMarks;
  },
});
