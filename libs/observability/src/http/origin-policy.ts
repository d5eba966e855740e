import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/** What the policy reads of a request: its headers, and whether it came over TLS (a TLSSocket is `encrypted`). */
export interface OriginRequest {
  headers: IncomingHttpHeaders;
  socket?: object;
}

/**
 * Which browser origins may call the REST API and open sockets: the page's own origin always, others
 * only when CORS_ORIGINS lists them (`*` = any). Requests without an Origin header (non-browser clients)
 * are not a cross-origin risk and pass.
 *
 * The page's own origin is the one PUBLIC_ORIGINS names. Unset, it is the request's own scheme and host —
 * but only for a host no one else can point at this server: `localhost` or an IP address. A DNS name is
 * never believed from the Host header alone: another site's name, re-pointed at this server's address
 * (DNS rebinding), would otherwise pass as the page's own origin.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly publicOrigins: ReadonlySet<string>;

  constructor(
    origins: readonly string[],
    publicOrigins: readonly string[] = [],
    /** Behind a trusted proxy, the public scheme and host are in X-Forwarded-Proto and X-Forwarded-Host. */
    private readonly trustProxy = false,
  ) {
    this.allowed = new Set(origins);
    this.publicOrigins = new Set(publicOrigins);
  }

  /** Whether a request may proceed. */
  allows(req: OriginRequest): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return this.isOwnOrigin(origin, req) || this.allowsCrossOrigin(origin);
  }

  /** Whether `origin` is listed in CORS_ORIGINS (what the CORS headers answer). */
  allowsCrossOrigin(origin: string | undefined): boolean {
    if (!origin) return false;
    return this.allowed.has('*') || this.allowed.has(origin);
  }

  private isOwnOrigin(origin: string, req: OriginRequest): boolean {
    if (this.publicOrigins.size > 0) return this.publicOrigins.has(origin);
    const own = this.requestOrigin(req);
    if (!own || own.origin !== origin) return false;
    const hostname = own.hostname.replace(/^\[|\]$/g, '');
    return hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(hostname) !== 0;
  }

  /** scheme://host[:port] the request was made to, as the browser saw it. */
  private requestOrigin(req: OriginRequest): URL | null {
    const forwarded = (name: string) => {
      const value = this.trustProxy ? req.headers[name] : undefined;
      return typeof value === 'string' ? value.split(',')[0].trim() : undefined;
    };
    const host = forwarded('x-forwarded-host') ?? req.headers.host;
    const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
    const scheme = forwarded('x-forwarded-proto') ?? (encrypted ? 'https' : 'http');
    if (!host || (scheme !== 'http' && scheme !== 'https')) return null;
    try {
      return new URL(`${scheme}://${host.toLowerCase()}`);
    } catch {
      return null;
    }
  }
}
