/** What a banned guest is told: that it is banned, why, and for how long. */
export function banMessage(bannedUntil: number, now: number): string {
  return `You are banned from Rendezvous for ${describeDuration(bannedUntil - now)} after reports from other guests.`;
}

/** "2 h 5 min", "12 min", "40 s". */
export function describeDuration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
