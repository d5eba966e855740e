import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, input, signal, viewChild } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FileLimits, WireLimits } from '@rendezvous/contracts';
import { ChatService } from './chat.service';
import { FileBubbleComponent } from './file-bubble.component';
import { FileShareService } from './file-share.service';

/** Message log (own vs partner bubbles, timestamps, shared files), typing indicator, message box with Send and Attach (or drop files). */
@Component({
  selector: 'rdv-chat-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FileBubbleComponent],
  template: `
    <section
      class="chat"
      aria-label="Chat"
      [class.dragging]="dragging()"
      (dragenter)="onDragOver($event)"
      (dragover)="onDragOver($event)"
      (dragleave)="onDragLeave($event)"
      (drop)="onDrop($event)"
    >
      @if (dragging()) {
        <p class="drop-hint" aria-hidden="true">Drop files to send them</p>
      }
      <ol class="log" #log aria-live="polite" aria-relevant="additions" aria-label="Messages">
        @for (line of chat.lines(); track line.id) {
          <li class="bubble" [class.mine]="line.mine" [class.system]="!line.author">
            @if (line.author) {
              <span class="visually-hidden">{{ line.mine ? 'You' : line.author }} said:</span>
            }
            @if (line.fileKey) {
              @if (files.entries().get(line.fileKey); as entry) {
                <rdv-file-bubble class="file" [entry]="entry" />
              }
            } @else {
              <span class="text">{{ line.text }}</span>
            }
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
        <input #filePicker type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" multiple [attr.accept]="accept" (change)="onPicked($any($event.target))" />
        <button type="button" class="secondary attach" aria-label="Attach file" title="Attach a file (images, PDF, text)" [disabled]="disabled()" (click)="filePicker.click()">
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
          </svg>
        </button>
        <button type="submit" class="primary" [disabled]="disabled() || !draft().trim()">Send</button>
      </form>
    </section>
  `,
})
export class ChatPanelComponent {
  protected readonly chat = inject(ChatService);
  protected readonly files = inject(FileShareService);
  protected readonly accept = FileLimits.allowedTypes.join(',');
  protected readonly dragging = signal(false);
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

  protected onPicked(picker: HTMLInputElement): void {
    if (picker.files) this.files.send(Array.from(picker.files));
    picker.value = '';
  }

  protected onDragOver(event: DragEvent): void {
    if (this.disabled() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected onDragLeave(event: DragEvent): void {
    const to = event.relatedTarget as Node | null;
    if (!to || !(event.currentTarget as HTMLElement).contains(to)) this.dragging.set(false);
  }

  protected onDrop(event: DragEvent): void {
    this.dragging.set(false);
    if (this.disabled() || !event.dataTransfer?.files.length) return;
    event.preventDefault();
    this.files.send(Array.from(event.dataTransfer.files));
  }

  protected send(): void {
    if (this.chat.send(this.draft())) this.draft.set('');
  }
}
