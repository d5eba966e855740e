import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Serves the built Angular app at `/` (and index.html for its client-side routes). */
export function serveWebApp(app: NestExpressApplication, configured: string | null): void {
  const root = resolve(configured ?? join(process.cwd(), 'dist/web/browser'));
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`no web app at ${root} (run npm run build); serving the API only`);
    return;
  }
  app.useStaticAssets(root, { index: 'index.html', maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const apiPath = req.path.startsWith('/api/') || req.path.startsWith('/socket.io') || req.path.startsWith('/health') || req.path === '/metrics';
    if (req.method !== 'GET' || apiPath || !req.accepts('html')) return next();
    res.sendFile(index);
  });
}
