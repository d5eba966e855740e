import { Injectable, inject, signal } from '@angular/core';
import type { GuestView, SessionResponse } from '@rendezvous/contracts';
import { LOCAL_STORAGE, SESSION_STORAGE, TIMERS, WINDOW } from '../core/browser-tokens';
import { SessionApi } from './session-api';

const SESSION_KEY = 'rendezvous.session';
const DEVICE_KEY = 'rendezvous.deviceId';
/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;

interface StoredSession {
  token: string;
  expiresAt: number;
  guest: GuestView;
}

export type TokenChange = 'refreshed' | 'renewed';

/**
 * The guest session: created on start, kept in sessionStorage (one guest per tab),
 * refreshed before it expires, renewed (a new guest) when it is gone.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly api = inject(SessionApi);
  private readonly local = inject(LOCAL_STORAGE);
  private readonly store = inject(SESSION_STORAGE);
  private readonly timers = inject(TIMERS);
  private readonly win = inject(WINDOW);
  private refreshTimer: unknown = null;
  private current: StoredSession | null = null;
  private readonly listeners: ((change: TokenChange) => void)[] = [];

  readonly guest = signal<GuestView | null>(null);
  readonly notice = signal<string | null>(null);

  get token(): string | null {
    return this.current?.token ?? null;
  }

  onTokenChange(listener: (change: TokenChange) => void): void {
    this.listeners.push(listener);
  }

  /** Reuses this tab's session when it is still alive, otherwise creates one. */
  async start(): Promise<void> {
    const stored = this.readStored();
    if (stored && stored.expiresAt > Date.now() + 1_000) {
      try {
        // Proves the session is alive and gives a fresh token for the same guest (a reload keeps the pairing).
        this.use(this.toStored(await this.api.refresh(stored.token)));
        return;
      } catch {
        // Gone on the server: make a new one.
      }
    }
    this.use(this.toStored(await this.api.create({ deviceId: this.deviceId() })));
  }

  /** A new guest session (the old one expired or was rejected); tells the person. */
  async renew(reason: string): Promise<void> {
    this.use(this.toStored(await this.api.create({ deviceId: this.deviceId() })));
    this.notice.set(reason);
    this.listeners.forEach((listener) => listener('renewed'));
  }

  async refresh(): Promise<void> {
    const token = this.token;
    if (!token) return;
    try {
      this.use(this.toStored(await this.api.refresh(token)));
      this.listeners.forEach((listener) => listener('refreshed'));
    } catch {
      await this.renew('Your session expired, so you have a new guest name.');
    }
  }

  private use(session: StoredSession): void {
    this.current = session;
    this.guest.set(session.guest);
    try {
      this.store?.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      // Storage full or disabled: the session still works for this page.
    }
    this.scheduleRefresh(session.expiresAt - Date.now());
  }

  private scheduleRefresh(msLeft: number): void {
    if (this.refreshTimer !== null) this.timers.clearTimeout(this.refreshTimer);
    const delay = Math.max(MIN_REFRESH_DELAY_MS, Math.min(msLeft - REFRESH_MARGIN_MS, msLeft * 0.8));
    this.refreshTimer = this.timers.setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh().catch(() => this.notice.set('Could not refresh your session. Reload the page if chat stops working.'));
    }, delay);
  }

  private toStored(response: SessionResponse): StoredSession {
    return { token: response.token, expiresAt: Date.now() + response.expiresIn * 1000, guest: response.guest };
  }

  private readStored(): StoredSession | null {
    try {
      const raw = this.store?.getItem(SESSION_KEY);
      const parsed = raw ? (JSON.parse(raw) as StoredSession) : null;
      return parsed && typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number' ? parsed : null;
    } catch {
      return null;
    }
  }

  private deviceId(): string {
    const existing = this.local?.getItem(DEVICE_KEY);
    if (existing) return existing;
    const id = this.win.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    try {
      this.local?.setItem(DEVICE_KEY, id);
    } catch {
      // No storage: a fresh id per page.
    }
    return id;
  }
}
