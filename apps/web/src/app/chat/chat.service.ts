import { Injectable, inject, signal } from '@angular/core';
import { ClientEvents, ServerEvents, WireLimits } from '@rendezvous/contracts';
import { TIMERS } from '../core/browser-tokens';
import { SocketService } from '../socket/socket.service';

export interface ChatLine {
  id: string;
  text: string;
  timestamp: number;
  mine: boolean;
  author: string;
  /** A shared file (see FileShareService.entries) instead of text. */
  fileKey?: string;
}

/** Stop saying "typing" this long after the last keystroke. */
const TYPING_IDLE_MS = 2_000;
/** Forget a partner's "typing" if no update comes for this long. */
const PARTNER_TYPING_TTL_MS = 6_000;

/** Text chat with the current partner. Messages are never logged. */
@Injectable({ providedIn: 'root' })
export class ChatService {
  private readonly socket = inject(SocketService);
  private readonly timers = inject(TIMERS);
  private typingTimer: unknown = null;
  private partnerTypingTimer: unknown = null;
  private typing = false;
  private localSeq = 0;
  private readonly resetListeners: (() => void)[] = [];

  readonly lines = signal<readonly ChatLine[]>([]);
  readonly partnerTyping = signal(false);

  constructor() {
    this.socket.on(ServerEvents.ChatMessage, (message) => {
      this.setPartnerTyping(false);
      this.lines.update((lines) => [
        ...lines,
        { id: message.id, text: message.text, timestamp: message.timestamp, mine: false, author: message.fromUsername },
      ]);
    });
    this.socket.on(ServerEvents.ChatTyping, ({ typing }) => this.setPartnerTyping(typing === true));
  }

  /** Sends a message; returns false when there is nothing to send or it is too long. */
  send(raw: string): boolean {
    const text = raw.trim();
    if (!text || text.length > WireLimits.chatTextMaxChars) return false;
    this.socket.emit(ClientEvents.ChatMessage, { text });
    this.lines.update((lines) => [...lines, { id: `local-${++this.localSeq}`, text, timestamp: Date.now(), mine: true, author: 'You' }]);
    this.stopTyping();
    return true;
  }

  /** Call on every keystroke in the message box. */
  keystroke(): void {
    if (!this.typing) {
      this.typing = true;
      this.socket.emit(ClientEvents.ChatTyping, { typing: true });
    }
    if (this.typingTimer !== null) this.timers.clearTimeout(this.typingTimer);
    this.typingTimer = this.timers.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  addSystemLine(text: string): void {
    this.lines.update((lines) => [...lines, { id: `sys-${++this.localSeq}`, text, timestamp: Date.now(), mine: false, author: '' }]);
  }

  addFileLine(fileKey: string, mine: boolean, author: string): void {
    this.lines.update((lines) => [...lines, { id: fileKey, text: '', timestamp: Date.now(), mine, author, fileKey }]);
  }

  removeLine(id: string): void {
    this.lines.update((lines) => lines.filter((line) => line.id !== id));
  }

  /** Called whenever the chat is cleared (a new partner, Next, Stop). */
  onReset(listener: () => void): void {
    this.resetListeners.push(listener);
  }

  reset(): void {
    this.resetListeners.forEach((listener) => listener());
    this.lines.set([]);
    this.setPartnerTyping(false);
    if (this.typingTimer !== null) this.timers.clearTimeout(this.typingTimer);
    this.typingTimer = null;
    this.typing = false;
  }

  private stopTyping(): void {
    if (this.typingTimer !== null) this.timers.clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (!this.typing) return;
    this.typing = false;
    this.socket.emit(ClientEvents.ChatTyping, { typing: false });
  }

  private setPartnerTyping(typing: boolean): void {
    this.partnerTyping.set(typing);
    if (this.partnerTypingTimer !== null) this.timers.clearTimeout(this.partnerTypingTimer);
    this.partnerTypingTimer = typing ? this.timers.setTimeout(() => this.partnerTyping.set(false), PARTNER_TYPING_TTL_MS) : null;
  }
}
