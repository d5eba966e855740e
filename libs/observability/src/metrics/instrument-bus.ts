import type { ClientProxy } from '@nestjs/microservices';
import { ErrorCodes } from '@rendezvous/contracts';
import { Observable } from 'rxjs';
import type { Metrics } from './metrics.js';

export type BusFailureReason = 'timeout' | 'unreachable' | 'error';

/**
 * Why a request got no usable answer, or null when the service answered (a DomainError such as
 * NOT_CONNECTED is an answer: the service is up and said no).
 */
function failureOf(error: unknown): BusFailureReason | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (Object.values(ErrorCodes) as string[]).includes(code)) return code === ErrorCodes.ServiceUnavailable ? 'error' : null;
  return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable';
}

/** The methods of a bus client that start a request or event and return its outcome as an Observable. */
const SENDING_METHODS = ['send', 'emit', 'request'] as const;

/**
 * Counts, per target service, the requests this process sends over the bus that get no answer, in
 * `rendezvous_bus_request_failures_total{service, reason}`. A caller that stops waiting (its deadline ran
 * out) counts as a timeout. This is how a dead or overloaded downstream service shows: in metrics and in
 * the callers' SERVICE_UNAVAILABLE errors, never as this pod turning unready. Wraps the client's own
 * methods (ClientProxy's send and emit, and the Streams bus client's request), whatever calls them.
 */
export function instrumentBus(client: ClientProxy, service: string, metrics: Metrics): void {
  for (const reason of ['timeout', 'unreachable', 'error'] satisfies BusFailureReason[]) metrics.busRequestFailures.inc({ service, reason }, 0);
  const count = (reason: BusFailureReason | null) => reason && metrics.busRequestFailures.inc({ service, reason });
  const watch =
    (start: (...args: unknown[]) => Observable<unknown>) =>
    (...args: unknown[]): Observable<unknown> =>
      new Observable((subscriber) => {
        let settled = false;
        const inner = start(...args).subscribe({
          next: (value) => {
            settled = true;
            subscriber.next(value);
          },
          error: (error: unknown) => {
            settled = true;
            count(failureOf(error));
            subscriber.error(error);
          },
          complete: () => {
            settled = true;
            subscriber.complete();
          },
        });
        return () => {
          if (!settled) count('timeout');
          inner.unsubscribe();
        };
      });
  const methods = client as unknown as Record<string, unknown>;
  for (const name of SENDING_METHODS) {
    const method = methods[name];
    if (typeof method === 'function') methods[name] = watch(method.bind(client) as (...args: unknown[]) => Observable<unknown>);
  }
}
