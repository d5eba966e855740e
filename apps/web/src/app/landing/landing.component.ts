import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { WireLimits, type PresenceStats } from '@rendezvous/contracts';

/** What Rendezvous is, who is around, optional interests, and Start. */
@Component({
  selector: 'rdv-landing',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card landing" aria-labelledby="landing-title">
      <h2 id="landing-title">Talk to a stranger</h2>
      <p>
        Rendezvous pairs you with a random person for a one-to-one text chat, and a video or audio call if you both
        want. No account: you are a guest with a made-up name. Press Next any time to meet someone else.
      </p>
      <p class="presence" aria-live="polite">
        @if (presence(); as p) {
          <strong>{{ p.online }}</strong> online · <strong>{{ p.searching }}</strong> searching
        } @else {
          Counting who is online…
        }
      </p>
      <form class="interests" (submit)="$event.preventDefault(); addInterest()">
        <label for="interest-input">Interests (optional)</label>
        <div class="row">
          <input
            id="interest-input"
            type="text"
            [value]="draft()"
            (input)="draft.set($any($event.target).value)"
            [attr.maxlength]="maxChars"
            placeholder="e.g. music"
            autocomplete="off"
          />
          <button type="submit" class="secondary" [disabled]="!draft().trim() || interests().length >= maxInterests">Add interest</button>
        </div>
        @if (interests().length) {
          <ul class="tags" aria-label="Your interests">
            @for (tag of interests(); track tag) {
              <li>
                {{ tag }}
                <button type="button" class="tag-remove" [attr.aria-label]="'Remove ' + tag" (click)="removeInterest(tag)">×</button>
              </li>
            }
          </ul>
        }
      </form>
      <button type="button" class="primary big" [disabled]="!ready()" (click)="start.emit(interests())">Start</button>
      @if (!ready()) {
        <p class="hint" role="status">Connecting to the server…</p>
      }
    </section>
  `,
})
export class LandingComponent {
  readonly presence = input<PresenceStats | null>(null);
  readonly ready = input(false);
  readonly start = output<string[]>();

  protected readonly maxChars = WireLimits.interestMaxChars;
  protected readonly maxInterests = WireLimits.interestsMax;
  protected readonly draft = signal('');
  protected readonly interests = signal<string[]>([]);

  protected addInterest(): void {
    const tag = this.draft().trim().toLowerCase().slice(0, this.maxChars);
    if (tag && !this.interests().includes(tag) && this.interests().length < this.maxInterests) {
      this.interests.update((tags) => [...tags, tag]);
    }
    this.draft.set('');
  }

  protected removeInterest(tag: string): void {
    this.interests.update((tags) => tags.filter((t) => t !== tag));
  }
}
