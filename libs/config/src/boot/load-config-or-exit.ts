import type { AppConfig } from '../app-config.js';
import { ConfigError } from '../config-error.js';
import { loadConfig, type AppRole } from '../load-config.js';

/** Boot-time config: every bad variable is named on stderr and the process exits non-zero. */
export function loadConfigOrExit(role: AppRole): AppConfig {
  try {
    return loadConfig(role);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`rendezvous ${role}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
