import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownState } from '../shutdown/shutdown-state.js';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check.js';

/**
 * `/health/live`: the process answers (nothing else: a Redis outage must not get pods restarted).
 * `/health/ready`: this pod can serve: its own connections answer (its ReadinessChecks, e.g. its Redis)
 * and it is not draining. Never another service's health: one dead service would otherwise turn every
 * pod that calls it unready, and the whole site dark with it.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    if (this.shutdown.draining) throw new ServiceUnavailableException({ status: 'error', error: { shutdown: { status: 'down', message: 'draining' } } });
    return this.health.check(this.checks.map((check) => () => this.run(check)));
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    try {
      await check.check();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
