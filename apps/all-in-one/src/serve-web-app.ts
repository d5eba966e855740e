import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheControlFor, looksLikeFile } from './web-cache-policy.js';

const BACKEND_PATH = /^\/(api|socket\.io|health)(\/|$)|^\/metrics$/;

/**
 * Serves the built Angular app at `/`: the build's precompressed .br/.gz (written by `npm run build:web`, never
 * compressed per request), hashed files cached for a year, index.html revalidated with its ETag. App routes (paths
 * without a file extension) get index.html; a missing file (an old `main-*.js` after a deploy) gets 404, never the app.
 */
export function serveWebApp(app: NestExpressApplication, configured: string | null): void {
  const log = new Logger('WebApp');
  const root = resolve(configured ?? join(process.cwd(), 'dist/web/browser'));
  if (!existsSync(join(root, 'index.html'))) {
    log.warn(`no web app at ${root} (run npm run build); serving the API only`);
    return;
  }
  if (!readdirSync(root).some((name) => name.endsWith('.br'))) log.warn(`the web app at ${root} is not precompressed (npm run build:web writes .br/.gz); serving it uncompressed`);
  const serveFile = expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: 'index.html',
    serveStatic: { setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControlFor(filePath)) },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || BACKEND_PATH.test(req.path)) return next();
    serveFile(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (looksLikeFile(req.path)) return res.status(404).type('text/plain').setHeader('Cache-Control', 'no-store').send('Not found');
      if (!req.accepts('html')) return next();
      req.url = '/index.html';
      serveFile(req, res, next);
    });
  });
}
