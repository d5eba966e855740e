import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OriginPolicy } from './origin-policy.js';

/**
 * CORS for the listed origins, and a 403 for any request a browser sends from an origin that is
 * neither the page's own nor listed — CORS alone only hides the response, and a "simple" POST would
 * still reach the handler.
 */
export function configureOrigins(app: INestApplication, policy: OriginPolicy): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (policy.allows(req)) return next();
    res.status(403).json({ statusCode: 403, code: 'FORBIDDEN_ORIGIN', message: 'Requests from this origin are not allowed' });
  });
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) => callback(null, policy.allowsCrossOrigin(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
}
