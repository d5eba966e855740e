import { Injectable, inject } from '@angular/core';
import { HttpRoutes, type CreateSessionRequest, type IceConfigResponse, type SessionResponse } from '@rendezvous/contracts';
import { APP_CONFIG } from '../core/app-config';
import { FETCH } from '../core/browser-tokens';

export class ApiError extends Error {
  /** The server's `{code, message}`, when it sent one (e.g. BANNED, RATE_LIMITED). */
  constructor(readonly status: number, message: string, readonly code: string | null = null) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The session REST API (`/api/sessions`, `/api/config/ice`). */
@Injectable({ providedIn: 'root' })
export class SessionApi {
  private readonly fetch = inject(FETCH);
  private readonly base = inject(APP_CONFIG).apiBaseUrl;

  create(body: CreateSessionRequest): Promise<SessionResponse> {
    return this.request<SessionResponse>('POST', HttpRoutes.sessions, null, body);
  }

  refresh(token: string): Promise<SessionResponse> {
    return this.request<SessionResponse>('POST', HttpRoutes.sessionsRefresh, token);
  }

  /** The ICE servers (TURN with this guest's credential) and whether calls may or must go through a relay. */
  async iceConfig(token: string): Promise<Pick<IceConfigResponse, 'iceServers' | 'iceTransportPolicy' | 'relayAvailable'>> {
    const body = await this.request<Partial<IceConfigResponse>>('GET', HttpRoutes.iceConfig, token);
    return {
      iceServers: Array.isArray(body.iceServers) ? body.iceServers : [],
      iceTransportPolicy: body.iceTransportPolicy === 'relay' ? 'relay' : 'all',
      relayAvailable: body.relayAvailable === true,
    };
  }

  private async request<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
      const code = typeof body?.code === 'string' ? body.code : null;
      const message = code && typeof body?.message === 'string' ? body.message : `${method} ${path} failed with ${response.status}`;
      throw new ApiError(response.status, message, code);
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }
}
