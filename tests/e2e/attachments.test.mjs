// Evidence (証憑) as a new user meets it: an expense entered on the form, saved as
// a draft, a receipt picture attached (thumbnail shown, saved), the entry posted
// with its receipt, the receipt still there after a reload, a PDF attached and
// removed again (kept as evidence, listed as removed), a text file and the same
// picture twice refused with a reason, the journal search finding the entry by the
// file name and the "with attachments only" filter, and the same in English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitForApp, waitForText, useApp, receiptPng, fillLine,
} from './harness.mjs';

const env = useApp();

const a = {
  navJournal: '[data-testid=nav-journal]',
  newEntry: '[data-testid=new-entry]',
  entryRow: 'tr[data-testid=entry-row]',
  saveDraft: '[data-testid=save-draft]',
  post: '[data-testid=post-entry]',
  saveFirst: '[data-testid=attachments-save-first]',
  input: '[data-testid=attachment-input]',
  item: 'li[data-testid=attachment]',
  removedItem: 'li[data-testid=removed-attachment]',
  name: '[data-testid=attachment-name]',
  thumb: 'img[data-testid=attachment-thumb]',
  error: '[data-testid=attachment-error]',
  count: '[data-testid=attachment-count]',
  onlyWith: '[data-testid=search-with-attachments]',
};

const PNG = { name: 'receipt-2025-04-10.png', mimeType: 'image/png', buffer: receiptPng() };
const PDF = {
  name: 'invoice-A社.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
};
const TEXT = { name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('not a receipt') };

async function newExpense(page, { date, description, partner, amount }) {
  await page.locator(a.navJournal).click();
  await page.locator(a.newEntry).click();
  await page.locator('[data-testid=line-account-1]').waitFor();
  await page.locator('#entry-date').fill(date);
  await page.locator('#entry-description').fill(description);
  await page.locator('#entry-partner').fill(partner);
  await fillLine(page, 1, '消耗品費', { debit: amount });
  await fillLine(page, 2, '現金', { credit: amount });
}

/** Waits until the receipt's thumbnail has loaded its real pixels. */
async function waitForThumbnail(page) {
  await page.waitForFunction(
    (selector) => [...document.querySelectorAll(selector)].some((img) => img.complete && img.naturalWidth === 120),
    a.thumb,
    { timeout: 15_000 },
  );
  const src = await page.locator(a.thumb).first().getAttribute('src');
  assert.match(src, /^blob:/, 'shown from the kept bytes');
}

async function rowCount(page, n) {
  await page.waitForFunction(
    ({ selector, n }) => document.querySelectorAll(selector).length === n,
    { selector: a.entryRow, n },
  );
}

