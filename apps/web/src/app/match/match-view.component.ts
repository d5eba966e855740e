import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { ReportReasons, type ReportReason } from '@rendezvous/contracts';
import { CallViewComponent } from '../call/call-view.component';
import { CallService } from '../call/call.service';
import { AddressPrivacyService } from '../call/privacy/address-privacy.service';
import { IncomingCallDialogComponent } from '../call/incoming-call-dialog.component';
import { ChatPanelComponent } from '../chat/chat-panel.component';
import { MatchService } from './match.service';
import { REPORT_REASON_LABELS } from './report-reasons';

/** With a partner (or just after they left): name, call buttons, Next, Stop, whether a call shows the IP address, call, chat. */
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
          <button type="button" class="secondary" [disabled]="!matched()" [attr.aria-expanded]="reporting()" (click)="reporting.set(!reporting())">Report</button>
          <button type="button" class="secondary" [disabled]="!matched()" (click)="block()">Block</button>
        </div>
      </header>

      <div class="address-privacy">
        <p class="hint" id="address-notice">{{ privacy.notice() }}</p>
        @if (privacy.canChoose()) {
          <label class="checkbox">
            <input
              type="checkbox"
              aria-describedby="address-notice"
              [checked]="privacy.hideAddress()"
              [disabled]="call.inCall()"
              (change)="privacy.setHideAddress($any($event.target).checked)"
            />
            Hide my IP address (relay only)
          </label>
        }
      </div>

      @if (reporting() && matched()) {
        <form class="report card" aria-label="Report your partner" (submit)="$event.preventDefault(); report()">
          <label for="report-reason">Why are you reporting {{ partnerName() }}?</label>
          <select id="report-reason" [value]="reason()" (change)="reason.set($any($event.target).value)">
            @for (option of reasons; track option) {
              <option [value]="option">{{ labels[option] }}</option>
            }
          </select>
          <p class="hint">They will not be matched with you again. Reports from several people ban them for a while.</p>
          <div class="actions">
            <button type="submit" class="danger">Send report</button>
            <button type="button" class="secondary" (click)="reporting.set(false)">Cancel</button>
          </div>
        </form>
      }

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
  protected readonly privacy = inject(AddressPrivacyService);
  protected readonly matched = computed(() => this.match.phase() === 'matched');
  protected readonly partnerName = computed(() => this.match.partner()?.username ?? 'Your partner');
  protected readonly canCall = computed(() => this.matched() && this.call.phase() === 'idle' && !this.match.partnerReconnecting());
  protected readonly reasons = ReportReasons;
  protected readonly labels = REPORT_REASON_LABELS;
  protected readonly reporting = signal(false);
  protected readonly reason = signal<ReportReason>('spam');

  protected report(): void {
    this.match.report(this.reason());
    this.reporting.set(false);
  }

  protected block(): void {
    this.match.block();
    this.reporting.set(false);
  }

  protected readonly messages = computed(() => {
    const snapshot = this.call.snapshot();
    return [this.match.notice(), snapshot.endMessage, snapshot.mediaNotice].filter((m): m is string => !!m);
  });
}
