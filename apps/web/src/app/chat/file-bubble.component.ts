import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { FileEntry } from './logic/file-transfers';
import { formatBytes } from './logic/format-bytes';

/** A shared file in the log: upload progress, then an inline image or a download link with its size. */
@Component({
  selector: 'rdv-file-bubble',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let file = entry();
    @switch (file.state) {
      @case ('uploading') {
        <span class="file-name">{{ file.name }}</span>
        <progress class="upload-progress" max="100" [value]="percent()" [attr.aria-label]="'Sending ' + file.name"></progress>
        <span class="file-size">{{ percent() }}% of {{ size() }}</span>
      }
      @case ('loading') {
        <span class="file-name">{{ file.name }}</span> <span class="file-size">({{ size() }}, loading…)</span>
      }
      @case ('unavailable') {
        <span class="file-name">{{ file.name }}</span> <span class="file-size">({{ size() }}, no longer available)</span>
      }
      @default {
        @if (file.preview && file.url) {
          <a class="file-preview" [href]="file.url" [attr.download]="file.name" [attr.aria-label]="'Download ' + file.name + ', ' + size()">
            <img [src]="file.url" [alt]="file.name" />
          </a>
          <span class="file-size">{{ file.name }} · {{ size() }}</span>
        } @else {
          <a class="file-link" [href]="file.url" [attr.download]="file.name">{{ file.name }}</a>
          <span class="file-size"> ({{ size() }})</span>
        }
      }
    }
  `,
})
export class FileBubbleComponent {
  readonly entry = input.required<FileEntry>();
  protected readonly size = computed(() => formatBytes(this.entry().size));
  protected readonly percent = computed(() => Math.round(this.entry().progress * 100));
}
