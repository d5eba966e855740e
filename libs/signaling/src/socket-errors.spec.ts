import { describe, expect, it } from '@jest/globals';
import { ErrorCodes, ServerEvents } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { SocketErrors } from './socket-errors.js';
import type { RendezvousSocket } from './socket-types.js';

function fakeSocket(): { socket: RendezvousSocket; sent: unknown[][] } {
  const sent: unknown[][] = [];
  return { socket: { emit: (...args: unknown[]) => sent.push(args) } as unknown as RendezvousSocket, sent };
}

describe('SocketErrors', () => {
  it('sends webrtc:error to the socket and counts it by code', async () => {
    const metrics = new Metrics();
    const { socket, sent } = fakeSocket();
    new SocketErrors(metrics).send(socket, ErrorCodes.InvalidPayload, 'bad', 'chat:message');
    expect(sent).toEqual([[ServerEvents.Error, { code: 'INVALID_PAYLOAD', message: 'bad', event: 'chat:message' }]]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^rendezvous_errors_total\{code="INVALID_PAYLOAD"\} 1$/m);
    expect(text).not.toMatch(/^rendezvous_rate_limited_total\{/m);
  });

  it('counts a RATE_LIMITED refusal in rendezvous_rate_limited_total by event', async () => {
    const metrics = new Metrics();
    const errors = new SocketErrors(metrics);
    const { socket } = fakeSocket();
    errors.send(socket, ErrorCodes.RateLimited, 'slow down', 'chat:message');
    errors.send(socket, ErrorCodes.RateLimited, 'slow down', 'chat:message');
    errors.send(socket, ErrorCodes.RateLimited, 'slow down');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^rendezvous_rate_limited_total\{limit="chat:message"\} 2$/m);
    expect(text).toMatch(/^rendezvous_rate_limited_total\{limit="socket"\} 1$/m);
    expect(text).toMatch(/^rendezvous_errors_total\{code="RATE_LIMITED"\} 3$/m);
  });
});
