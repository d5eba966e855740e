import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { loadAppConfig } from './app/core/app-config';

loadAppConfig(window)
  .then((config) => bootstrapApplication(AppComponent, appConfig(config)))
  .catch(() => {
    document.body.textContent = 'Rendezvous could not start. Please reload the page.';
  });
