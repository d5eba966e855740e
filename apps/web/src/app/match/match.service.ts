import { Injectable, inject, signal } from '@angular/core';
import { TIMERS } from '../core/browser-tokens';
import { PERF_MARK } from '../core/perf-marks';
import { ClientEvents, ErrorCodes, ServerEvents, type MatchEndReason, type PartnerView, type PresenceStats, type ReportReason } from '@rendezvous/contracts';
import { CallService } from '../call/call.service';
import { ChatService } from '../chat/chat.service';
import { SocketService } from '../socket/socket.service';

/** idle: landing; searching: in the queue; matched: with a partner; ended: the partner left, chat still shown. */
export type MatchPhase = 'idle' | 'searching' | 'matched' | 'ended';

const END_WORDS: Record<MatchEndReason, string | null> = {
  'partner-next': 'Your partner moved on to someone else.',
  'partner-left': 'Your partner left the chat.',
  'partner-disconnected': 'Your partner lost their connection.',
  'session-ended': 'Your session ended.',
  reported: 'You reported your partner. You will not be matched with them again.',
  blocked: 'You blocked your partner. You will not be matched with them again.',
  next: null,
  left: null,
};

/** How long to wait, after reconnecting, for the server to restore the pairing. */
const RESTORE_WAIT_MS = 5_000;

/** Finding a partner: join / leave / next, and what the server says about the pairing. */
@Injectable({ providedIn: 'root' })
export class MatchService {
  private readonly socket = inject(SocketService);
  private readonly chat = inject(ChatService);
  private readonly call = inject(CallService);
  private readonly timers = inject(TIMERS);
  private readonly mark = inject(PERF_MARK);
  private interests: string[] = [];
  private restoreTimer: unknown = null;

  readonly phase = signal<MatchPhase>('idle');
  readonly partner = signal<PartnerView | null>(null);
  readonly notice = signal<string | null>(null);
  readonly partnerReconnecting = signal(false);
  readonly presence = signal<PresenceStats | null>(null);

  constructor() {
    this.socket.on(ServerEvents.PresenceStats, (stats) => this.presence.set(stats));
    this.socket.on(ServerEvents.MatchSearching, () => {
      if (this.phase() !== 'idle') this.phase.set('searching');
    });
    this.socket.on(ServerEvents.MatchFound, ({ partner, initiator, restored }) => {
      this.mark('match-found');
      this.clearRestoreTimer();
      if (!restored || this.partner()?.id !== partner.id) {
        this.call.reset();
        this.chat.reset();
      }
      this.call.onMatched(partner.id, initiator);
      this.partner.set(partner);
      this.partnerReconnecting.set(false);
      this.notice.set(null);
      this.phase.set('matched');
    });
    this.socket.on(ServerEvents.MatchEnded, ({ reason }) => this.onEnded(reason));
    this.socket.on(ServerEvents.Error, ({ code, message, event }) => {
      if (code === ErrorCodes.Banned) this.onBanned(message);
      else if (code === ErrorCodes.RateLimited) this.onRateLimited(message, event);
    });
    this.socket.on(ServerEvents.PartnerReconnecting, () => {
      this.partnerReconnecting.set(true);
      this.notice.set('Your partner lost their connection. Waiting for them to come back…');
    });
    this.socket.on(ServerEvents.PartnerReconnected, () => {
      this.partnerReconnecting.set(false);
      this.notice.set(null);
    });
    // Back after a dropped connection: the server restores a pairing itself (match:found restored);
    // a search in progress is joined again.
    this.socket.onConnect(() => {
      if (this.phase() === 'searching') this.socket.emit(ClientEvents.MatchJoin, this.joinPayload());
      if (this.phase() === 'matched') this.expectRestore();
    });
  }

  start(interests: string[]): void {
    this.interests = interests;
    this.notice.set(null);
    this.chat.reset();
    this.phase.set('searching');
    this.mark('match-join-sent');
    this.socket.emit(ClientEvents.MatchJoin, this.joinPayload());
  }

  /** Next stranger: ends the current pairing (and call) and searches again. */
  next(): void {
    this.clearRestoreTimer();
    this.call.leave();
    this.chat.reset();
    this.partner.set(null);
    this.notice.set(null);
    this.partnerReconnecting.set(false);
    if (this.phase() === 'matched') {
      this.socket.emit(ClientEvents.MatchNext, {});
    } else {
      this.socket.emit(ClientEvents.MatchJoin, this.joinPayload());
    }
    this.phase.set('searching');
  }

  /** Reports the partner (ends the chat; the server never matches them with us again). */
  report(reason: ReportReason): void {
    if (this.phase() === 'matched') this.socket.emit(ClientEvents.MatchReport, { reason });
  }

  /** Blocks the partner (ends the chat; the server never matches them with us again). */
  block(): void {
    if (this.phase() === 'matched') this.socket.emit(ClientEvents.MatchBlock, {});
  }

  stop(): void {
    this.clearRestoreTimer();
    this.call.leave();
    if (this.phase() !== 'idle') this.socket.emit(ClientEvents.MatchLeave, {});
    this.partner.set(null);
    this.partnerReconnecting.set(false);
    this.notice.set(null);
    this.chat.reset();
    this.phase.set('idle');
  }

  /** The socket gave up reconnecting: the server has ended the pairing by now. */
  connectionLost(): void {
    if (this.phase() === 'idle') return;
    this.call.onPartnerLeft();
    this.partner.set(null);
    this.phase.set('idle');
    this.notice.set('Lost the connection to the server.');
  }

  /**
   * Back online while matched: the server re-sends match:found {restored} if the pairing
   * survived. If it does not come, the pairing ended while we were away.
   */
  private expectRestore(): void {
    this.clearRestoreTimer();
    this.restoreTimer = this.timers.setTimeout(() => {
      this.restoreTimer = null;
      if (this.phase() !== 'matched') return;
      this.call.onPartnerLeft();
      this.phase.set('ended');
      this.notice.set('The chat ended while you were offline.');
    }, RESTORE_WAIT_MS);
  }

  private clearRestoreTimer(): void {
    if (this.restoreTimer !== null) this.timers.clearTimeout(this.restoreTimer);
    this.restoreTimer = null;
  }

  private onEnded(reason: MatchEndReason): void {
    this.clearRestoreTimer();
    this.call.onPartnerLeft();
    this.partnerReconnecting.set(false);
    const words = END_WORDS[reason];
    if (reason === 'next') return;
    if (reason === 'left' || reason === 'session-ended') {
      this.partner.set(null);
      this.phase.set('idle');
      this.notice.set(words);
      return;
    }
    if (this.phase() === 'matched') {
      this.phase.set('ended');
      this.notice.set(words);
    }
  }

  /** Banned after reports: back to the start page, with the server's words (which say for how long). */
  private onBanned(message: string): void {
    this.clearRestoreTimer();
    this.call.leave();
    this.chat.reset();
    this.partner.set(null);
    this.partnerReconnecting.set(false);
    this.phase.set('idle');
    this.notice.set(message);
  }

  private onRateLimited(message: string, event?: string): void {
    // A refused join/next leaves us without a search; anything else just needs slowing down.
    if (event === ClientEvents.MatchJoin || event === ClientEvents.MatchNext) {
      this.partner.set(null);
      this.phase.set('idle');
    }
    this.notice.set(message);
  }

  private joinPayload(): { interests?: string[] } {
    return this.interests.length ? { interests: this.interests } : {};
  }
}
