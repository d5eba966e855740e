import { describe, expect, it } from '@jest/globals';
import { claimAgrees, detectFileType } from './detect-file-type.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('detectFileType', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7\n%âãÏÓ\n')],
    ['text/plain', Buffer.from('Hello, Zoë!\r\n\tTabs and\flines — ünïcødé ✓\n')],
    ['text/plain', Buffer.from('\ufeffwith a BOM')],
  ])('recognises %s by its bytes', (mime, data) => {
    expect(detectFileType(data)).toBe(mime);
  });

  it.each([
    ['a Windows executable', bytes('MZ', [0x90, 0x00, 0x03, 0x00])],
    ['a zip archive', bytes('PK', [0x03, 0x04, 0x14, 0x00])],
    ['text with a NUL byte', Buffer.from('almost\u0000text')],
    ['text with an escape sequence', Buffer.from('\u001b[31mred')],
    ['invalid UTF-8', bytes('caf', [0xe9])],
    ['a RIFF that is not WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', (_, data) => {
    expect(detectFileType(data)).toBeNull();
  });

  it('calls SVG and HTML what they are underneath: text, never an image', () => {
    expect(detectFileType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('text/plain');
  });
});

describe('claimAgrees', () => {
  it('accepts no claim or the generic one for anything', () => {
    for (const claimed of [undefined, '', 'application/octet-stream']) expect(claimAgrees(claimed, 'application/pdf')).toBe(true);
  });

  it('accepts the exact type, its parameters and case aside, and the JPEG aliases', () => {
    expect(claimAgrees('IMAGE/PNG', 'image/png')).toBe(true);
    expect(claimAgrees('image/jpg', 'image/jpeg')).toBe(true);
    expect(claimAgrees('text/markdown; charset=utf-8', 'text/plain')).toBe(true);
  });

  it('refuses a claim the bytes contradict', () => {
    expect(claimAgrees('image/png', 'image/jpeg')).toBe(false);
    expect(claimAgrees('text/plain', 'image/png')).toBe(false);
    expect(claimAgrees('image/svg+xml', 'text/plain')).toBe(false);
    expect(claimAgrees('application/pdf', 'text/plain')).toBe(false);
  });
});
