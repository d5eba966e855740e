import { InjectionToken } from '@angular/core';
import { FileLimits } from '@rendezvous/contracts';

/** Runtime configuration, read from `window.__RENDEZVOUS_CONFIG__` or `config.json` next to index.html. */
export interface AppConfig {
  /** Base URL of the REST API; '' = same origin (embedded mode). */
  apiBaseUrl: string;
  /** Socket.IO server URL; '' = same origin. */
  socketUrl: string;
  socketPath: string;
  /** Unanswered-offer timeout, the backend's CALL_TIMEOUT_MS (the incoming-call countdown). */
  callTimeoutMs: number;
  /** ICE connection timeout before one restart, then giving up. */
  iceTimeoutMs: number;
  /** How long the socket may try to reconnect before we give up. */
  reconnectWindowMs: number;
  /** Exposes `window.__rendezvous` for the browser tests. Off unless configured. */
  testHooks: boolean;
  /** Largest file offered for upload, the backend's FILE_MAX_BYTES (larger ones are refused before uploading). */
  fileMaxBytes: number;
}

export const DEFAULT_CONFIG: AppConfig = {
  apiBaseUrl: '',
  socketUrl: '',
  socketPath: '/socket.io',
  callTimeoutMs: 30_000,
  iceTimeoutMs: 15_000,
  reconnectWindowMs: 20_000,
  testHooks: false,
  fileMaxBytes: FileLimits.defaultMaxBytes,
};

export const APP_CONFIG = new InjectionToken<AppConfig>('APP_CONFIG', { factory: () => DEFAULT_CONFIG });

function pick(raw: Record<string, unknown>): Partial<AppConfig> {
  const out: Partial<AppConfig> = {};
  const str = (k: 'apiBaseUrl' | 'socketUrl' | 'socketPath') => typeof raw[k] === 'string' && (out[k] = (raw[k] as string).replace(/\/$/, ''));
  const n = (k: 'callTimeoutMs' | 'iceTimeoutMs' | 'reconnectWindowMs' | 'fileMaxBytes') => typeof raw[k] === 'number' && raw[k] > 0 && (out[k] = raw[k] as number);
  str('apiBaseUrl');
  str('socketUrl');
  str('socketPath');
  n('callTimeoutMs');
  n('iceTimeoutMs');
  n('reconnectWindowMs');
  n('fileMaxBytes');
  if (typeof raw['testHooks'] === 'boolean') out.testHooks = raw['testHooks'];
  return out;
}

declare global {
  interface Window {
    __RENDEZVOUS_CONFIG__?: Record<string, unknown>;
  }
}

/** Reads the runtime config; a missing or broken config.json means the defaults (same origin). */
export async function loadAppConfig(win: Window): Promise<AppConfig> {
  let raw: Record<string, unknown> = {};
  try {
    const response = await win.fetch('config.json', { cache: 'no-store' });
    if (response.ok) raw = (await response.json()) as Record<string, unknown>;
  } catch {
    // No config.json: defaults.
  }
  return { ...DEFAULT_CONFIG, ...pick(raw), ...pick(win.__RENDEZVOUS_CONFIG__ ?? {}) };
}
