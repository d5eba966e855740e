import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { CallService } from './call/call.service';
import { PERF_MARK } from './core/perf-marks';
import { FileShareService } from './chat/file-share.service';
import { LandingComponent } from './landing/landing.component';
import { MatchViewComponent } from './match/match-view.component';
import { MatchService } from './match/match.service';
import { SearchingComponent } from './match/searching.component';
import { ApiError } from './session/session-api';
import { SessionService } from './session/session.service';
import { ConnectionBannerComponent } from './shell/connection-banner.component';
import { SocketService } from './socket/socket.service';

@Component({
  selector: 'rdv-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConnectionBannerComponent, LandingComponent, MatchViewComponent, SearchingComponent],
  template: `
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="app-header">
      <h1>Rendezvous</h1>
      @if (session.guest(); as guest) {
        <p class="whoami">You are <strong>{{ guest.username }}</strong></p>
      }
    </header>
    <rdv-connection-banner [status]="socket.status()" (retry)="socket.retry()" />
    @if (session.notice(); as notice) {
      <div class="banner info" role="status">
        <span>{{ notice }}</span>
        <button type="button" class="secondary" (click)="session.notice.set(null)">Dismiss</button>
      </div>
    }
    @if (startError(); as error) {
      <div class="banner error" role="alert">
        <span>{{ error }}</span>
        <button type="button" class="secondary" (click)="boot()">Retry</button>
      </div>
    }
    <main id="main" tabindex="-1">
      @switch (match.phase()) {
        @case ('idle') {
          @if (match.notice(); as notice) {
            <p class="notice" role="status">{{ notice }}</p>
          }
          <rdv-landing [presence]="match.presence()" [ready]="socket.status() === 'connected'" (start)="match.start($event)" />
        }
        @case ('searching') {
          <rdv-searching (stop)="match.stop()" />
        }
        @default {
          <rdv-match-view />
        }
      }
    </main>
  `,
})
export class AppComponent {
  protected readonly session = inject(SessionService);
  protected readonly socket = inject(SocketService);
  protected readonly match = inject(MatchService);
  private readonly call = inject(CallService);
  private readonly mark = inject(PERF_MARK);
  /** Created with the app, so no chat:file arrives before it listens. */
  private readonly files = inject(FileShareService);
  protected readonly startError = signal<string | null>(null);

  constructor() {
    effect(() => {
      if (this.socket.status() === 'failed') this.match.connectionLost();
    });
    void this.boot();
  }

  protected async boot(): Promise<void> {
    this.startError.set(null);
    try {
      this.mark('session-requested');
      await this.session.start();
      this.mark('session-ready');
      this.socket.connect();
      await this.call.loadIceServers();
    } catch (error) {
      // A ban or a rate limit comes with the server's own words (how long, when to retry).
      const told = error instanceof ApiError && (error.code === 'BANNED' || error.code === 'RATE_LIMITED');
      this.startError.set(told ? error.message : 'Could not reach the Rendezvous server. Check your connection and retry.');
    }
  }
}
