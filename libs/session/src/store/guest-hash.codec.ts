import type { GuestUser } from '@rendezvous/contracts';

/** GuestUser ⇄ Redis hash fields: strings as they are, everything else as JSON. */
export function encodeGuest(guest: Partial<GuestUser>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(guest)) {
    if (value === undefined) continue;
    fields[key] = JSON.stringify(value);
  }
  return fields;
}

export function decodeGuest(fields: Record<string, string>): GuestUser | null {
  if (!fields.id) return null;
  const guest: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) guest[key] = JSON.parse(raw);
  return guest as unknown as GuestUser;
}
