import { Directive, ElementRef, effect, inject, input } from '@angular/core';
import type { MediaStreamLike } from './logic/rtc-types';

/** `<video [rdvMediaStream]="stream">`: sets srcObject (no binding exists for it). */
@Directive({ selector: 'video[rdvMediaStream], audio[rdvMediaStream]' })
export class MediaStreamDirective {
  readonly rdvMediaStream = input<MediaStreamLike | null>(null);
  private readonly el = inject<ElementRef<HTMLMediaElement>>(ElementRef);

  constructor() {
    effect(() => {
      const stream = this.rdvMediaStream() as MediaStream | null;
      const media = this.el.nativeElement;
      if (media.srcObject !== stream) media.srcObject = stream;
      if (stream) void media.play().catch(() => undefined);
    });
  }
}
