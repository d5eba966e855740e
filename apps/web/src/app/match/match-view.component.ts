import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CallViewComponent } from '../call/call-view.component';
import { CallService } from '../call/call.service';
import { IncomingCallDialogComponent } from '../call/incoming-call-dialog.component';
import { ChatPanelComponent } from '../chat/chat-panel.component';
import { MatchService } from './match.service';

/** With a partner (or just after they left): name, call buttons, Next, Stop, call, chat. */
@Component({
  selector: 'rdv-match-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallViewComponent, ChatPanelComponent, IncomingCallDialogComponent],
  template: `
    <section class="match" aria-labelledby="partner-title">
      <header class="match-bar">
        <h2 id="partner-title">
          @if (matched()) {
            Talking with <span class="partner-name">{{ partnerName() }}</span>
          } @else {
            Chat ended
          }
        </h2>
        <div class="actions">
          <button type="button" class="secondary" [disabled]="!canCall()" (click)="call.start('video')">Video call</button>
          <button type="button" class="secondary" [disabled]="!canCall()" (click)="call.start('audio')">Audio call</button>
          <button type="button" class="primary" (click)="match.next()">Next</button>
          <button type="button" class="danger" (click)="match.stop()">Stop</button>
        </div>
      </header>

      @for (message of messages(); track message) {
        <p class="notice" role="status">{{ message }}</p>
      }

      @if (call.phase() === 'incoming') {
        <rdv-incoming-call-dialog
          [partnerName]="partnerName()"
          [callType]="call.callType()"
          [ringingUntil]="call.snapshot().ringingUntil"
          (accept)="call.accept()"
          (decline)="call.decline()"
        />
      }

      @if (call.inCall()) {
        <rdv-call-view
          [call]="call.snapshot()"
          (toggleMute)="call.toggleMute()"
          (toggleCamera)="call.toggleCamera()"
          (hangUp)="call.hangUp()"
        />
      }

      <rdv-chat-panel [partnerName]="partnerName()" [disabled]="!matched()" />
    </section>
  `,
})
export class MatchViewComponent {
  protected readonly match = inject(MatchService);
  protected readonly call = inject(CallService);
  protected readonly matched = computed(() => this.match.phase() === 'matched');
  protected readonly partnerName = computed(() => this.match.partner()?.username ?? 'Your partner');
  protected readonly canCall = computed(() => this.matched() && this.call.phase() === 'idle' && !this.match.partnerReconnecting());
  protected readonly messages = computed(() => {
    const snapshot = this.call.snapshot();
    return [this.match.notice(), snapshot.endMessage, snapshot.mediaNotice].filter((m): m is string => !!m);
  });
}
