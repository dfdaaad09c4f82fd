// Evidence (証憑) as a new user meets it: an expense entered on the form, saved as
// a draft, a receipt picture attached (thumbnail shown, saved), the entry posted
// with its receipt, the receipt still there after a reload, a PDF attached and
// removed again (kept as evidence, listed as removed), a binary file and the same
// picture twice refused with a reason, the journal search finding the entry by the
// file name and the "with attachments only" filter, and the same in English. Then
// the files of electronic transactions: an e-invoice's XML attached with its own
// date and amount, an e-mail whose partner is edited later, neither rendered (a
// download, or escaped text), both found by the evidence search's three keys.
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
// Not text (NUL and other control bytes) and no known signature.
const BINARY = { name: 'memo.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]) };
// A JP PINT invoice with a script inside: kept, never run.
const XML = {
  name: 'invoice-2025-0409.xml',
  mimeType: 'application/xml',
  buffer: Buffer.from(`\ufeff<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:peppol:pint:billing-1@jp-1</cbc:CustomizationID>
  <cbc:IssueDate>2025-04-09</cbc:IssueDate>
  <script xmlns="http://www.w3.org/1999/xhtml">window.__kuraPwned = 1</script>
  <cbc:PayableAmount currencyID="JPY">1000</cbc:PayableAmount>
</Invoice>
`),
};
const EML = {
  name: 'receipt-mail.eml',
  mimeType: 'message/rfc822',
  buffer: Buffer.from([
    'Return-Path: <shop@example.jp>',
    'From: Shop <shop@example.jp>',
    'Date: Thu, 10 Apr 2025 10:00:00 +0900',
    'Subject: Your receipt',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=UTF-8',
    '',
    '<html><body><img src="https://tracker.example/p.gif">Thank you: 1,100 yen</body></html>',
    '',
  ].join('\r\n')),
};

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
    await page.locator(a.input).setInputFiles(BINARY);
    await waitForText(page, a.error, '「memo.bin」: この種類のファイルは添付できません');
    await waitForText(page, a.error, 'JPEG・PNG・WebP・GIF・PDF・XML・HTML・CSV・TXT・EML');
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
    // Within the seven years the law keeps a posted entry's papers (a 2025
    // entry: to 2033-03-15) removal says so and wants the word typed.
    await pdfItem.locator('[data-testid=remove-attachment]').click();
    await waitForText(page, '[data-testid=keep-warning]', '2033/03/15まで保存が義務づけられています');
    const confirmRemove = page.locator('[data-testid=confirm-remove]');
    assert.equal(await confirmRemove.isDisabled(), true, 'not without the word');
    await page.locator('[data-testid=keep-confirm]').fill('はい');
    assert.equal(await confirmRemove.isDisabled(), true, 'not with another word');
    assert.equal(await page.locator(a.removedItem).count(), 0, 'nothing removed yet');
    await page.locator('[data-testid=keep-confirm]').fill('削除');
    shots.push(await screenshot(page, 'evidence-keep-dialog', 'ja'));
    await confirmRemove.click();
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
    await page.locator(a.input).setInputFiles(BINARY);
    await waitForText(page, a.error, '“memo.bin”: This kind of file cannot be attached. Attach a JPEG, PNG, WebP, GIF, PDF, XML, HTML, CSV, TXT or EML file.');
    shots.push(await screenshot(page, 'entry-attachments', 'en'));
    // The retention warning in English; cancelled, the receipt stays.
    await page.locator(`${a.item} [data-testid=remove-attachment]`).click();
    await waitForText(page, '[data-testid=keep-warning]', 'which must be kept until 15 Mar 2033');
    shots.push(await screenshot(page, 'evidence-keep-dialog', 'en'));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=keep-dialog]').waitFor({ state: 'detached' });
    assert.equal(await page.locator(a.item).count(), 1, 'cancelled: the receipt stays');

    console.log(`screenshots:\n${shots.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('evidence files: an e-invoice XML and an e-mail, each with its date, amount and partner, never rendered, found by the three keys', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const shots = [];
  const e = {
    keys: '[data-testid=attachment-keys]',
    tabEvidence: '[data-testid=search-tab-evidence]',
    evidenceRow: 'tr[data-testid=evidence-row]',
  };
  const evidenceRows = async (n) => page.waitForFunction(
    ({ selector, n }) => document.querySelectorAll(selector).length === n,
    { selector: e.evidenceRow, n },
  );
  try {
    await createBook(page, { name: '山田デザイン' });
    await newExpense(page, { date: '2025-04-10', description: '事務用品 購入', partner: '文具店', amount: '1100' });
    await page.locator(a.saveDraft).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    const entryUrl = page.url();

    // ---- The e-invoice: its own date and amount, typed before attaching (filled in from the entry).
    await page.locator(`${e.keys} summary`).click();
    assert.equal(await page.locator('#attach-date').inputValue(), '2025-04-10', 'the entry\'s date');
    assert.equal(await page.locator('#attach-partner').inputValue(), '文具店', 'the entry\'s partner');
    await page.locator('#attach-date').fill('2025-04-09');
    await page.locator('#attach-amount').fill('1000');
    await page.locator('#attach-amount').press('Enter');
    await page.locator(a.input).setInputFiles(XML);
    const xmlItem = page.locator(a.item).filter({ hasText: XML.name });
    await waitForText(page, `${a.item} ${a.name}`, XML.name);
    await waitForText(page, `${a.item} [data-testid=evidence-date]`, '2025/04/09');
    assert.match(await xmlItem.locator('[data-testid=evidence-amount]').innerText(), /1,000/);
    assert.match(await xmlItem.locator('[data-testid=evidence-partner]').innerText(), /文具店\s*\(仕訳から\)/);
    assert.equal(await page.locator('#attach-date').inputValue(), '2025-04-10', 'the next file starts from the entry again');
    assert.equal(await xmlItem.locator('[data-testid=attachment-open]').count(), 0, 'not opened in the app');
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('li[data-testid=attachment]')]
        .some((li) => li.textContent.includes(name) && li.querySelector('[data-testid=attachment-download]')?.href.startsWith('blob:')),
      XML.name,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      xmlItem.locator('[data-testid=attachment-download]').click(),
    ]);
    assert.equal(download.suggestedFilename(), XML.name);
    await xmlItem.locator('[data-testid=attachment-show-text]').click();
    await waitForText(page, '[data-testid=attachment-text]', '<cbc:IssueDate>2025-04-09</cbc:IssueDate>');
    assert.equal(await page.evaluate(() => window.__kuraPwned), undefined, 'the script inside stayed text');

    // ---- The e-mail, attached with the entry's keys, its partner edited later (a new version).
    await page.locator(a.input).setInputFiles(EML);
    const emlItem = page.locator(a.item).filter({ hasText: EML.name });
    await waitForText(page, `${a.item} ${a.name}`, EML.name);
    assert.match(await emlItem.innerText(), /EML/);
    await emlItem.locator('[data-testid=edit-evidence-keys]').click();
    await page.locator('#evidence-partner').fill('ＡＢＣストア');
    await page.locator('[data-testid=save-evidence-keys]').click();
    await waitForText(page, sel.toast, '取引年月日・金額・取引先を保存しました');
    await waitForText(page, `${a.item} [data-testid=evidence-partner]`, 'ＡＢＣストア');
    assert.match(await emlItem.locator('[data-testid=evidence-amount]').innerText(), /1,100\s*\(仕訳から\)/);
    shots.push(await screenshot(page, 'entry-evidence-files', 'ja'));

    // ---- Posted; the evidence tab of the search finds each file by its own keys, else its entry's.
    await page.locator(a.post).click();
    await page.waitForURL(/\/journal$/);
    await page.locator(e.tabEvidence).click();
    await evidenceRows(2);
    await page.locator('#search-partner').fill('abc');
    await evidenceRows(1);
    await waitForText(page, e.evidenceRow, EML.name);
    await page.locator('[data-testid=search-clear]').click();
    await evidenceRows(2);
    await page.locator('#search-min').fill('1000');
    await page.locator('#search-max').fill('1000');
    await evidenceRows(1);
    await waitForText(page, e.evidenceRow, XML.name);
    await page.locator('[data-testid=search-clear]').click();
    await page.locator('#search-from').fill('2025-04-10');
    await evidenceRows(1);
    await waitForText(page, e.evidenceRow, EML.name);
    await page.locator('[data-testid=search-clear]').click();
    await evidenceRows(2);
    const [mail] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(e.evidenceRow).filter({ hasText: EML.name }).locator('[data-testid=evidence-download]').click(),
    ]);
    assert.equal(mail.suggestedFilename(), EML.name);
    shots.push(await screenshot(page, 'journal-evidence-search', 'ja'));
    await page.locator(e.evidenceRow).filter({ hasText: XML.name }).locator('[data-testid=evidence-entry]').click();
    await page.waitForURL(entryUrl);

    // ---- English.
    await switchLanguage(page, 'en');
    await waitForText(page, `${a.item} [data-testid=evidence-amount]`, '(from the entry)');
    shots.push(await screenshot(page, 'entry-evidence-files', 'en'));
    await page.locator(a.navJournal).click();
    await page.locator(e.tabEvidence).click();
    await evidenceRows(2);
    await waitForText(page, e.tabEvidence, 'Evidence files');
    shots.push(await screenshot(page, 'journal-evidence-search', 'en'));

    console.log(`screenshots:\n${shots.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
