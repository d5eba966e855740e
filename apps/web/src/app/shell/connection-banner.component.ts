import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ConnectionStatus } from '../socket/socket.service';

/** Shown while the socket is reconnecting or after it gave up. */
@Component({
  selector: 'rdv-connection-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (words(); as text) {
      <div class="banner" [class.error]="status() === 'failed'" role="alert">
        <span>{{ text }}</span>
        @if (status() === 'failed') {
          <button type="button" class="secondary" (click)="retry.emit()">Retry</button>
        }
      </div>
    }
  `,
})
export class ConnectionBannerComponent {
  readonly status = input.required<ConnectionStatus>();
  readonly retry = output<void>();
  protected readonly words = computed(() => {
    switch (this.status()) {
      case 'reconnecting':
        return 'Connection lost. Reconnecting…';
      case 'failed':
        return 'Could not reconnect to the server.';
      default:
        return null;
    }
  });
}
