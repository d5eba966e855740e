import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@rendezvous/config';
import { exitOnSignal } from '@rendezvous/observability';
import { createAllInOneApp } from './create-all-in-one-app.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('all-in-one');
  const app = await createAllInOneApp(config);
  exitOnSignal(app);
  await app.listen(config.port, config.host);
  new Logger('AllInOne').log(`Rendezvous (embedded) listening on http://${config.host}:${config.port}`);
}

void bootstrap();
