import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser origins may call the REST API and open sockets: the page's own origin always, others
 * only when CORS_ORIGINS lists them (`*` = any). Requests without an Origin header (non-browser
 * clients, same-origin GETs) are not a cross-origin risk and pass.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    origins: readonly string[],
    /** Behind a trusted proxy, the public host is in X-Forwarded-Host. */
    private readonly trustForwardedHost = false,
  ) {
    this.allowed = new Set(origins);
  }

  /** Whether a request with these headers may proceed. */
  allows(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin;
    if (origin === undefined) return true;
    return this.isSameOrigin(origin, headers) || this.allowsCrossOrigin(origin);
  }

  /** Whether `origin` is listed in CORS_ORIGINS (what the CORS headers answer). */
  allowsCrossOrigin(origin: string | undefined): boolean {
    if (!origin) return false;
    return this.allowed.has('*') || this.allowed.has(origin);
  }

  private isSameOrigin(origin: string, headers: IncomingHttpHeaders): boolean {
    const forwarded = this.trustForwardedHost ? headers['x-forwarded-host'] : undefined;
    const host = (typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : undefined) ?? headers.host;
    if (!host) return false;
    try {
      return new URL(origin).host === host.toLowerCase();
    } catch {
      return false;
    }
  }
}
