import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { StrictValidationPipe } from './strict-validation.pipe.js';

/** What every HTTP app shares: JSON logs and strict body validation (400 naming the field). */
export function configureHttpApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new StrictValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
}
