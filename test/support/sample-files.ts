import { png as pngOf, pdf } from '../../e2e/support/sample-files.mjs';

/** A real, decodable RGB PNG (the browser tests decode the same maker's images). */
export function png(width = 4, height = 3, rgb: [number, number, number] = [200, 40, 90]): Buffer {
  return pngOf(width, height, rgb);
}

export const samples = {
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
  gif: Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x3b])]),
  webp: Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L', 'latin1'), Buffer.alloc(8)]),
  pdf,
  text: Buffer.from('Hello, Zoë!\nLine two ✓\n'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  exe: Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0])]),
  zip: Buffer.concat([Buffer.from('PK', 'latin1'), Buffer.from([3, 4, 20, 0, 0, 0, 8, 0])]),
};
