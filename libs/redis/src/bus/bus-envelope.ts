import type { PacketMetadata } from '@nestjs/microservices';

/**
 * A request as it sits in a service's stream. `id` and `reply` are absent for an event (no answer);
 * `deadline` is the epoch ms after which the request is dropped unexecuted, 0 for a request that is
 * applied whenever a replica gets to it (a guest leaving, a socket gone).
 */
export interface BusRequestEnvelope {
  id: string | null;
  pattern: string;
  data: unknown;
  reply: string | null;
  deadline: number;
  metadata?: PacketMetadata;
}

/** A reply as it sits in a client's reply stream. */
export interface BusReplyEnvelope {
  id: string;
  err?: unknown;
  response?: unknown;
}

export function encodeRequest(request: BusRequestEnvelope): string[] {
  const fields = ['pattern', request.pattern, 'data', JSON.stringify(request.data ?? null), 'deadline', String(request.deadline)];
  if (request.id !== null && request.reply !== null) fields.push('id', request.id, 'reply', request.reply);
  if (request.metadata && Object.keys(request.metadata).length > 0) fields.push('meta', JSON.stringify(request.metadata));
  return fields;
}

/** Throws on an entry that is not a request of this bus. */
export function decodeRequest(raw: string[]): BusRequestEnvelope {
  const fields = pairs(raw);
  const pattern = fields.get('pattern');
  const data = fields.get('data');
  if (pattern === undefined || data === undefined) throw new Error('not a bus request');
  const deadline = Number(fields.get('deadline') ?? 0);
  return {
    id: fields.get('id') ?? null,
    pattern,
    data: JSON.parse(data) as unknown,
    reply: fields.get('reply') ?? null,
    deadline: Number.isFinite(deadline) ? deadline : 0,
    metadata: fields.has('meta') ? (JSON.parse(fields.get('meta')!) as PacketMetadata) : undefined,
  };
}

export function encodeReply(reply: BusReplyEnvelope): string[] {
  return ['id', reply.id, 'body', JSON.stringify({ err: reply.err, response: reply.response })];
}

export function decodeReply(raw: string[]): BusReplyEnvelope | null {
  const fields = pairs(raw);
  const id = fields.get('id');
  const body = fields.get('body');
  if (id === undefined || body === undefined) return null;
  const { err, response } = JSON.parse(body) as { err?: unknown; response?: unknown };
  return { id, err, response };
}

function pairs(raw: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) fields.set(raw[i], raw[i + 1]);
  return fields;
}
