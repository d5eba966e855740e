import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, input, signal, viewChild } from '@angular/core';
import { DatePipe } from '@angular/common';
import { WireLimits } from '@rendezvous/contracts';
import { ChatService } from './chat.service';

/** Message log (own vs partner bubbles, timestamps), typing indicator, message box with Send. */
@Component({
  selector: 'rdv-chat-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <section class="chat" aria-label="Chat">
      <ol class="log" #log aria-live="polite" aria-relevant="additions" aria-label="Messages">
        @for (line of chat.lines(); track line.id) {
          <li class="bubble" [class.mine]="line.mine" [class.system]="!line.author">
            @if (line.author) {
              <span class="visually-hidden">{{ line.mine ? 'You' : line.author }} said:</span>
            }
            <span class="text">{{ line.text }}</span>
            <time [attr.datetime]="line.timestamp | date: 'yyyy-MM-ddTHH:mm:ss'">{{ line.timestamp | date: 'HH:mm' }}</time>
          </li>
        } @empty {
          <li class="empty">Say hello!</li>
        }
      </ol>
      <p class="typing" aria-live="polite">
        @if (chat.partnerTyping()) {
          {{ partnerName() }} is typing…
        }
      </p>
      <form class="compose" (submit)="$event.preventDefault(); send()">
        <label for="chat-input" class="visually-hidden">Message</label>
        <textarea
          id="chat-input"
          rows="1"
          [attr.maxlength]="maxChars"
          [disabled]="disabled()"
          [value]="draft()"
          (input)="onInput($any($event.target).value)"
          (keydown.enter)="onEnter($any($event))"
          placeholder="Type a message"
        ></textarea>
        <button type="submit" class="primary" [disabled]="disabled() || !draft().trim()">Send</button>
      </form>
    </section>
  `,
})
export class ChatPanelComponent {
  protected readonly chat = inject(ChatService);
  readonly partnerName = input('Your partner');
  readonly disabled = input(false);
  protected readonly maxChars = WireLimits.chatTextMaxChars;
  protected readonly draft = signal('');
  private readonly log = viewChild.required<ElementRef<HTMLElement>>('log');

  constructor() {
    effect(() => {
      this.chat.lines();
      const el = this.log().nativeElement;
      queueMicrotask(() => (el.scrollTop = el.scrollHeight));
    });
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    if (value) this.chat.keystroke();
  }

  protected onEnter(event: KeyboardEvent): void {
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.send();
  }

  protected send(): void {
    if (this.chat.send(this.draft())) this.draft.set('');
  }
}
