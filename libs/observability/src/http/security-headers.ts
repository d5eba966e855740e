import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * The one inline event handler the page has, allowed by its hash: the Angular build inlines the critical
 * CSS (the app shell paints before the stylesheet loads) and loads the rest as
 * `<link rel="stylesheet" media="print" onload="this.media='all'">`. No other handler or inline script runs.
 */
export const ANGULAR_STYLESHEET_ONLOAD = 'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc=';

/**
 * The page's Content-Security-Policy, as directives. Scripts only from the app's own origin (no inline
 * script, nothing injected can run; of inline handlers only the stylesheet's onload above); styles also inline (Angular puts component styles in <style>
 * elements); images and media also from blob: (a shared image's preview) and data: (the favicon);
 * connections only to the app's own origin and its websocket; no plugins; nobody may frame the page.
 * deploy/nginx/security-headers.conf sends the same policy (the browser tests check both).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'unsafe-hashes'", `'${ANGULAR_STYLESHEET_ONLOAD}'`],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** Camera and microphone for the page itself only; nothing else it does not use. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()';

/**
 * Security headers on every answer (helmet): the CSP above plus `connect-src` for the request's own host
 * (its websocket too), `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, `nosniff`, the
 * Permissions-Policy, and no `X-Powered-By`. A route may set a stricter CSP of its own (file downloads do).
 */
export function useSecurityHeaders(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as { disable(name: string): void };
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          ...CONTENT_SECURITY_POLICY,
          'connect-src': ["'self'", (req) => ownWebSocketOrigins((req as Request).headers.host)],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });
}

/** `ws://host wss://host` of the host the browser asked for ('self' covers these in CSP level 3; older browsers need them). */
function ownWebSocketOrigins(host: string | undefined): string {
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `ws://${host} wss://${host}` : '';
}
