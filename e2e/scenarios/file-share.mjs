import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';
import { exe, pdf, png } from '../support/sample-files.mjs';

export const name = 'files: an image sent with Attach is previewed by the partner, a dropped PDF is a link, too-large and wrong-type files are refused in the chat';
/** Also run in the distributed mode, with the two guests on different gateways. */
export const distributed = true;
/** The mock backend has no file API. */
export const backends = ['real'];

/** Picks files through the Attach button's file chooser. */
async function attach(guest, files) {
  const [chooser] = await Promise.all([guest.page.waitForEvent('filechooser'), guest.button('Attach file').click()]);
  await chooser.setFiles(files);
}

/** Drops a file on the chat, as dragging it from the desktop does. */
async function drop(guest, file) {
  const transfer = await guest.page.evaluateHandle(({ name, type, bytes }) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], name, { type }));
    return data;
  }, { name: file.name, type: file.mimeType, bytes: [...file.buffer] });
  const chat = guest.page.locator('section.chat');
  await chat.dispatchEvent('dragenter', { dataTransfer: transfer });
  await chat.dispatchEvent('dragover', { dataTransfer: transfer });
  await guest.page.locator('.drop-hint').waitFor();
  await chat.dispatchEvent('drop', { dataTransfer: transfer });
}

/** Waits until the image in `selector` has really been decoded, and returns its natural size. */
async function decodedSize(guest, selector) {
  await guest.page.locator(selector).first().waitFor();
  const handle = await guest.page.waitForFunction((sel) => {
    const img = document.querySelector(sel);
    return img && img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null;
  }, selector);
  return handle.jsonValue();
}

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);

  await attach(alice, { name: 'sunset-secret-name.png', mimeType: 'image/png', buffer: png(48, 32) });
  assert.deepEqual(await decodedSize(bob, '.bubble:not(.mine) .file-preview img'), [48, 32], 'bob sees the decoded image');
  assert.deepEqual(await decodedSize(alice, '.bubble.mine .file-preview img'), [48, 32], 'alice sees her own image');
  assert.equal(await bob.page.locator('.bubble:not(.mine) .file-preview img').getAttribute('alt'), 'sunset-secret-name.png');
  assert.match(await bob.page.locator('.bubble:not(.mine) .file-preview img').getAttribute('src'), /^blob:/);
  await bob.page.screenshot({ path: t.artifact('file-share-bob.png') });

  await drop(bob, { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf });
  const link = alice.page.locator('.bubble:not(.mine) a.file-link', { hasText: 'report.pdf' });
  await link.waitFor();
  assert.equal(await link.getAttribute('download'), 'report.pdf');
  assert.match(await link.getAttribute('href'), /^blob:/);
  await alice.page.locator('.bubble:not(.mine) .file-size', { hasText: `(${pdf.length} B)` }).waitFor();

  const tooLarge = Buffer.concat([png(8, 8), Buffer.alloc(5 * 1024 * 1024)]);
  await attach(alice, { name: 'huge.png', mimeType: 'image/png', buffer: tooLarge });
  await alice.page.locator('.bubble.system', { hasText: '“huge.png” is too large to send: the limit is 5 MB.' }).waitFor();

  // Claims to be a PNG, so the browser lets it through; the server reads the bytes and says 415.
  await attach(alice, { name: 'holiday.png', mimeType: 'image/png', buffer: exe });
  await alice.page.locator('.bubble.system', { hasText: '“holiday.png” was not sent: only images' }).waitFor();

  await bob.page.waitForTimeout(300);
  assert.equal(await bob.page.locator('.bubble:not(.mine) .file').count(), 1, 'bob received the image only');
  assert.equal(await alice.page.locator('.bubble.mine .file').count(), 1, 'the refused uploads left no bubble behind');
  await alice.page.screenshot({ path: t.artifact('file-share-alice.png') });
  for (const guest of [alice, bob]) guest.assertConsoleClean(['sunset-secret-name', 'report.pdf', 'holiday.png']);
}
