import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { APP_CONFIG, type AppConfig } from './core/app-config';

export function appConfig(config: AppConfig): ApplicationConfig {
  return {
    providers: [provideBrowserGlobalErrorListeners(), provideZonelessChangeDetection(), { provide: APP_CONFIG, useValue: config }],
  };
}
