import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '@rendezvous/config';
import { HealthController } from './health/health.controller.js';
import { READINESS_CHECKS, type ReadinessCheck } from './health/readiness-check.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { ShutdownState } from './shutdown/shutdown-state.js';

export interface ObservabilityOptions {
  app: 'all-in-one' | 'gateway' | 'session' | 'matchmaking';
  /** Readiness checks of this app: providers whose factories return ReadinessCheck. */
  readiness: Array<{ useFactory: (...args: any[]) => ReadinessCheck; inject?: any[] }>;
}

/**
 * Logs, `/metrics`, `/health/live`, `/health/ready` and the draining flag — the same in every app.
 * /metrics: on METRICS_PORT when it is set (MetricsServer), else on the app's own port in the distributed
 * apps only (the shipped proxies never route to it); the embedded app's port is public, so it has none there.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig, options: ObservabilityOptions): DynamicModule {
    const checkTokens = options.readiness.map((_, i) => Symbol(`READINESS_CHECK_${i}`));
    const checkProviders: Provider[] = options.readiness.map((factory, i) => ({ provide: checkTokens[i], ...factory }));
    return {
      module: ObservabilityModule,
      imports: [LoggingModule.forRoot(config, options.app), TerminusModule.forRoot({ logger: false }), MetricsModule],
      controllers: [HealthController, ...(config.metricsPort === null && config.mode === 'distributed' ? [MetricsController] : [])],
      providers: [
        ShutdownState,
        MetricsServer,
        ...checkProviders,
        { provide: READINESS_CHECKS, useFactory: (...checks: ReadinessCheck[]) => checks, inject: checkTokens },
      ],
      exports: [ShutdownState],
    };
  }
}
