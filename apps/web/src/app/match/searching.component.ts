import { ChangeDetectionStrategy, Component, output } from '@angular/core';

@Component({
  selector: 'rdv-searching',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card searching" aria-labelledby="searching-title">
      <div class="spinner" aria-hidden="true"></div>
      <div role="status"><h2 id="searching-title">Looking for someone to talk to…</h2></div>
      <button type="button" class="secondary" (click)="stop.emit()">Stop</button>
    </section>
  `,
})
export class SearchingComponent {
  readonly stop = output<void>();
}
