import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, computed, input, output, viewChild } from '@angular/core';
import type { CallSnapshot } from './logic/call-session';
import { MediaStreamDirective } from './media-stream.directive';

const PHASE_WORDS: Record<string, string> = {
  outgoing: 'Calling… waiting for your partner to answer.',
  connecting: 'Connecting…',
  connected: 'Connected.',
  reconnecting: 'Connection interrupted, trying to reconnect…',
};

/** The live call: remote video, local preview, Mute, Camera off, Hang up, state and quality in words. */
@Component({
  selector: 'rdv-call-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MediaStreamDirective],
  template: `
    <section class="call" aria-label="Call">
      <div class="videos" [class.audio-only]="call().state.callType === 'audio'">
        <video class="remote" [rdvMediaStream]="call().remoteStream" autoplay playsinline aria-label="Partner's video"></video>
        @if (call().localStream && call().hasLocalVideo) {
          <video class="local" [rdvMediaStream]="call().localStream" autoplay playsinline muted aria-label="Your camera preview"></video>
        }
        @if (!call().remoteStream) {
          <p class="video-placeholder">{{ call().state.callType === 'audio' ? 'Audio call' : 'Waiting for video…' }}</p>
        }
      </div>
      <p class="call-status" role="status">
        {{ statusWords() }}
        @if (call().restartingIce) {
          Trying a new network path…
        }
      </p>
      @if (call().quality; as q) {
        <p class="quality" [attr.data-level]="q.level">{{ q.words }}</p>
      }
      <div class="controls">
        <button type="button" class="secondary" [attr.aria-pressed]="call().muted" (click)="toggleMute.emit()">
          Mute
        </button>
        @if (call().state.callType === 'video') {
          <button type="button" class="secondary" [attr.aria-pressed]="call().cameraOff" [disabled]="!call().hasLocalVideo" (click)="toggleCamera.emit()">
            Camera off
          </button>
        }
        <button #hangUpButton type="button" class="danger" (click)="hangUp.emit()">Hang up</button>
      </div>
    </section>
  `,
})
export class CallViewComponent {
  readonly call = input.required<CallSnapshot>();
  readonly toggleMute = output<void>();
  readonly toggleCamera = output<void>();
  readonly hangUp = output<void>();
  private readonly hangUpButton = viewChild.required<ElementRef<HTMLButtonElement>>('hangUpButton');

  constructor() {
    // Keyboard users whose focus was on a control that just went away (Accept, a disabled call button) land on Hang up.
    afterNextRender(() => {
      const active = document.activeElement as HTMLButtonElement | null;
      if (!active || active === document.body || active.disabled) this.hangUpButton().nativeElement.focus();
    });
  }

  protected readonly statusWords = computed(() => {
    const snapshot = this.call();
    const words = PHASE_WORDS[snapshot.state.phase] ?? '';
    const extra = [snapshot.muted ? 'Your microphone is muted.' : '', snapshot.cameraOff ? 'Your camera is off.' : ''];
    return [words, ...extra].filter(Boolean).join(' ');
  });
}
