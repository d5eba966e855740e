import { describe, expect, it } from '@jest/globals';
import { nameForType } from '@rendezvous/contracts';
import { contentDisposition, safeFileName } from './file-name.js';

describe('safeFileName', () => {
  it('keeps an ordinary name, accents and all', () => {
    expect(safeFileName('Zoë résumé (final).pdf')).toBe('Zoë résumé (final).pdf');
  });

  it('drops directories, either slash', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\cat.png')).toBe('cat.png');
  });

  it('drops control and direction-override characters that could disguise the name', () => {
    expect(safeFileName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(safeFileName('a\r\nContent-Type: evil\u0000.txt')).toBe('aContent-Type: evil.txt');
  });

  it('never gives an empty or hidden name', () => {
    for (const raw of [undefined, '', '   ', '..', '/', '\u202E']) expect(safeFileName(raw)).toBe('file');
    expect(safeFileName('.bashrc')).toBe('bashrc');
  });

  it('cuts a very long name but keeps its extension', () => {
    const name = safeFileName(`${'ä'.repeat(300)}.png`);
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('is an attachment with an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('Zoë "quoted" 100%.txt')).toBe(
      `attachment; filename="Zo_ _quoted_ 100_.txt"; filename*=UTF-8''Zo%C3%AB%20%22quoted%22%20100%25.txt`,
    );
    expect(contentDisposition("it's (1)*.png")).toBe(`attachment; filename="it's (1)*.png"; filename*=UTF-8''it%27s%20%281%29%2A.png`);
  });

  it('round-trips through decodeURIComponent', () => {
    const name = '日本語 ファイル.pdf';
    const encoded = /filename\*=UTF-8''(.+)$/.exec(contentDisposition(name))![1];
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});

describe('nameForType', () => {
  it('replaces an extension that is not the detected type’s, keeps one that is', () => {
    expect(nameForType('invoice.pdf.hta', 'text/plain')).toBe('invoice.pdf.txt');
    expect(nameForType('holiday-photo.js', 'text/plain')).toBe('holiday-photo.txt');
    expect(nameForType('readme.bat', 'text/plain')).toBe('readme.txt');
    expect(nameForType('evil.html', 'text/plain')).toBe('evil.txt');
    expect(nameForType('poly.html', 'image/gif')).toBe('poly.gif');
    expect(nameForType('Photo.JPEG', 'image/jpeg')).toBe('Photo.JPEG');
    expect(nameForType('photo.jpg', 'image/jpeg')).toBe('photo.jpg');
    expect(nameForType('scan.PDF', 'application/pdf')).toBe('scan.PDF');
  });

  it('gives a name without an extension the type’s, and never exceeds the name limit', () => {
    expect(nameForType('notes', 'text/plain')).toBe('notes.txt');
    expect(nameForType('', 'image/png')).toBe('file.png');
    const long = nameForType(`${'ä'.repeat(118)}.exe`, 'image/webp');
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('.webp')).toBe(true);
  });
});
