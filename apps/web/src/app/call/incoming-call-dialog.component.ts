import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, inject, input, output, signal, viewChild } from '@angular/core';
import type { CallType } from '@rendezvous/contracts';

/** The callee's dialog: who calls, audio or video, Accept / Decline, seconds left. */
@Component({
  selector: 'rdv-incoming-call-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown.escape)': 'decline.emit()', '(keydown.tab)': 'keepFocusInside($event)', '(keydown.shift.tab)': 'keepFocusInside($event)' },
  template: `
    <div class="backdrop">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="incoming-title" aria-describedby="incoming-desc">
        <h2 id="incoming-title">Incoming {{ callType() === 'video' ? 'video' : 'audio' }} call</h2>
        <p id="incoming-desc">
          {{ partnerName() }} wants to start {{ callType() === 'video' ? 'a video' : 'an audio' }} call.
          <span class="countdown">{{ secondsLeft() }} s left to answer.</span>
        </p>
        <div class="actions">
          <button #acceptButton type="button" class="primary" (click)="accept.emit()">Accept</button>
          <button #declineButton type="button" class="danger" (click)="decline.emit()">Decline</button>
        </div>
      </div>
    </div>
  `,
})
export class IncomingCallDialogComponent {
  readonly partnerName = input('Your partner');
  readonly callType = input<CallType | null>('video');
  /** Epoch ms when the call stops ringing. */
  readonly ringingUntil = input<number | null>(null);
  readonly accept = output<void>();
  readonly decline = output<void>();

  protected readonly secondsLeft = signal(0);
  private readonly acceptButton = viewChild.required<ElementRef<HTMLButtonElement>>('acceptButton');
  private readonly declineButton = viewChild.required<ElementRef<HTMLButtonElement>>('declineButton');

  constructor() {
    const tick = () => {
      const until = this.ringingUntil();
      this.secondsLeft.set(until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    };
    const interval = setInterval(tick, 250);
    inject(DestroyRef).onDestroy(() => clearInterval(interval));
    afterNextRender(() => {
      tick();
      this.acceptButton().nativeElement.focus();
    });
  }

  /** A modal dialog: Tab and Shift+Tab cycle between Accept and Decline. */
  protected keepFocusInside(event: Event): void {
    const accept = this.acceptButton().nativeElement;
    const decline = this.declineButton().nativeElement;
    event.preventDefault();
    (document.activeElement === accept ? decline : accept).focus();
  }
}
