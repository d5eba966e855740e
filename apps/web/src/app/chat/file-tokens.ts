import { InjectionToken } from '@angular/core';
import type { FileUploader, ObjectUrls } from './logic/file-types';
import { XhrFileUploader, type FormLike, type XhrLike } from './logic/xhr-file-uploader';

/** Browser APIs of file sharing behind tokens (the one cast between the DOM and the structural types is here). */
export const FILE_UPLOADER = new InjectionToken<FileUploader>('FILE_UPLOADER', {
  factory: () =>
    new XhrFileUploader(
      () => new XMLHttpRequest() as unknown as XhrLike,
      () => new FormData() as unknown as FormLike,
    ),
});

export const OBJECT_URLS = new InjectionToken<ObjectUrls>('OBJECT_URLS', {
  factory: () => ({
    create: (blob) => URL.createObjectURL(blob as Blob),
    revoke: (url) => URL.revokeObjectURL(url),
  }),
});
