import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { AppConfig } from '../app-config.js';

/** What every HTTP app shares: strict body validation (400 naming the field) and shutdown hooks. */
export function configureHttpApp(app: INestApplication, _config: AppConfig): void {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
}
