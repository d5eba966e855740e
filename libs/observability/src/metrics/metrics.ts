import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The project's Prometheus instruments (all `rendezvous_`), plus Node's default metrics, in one registry. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly connectedSockets = new Gauge({ name: 'rendezvous_connected_sockets', help: 'Sockets connected to this gateway', registers: [this.registry] });
  readonly activePairs = new Gauge({ name: 'rendezvous_active_pairs', help: 'Pairings currently live', registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'rendezvous_queue_depth', help: 'Guests waiting for a partner', registers: [this.registry] });
  readonly matchesTotal = new Counter({ name: 'rendezvous_matches_total', help: 'Pairings made', registers: [this.registry] });
  readonly timeToMatch = new Histogram({
    name: 'rendezvous_time_to_match_seconds',
    help: 'From joining the queue to being paired',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly relayLatency = new Histogram({
    name: 'rendezvous_relay_latency_seconds',
    help: 'Time the gateway spends validating and relaying one event',
    labelNames: ['event'],
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [this.registry],
  });
  readonly errorsTotal = new Counter({ name: 'rendezvous_errors_total', help: 'webrtc:error sent, by code', labelNames: ['code'], registers: [this.registry] });
  readonly rateLimitedTotal = new Counter({ name: 'rendezvous_rate_limited_total', help: 'Requests and events refused by a rate limit', labelNames: ['limit'], registers: [this.registry] });
  readonly busRequestFailures = new Counter({
    name: 'rendezvous_bus_request_failures_total',
    help: 'Requests to another service over the bus that got no answer: timeout (no reply before the deadline), unreachable (the bus itself failed) or error (the service failed inside)',
    labelNames: ['service', 'reason'],
    registers: [this.registry],
  });
  readonly redisCommandDuration = new Histogram({
    name: 'rendezvous_redis_command_duration_seconds',
    help: 'Redis command latency seen by this process',
    labelNames: ['command'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
