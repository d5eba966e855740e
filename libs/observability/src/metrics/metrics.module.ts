import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** One Metrics registry per application; libraries import this module to record into it. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