test('attachments: a receipt on an expense, kept, shown, searched; refusals; in Japanese and English', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const shots = [];
  try {
    await createBook(page, { name: '山田デザイン' });

    // ---- An expense without a receipt, to tell search results apart.
    await newExpense(page, { date: '2025-04-08', description: 'コーヒー豆', partner: '喫茶店', amount: '800' });
    await page.locator(a.post).click();
    await page.waitForURL(/\/journal$/);

    // ---- The expense with a receipt: before saving there is nothing to attach to.
    await newExpense(page, { date: '2025-04-10', description: '事務用品 購入', partner: '文具店', amount: '1100' });
    await waitForText(page, a.saveFirst, '下書き保存すると');
    await page.locator(a.saveDraft).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, 'h1', '下書きの編集');
    const entryUrl = page.url();

    await page.locator(a.input).setInputFiles(PNG);
    await waitForText(page, `${a.item} ${a.name}`, PNG.name);
    await waitForText(page, sel.toast, `「${PNG.name}」を保存しました`);
    await waitForThumbnail(page);
    assert.match(await page.locator(a.item).innerText(), /PNG · \d+(\.\d)? (B|KB)/, 'type and size shown');

    // ---- Refusals, with the reason and the file's name; nothing is added.
    await page.locator(a.input).setInputFiles(TEXT);
    await waitForText(page, a.error, '「memo.txt」: この種類のファイルは添付できません');
    await waitForText(page, a.error, 'JPEG・PNG・WebP・GIF・PDF');
    await page.locator(a.input).setInputFiles({ ...PNG, name: 'same-again.png' });
    await waitForText(page, a.error, `「${PNG.name}」としてすでに添付されています`);
    assert.equal(await page.locator(a.item).count(), 1);

    // ---- Post the draft: the list marks the entry with a paperclip.
    await page.locator(a.post).click();
    await page.waitForURL(/\/journal$/);
    await waitForText(page, a.entryRow, '事務用品 購入');
    const marked = page.locator(a.entryRow).filter({ hasText: '事務用品 購入' }).locator(a.count);
    await waitForText(page, a.count, '添付1件');
    assert.equal(await marked.count(), 1);
    assert.equal(await page.locator(a.entryRow).filter({ hasText: 'コーヒー豆' }).locator(a.count).count(), 0);

    // ---- The posted entry shows its receipt, and still does after a reload.
    await page.goto(entryUrl);
    await waitForApp(page);
    await waitForText(page, '[data-testid=status-posted]', '記帳済み');
    await waitForThumbnail(page);
    await page.reload();
    await waitForApp(page);
    await waitForText(page, `${a.item} ${a.name}`, PNG.name);
    await waitForThumbnail(page);

    // ---- A PDF: shown as a link that opens it; removed from the posted entry, it is kept.
    await page.locator(a.input).setInputFiles(PDF);
    await waitForText(page, `${a.item} ${a.name}`, PDF.name);
    const pdfItem = page.locator(a.item).filter({ hasText: PDF.name });
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('li[data-testid=attachment]')]
        .some((li) => li.textContent.includes(name) && li.querySelector('a')?.href.startsWith('blob:')),
      PDF.name,
    );
    const [viewer] = await Promise.all([
      s.context.waitForEvent('page'),
      pdfItem.locator('[data-testid=attachment-open]').click(),
    ]);
    await viewer.waitForLoadState('load');
    assert.match(viewer.url(), /^blob:/);
    assert.equal(await viewer.evaluate(() => document.contentType), 'application/pdf', 'opens in the PDF viewer');
    await viewer.close();
    // Chromium's built-in PDF viewer is an extension page, not a request leaving the machine.
    const viewerPages = (u) => u.startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/');
    s.requests.splice(0, s.requests.length, ...s.requests.filter((u) => !viewerPages(u)));
    assert.equal(await pdfItem.locator('[data-testid=attachment-download]').getAttribute('download'), PDF.name);
    shots.push(await screenshot(page, 'entry-attachments', 'ja'));
    await pdfItem.locator('[data-testid=remove-attachment]').click();
    await waitForText(page, a.removedItem, PDF.name);
    await waitForText(page, a.removedItem, 'に外しました');
    assert.equal(await page.locator(a.item).count(), 1, 'the receipt stays');
    await page.reload();
    await waitForApp(page);
    await waitForText(page, a.removedItem, PDF.name);
    await page.waitForFunction(
      () => document.querySelector('li[data-testid=removed-attachment] a')?.href.startsWith('blob:'),
      null,
      { timeout: 15_000 },
    );
    shots.push(await screenshot(page, 'entry-attachments-removed', 'ja'));

    // ---- Search by the file name, and only entries with attachments.
    await page.locator(a.navJournal).click();
    await rowCount(page, 2);
    await page.locator('#search-text').fill('receipt-2025');
    await rowCount(page, 1);
    await waitForText(page, a.entryRow, '事務用品 購入');
    await page.locator('#search-text').fill('invoice-a社');
    await rowCount(page, 0); // a removed file is history, not the entry's evidence
    await page.locator('[data-testid=search-clear]').click();
    await rowCount(page, 2);
    await page.locator(a.onlyWith).check();
    await rowCount(page, 1);
    await waitForText(page, a.entryRow, '事務用品 購入');
    shots.push(await screenshot(page, 'journal-with-attachments', 'ja'));
    await page.locator('[data-testid=search-clear]').click();
    await rowCount(page, 2);
    assert.equal(await page.locator(a.onlyWith).isChecked(), false);

    // ---- English.
    await switchLanguage(page, 'en');
    await page.goto(entryUrl);
    await waitForApp(page);
    await waitForText(page, 'h2', 'Evidence (attachments)');
    await waitForThumbnail(page);
    await waitForText(page, a.removedItem, 'removed');
    await page.locator(a.input).setInputFiles(TEXT);
    await waitForText(page, a.error, '“memo.txt”: This kind of file cannot be attached. Attach a JPEG, PNG, WebP, GIF or PDF file.');
    shots.push(await screenshot(page, 'entry-attachments', 'en'));

    console.log(`screenshots:\n${shots.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
