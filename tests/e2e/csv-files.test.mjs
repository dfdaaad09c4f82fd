// CSV import and export as a user meets them (Files → CSV): a small book's
// journal is downloaded (UTF-8 with BOM, Kura journal CSV v1) and imported into
// a new empty book, whose trial balance then equals the first one's; a bad file
// (an unbalanced voucher, an unknown account, the amount `1,2,3`) gets its
// problems listed by line and column and leaves the journal as it was; a
// partners file whose name column was not recognised is imported after the
// mapping is corrected. Screens in Japanese and English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, openSession, screenshot, switchLanguage, waitForApp, waitForText, useApp, fillLine, newEntry, createBook, postEntry, bookChecksum,
  journalSel,
} from './harness.mjs';

const env = useApp();

const c = {
  download: '[data-testid=csv-download]',
  file: '[data-testid=csv-file]',
  mapping: '[data-testid=csv-mapping]',
  check: '[data-testid=csv-check]',
  import: '[data-testid=csv-import]',
  summary: '[data-testid=csv-summary]',
  saved: '[data-testid=csv-saved]',
  problems: '[data-testid=csv-problems] li',
};

const YEAR = 'from=2026-01-01&to=2026-12-31';

async function openCsv(page, bookId) {
  await page.goto(`/books/${bookId}/csv`);
  await waitForApp(page);
  await page.locator('[data-testid=csv-page]').waitFor();
}

/** The trial balance's rows as text. */
async function trialBalance(page, bookId) {
  await page.goto(`/books/${bookId}/reports/trial-balance?${YEAR}`);
  await page.locator('tr[data-testid=tb-row]').first().waitFor();
  return page.locator('table[data-testid=trial-balance] tbody tr').allInnerTexts();
}

async function journalCount(page, bookId) {
  await page.goto(`/books/${bookId}/journal`);
  await waitForApp(page);
  await page.waitForTimeout(300);
  return page.locator(journalSel.entryRow).count();
}

async function choose(page, name, text) {
  await page.locator(c.file).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.locator(c.mapping).waitFor();
}

test('csv: journal export → import into an empty book, bad file, partners with a mapping fix', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    // ---- A small book with a sale and its receipt.
    const source = await createBook(page, { name: 'CSV元帳簿', chart: 'japan_sole_proprietor' });
    await newEntry(page, { date: '2026-07-01', description: '7月分 売上', partner: '山田商事' });
    await fillLine(page, 1, '売掛金', { debit: '110000' });
    await fillLine(page, 2, '売上高', { credit: '110000' });
    await postEntry(page, '7月分 売上');
    await newEntry(page, { date: '2026-07-31', description: '入金' });
    await fillLine(page, 1, '普通預金', { debit: '110000' });
    await fillLine(page, 2, '売掛金', { credit: '110000' });
    await postEntry(page, '入金');

    // ---- Export: UTF-8 with BOM, the v1 header, one row per line.
    await openCsv(page, source);
    await screenshot(page, 'csv-export', 'ja');
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator(c.download).click()]);
    assert.equal(file.suggestedFilename(), 'CSV元帳簿-journal.csv');
    const bytes = readFileSync(await file.path());
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark');
    const rows = text.slice(1).split('\r\n');
    assert.equal(rows[0], '伝票番号,日付,勘定科目コード,勘定科目,借方金額,貸方金額,税区分,取引先,摘要,メモ');
    assert.equal(rows.length, 1 + 4 + 1, 'header, four lines, and the final CRLF');
    assert.match(rows[1], /^1,2026-07-01,\d+,売掛金,110000,,[a-z0-9_]*,山田商事,7月分 売上,$/);
    const expected = await trialBalance(page, source);
    assert.equal(expected.length, 3, `three accounts: ${expected}`);

    // ---- Import into a new empty book: mapping guessed, checked, imported.
    const target = await createBook(page, { name: 'CSV先帳簿', chart: 'japan_sole_proprietor' });
    await openCsv(page, target);
    await page.locator(c.file).setInputFiles({ name: 'journal.csv', mimeType: 'text/csv', buffer: bytes });
    await page.locator(c.mapping).waitFor();
    assert.equal(await page.locator('[data-testid=csv-map-voucher]').inputValue(), '0');
    assert.equal(await page.locator('[data-testid=csv-map-credit]').inputValue(), '5');
    assert.ok(await page.locator(c.import).isDisabled(), 'nothing to import before the check');
    await page.locator(c.check).click();
    await waitForText(page, c.summary, '仕訳 2件(4行)、合計 ¥220,000');
    await screenshot(page, 'csv-import-checked', 'ja');
    await page.locator(c.import).click();
    await waitForText(page, c.saved, '2件を保存しました');
    assert.deepEqual(await trialBalance(page, target), expected, 'the same trial balance');
    assert.equal(await journalCount(page, target), 2);

    // ---- A bad file: problems by line and column, nothing written.
    const before = await bookChecksum(page, target);
    await openCsv(page, target);
    await choose(page, 'bad.csv', [
      '伝票番号,日付,勘定科目,借方金額,貸方金額',
      '1,2026-08-01,現金,1000,',
      '1,2026-08-01,売上高,,900',
      '2,2026-08-02,幽霊勘定,500,',
      '2,2026-08-02,現金,,500',
      '3,2026-08-03,現金,"1,2,3",',
      '3,2026-08-03,売上高,,123',
    ].join('\r\n'));
    await page.locator(c.check).click();
    await page.locator(c.problems).first().waitFor();
    const problems = await page.locator(c.problems).allInnerTexts();
    assert.deepEqual(problems, [
      '4行目 3列目: 勘定科目「幽霊勘定」はこの帳簿にありません。',
      '6行目 4列目: 「1,2,3」は金額として読めません(例: 12,000)。',
      '2行目: 借方合計 1,000 と貸方合計 900 が一致しません。',
    ]);
    assert.ok(await page.locator(c.import).isDisabled(), 'a file with problems cannot be imported');
    await screenshot(page, 'csv-problems', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, c.problems, 'Line 4, column 3: This book has no account named “幽霊勘定”.');
    await screenshot(page, 'csv-problems', 'en');
    await switchLanguage(page, 'ja');
    assert.equal(await journalCount(page, target), 2, 'the journal is unchanged');
    assert.equal(await bookChecksum(page, target), before, 'the book is unchanged');

    // ---- Partners: the name column is not recognised until the user maps it.
    await openCsv(page, target);
    await page.locator('[data-testid=csv-import-kind-partners]').check();
    await choose(page, 'partners.csv', '会社,得意先,仕入先,電話\r\n青空商店,1,0,03-1234-5678\r\n');
    assert.equal(await page.locator('[data-testid=csv-map-name]').inputValue(), '');
    await page.locator(c.check).click();
    await waitForText(page, c.problems, '「取引先名」の列が選ばれていません。');
    await page.locator('[data-testid=csv-map-name]').selectOption('0');
    await page.locator(c.check).click();
    await waitForText(page, c.summary, '取引先 1件を取り込めます。');
    await switchLanguage(page, 'en');
    await waitForText(page, c.summary, 'Ready to import 1 partner.');
    await screenshot(page, 'csv-import-checked', 'en');
    await page.locator(c.import).click();
    await waitForText(page, c.saved, 'Saved 1 record.');
    await page.goto(`/books/${target}/partners`);
    await waitForText(page, 'tr[data-testid=partner-row]', '青空商店');
    await openCsv(page, target);
    await screenshot(page, 'csv-export', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});
