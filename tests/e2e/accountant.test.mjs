// The accountant's formats as a user meets them: in a new book with the Japanese
// chart, a 10% sale and a multi-line receipt (bank, transfer fee, receivable) are
// posted; on Files → For the accountant, 売上高 is mapped to the name the
// accountant's program uses and saved; the Yayoi file downloads as Shift_JIS with
// CRLF, 25 columns on every line, flags 2000 / 2110 / 2101, the mapped name and
// Yayoi's tax-category words with tax-included amounts; the Money Forward file
// has its 27-column header. A name Shift_JIS cannot hold is listed as a problem
// with its line and column, and no file is made; an emoji in a posted entry is
// written as 〓 and listed. Screens in Japanese and English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, openSession, screenshot, sel, switchLanguage, waitForApp, waitForText, useApp, fillLine, newEntry, createBook, postEntry,
} from './harness.mjs';

const env = useApp();

const x = {
  download: '[data-testid=accountant-download]',
  count: '[data-testid=accountant-count]',
  mappingRow: 'tr[data-testid=accountant-mapping-row]',
  saveMapping: '[data-testid=accountant-save-mapping]',
  unsaved: '[data-testid=accountant-unsaved]',
  mf: '[data-testid=accountant-format-moneyforward]',
  yayoi: '[data-testid=accountant-format-yayoi]',
  problems: '[data-testid=accountant-problems]',
};

const BOOK = '会計事務所テスト';

/** Clicks download; returns the suggested file name and the file's bytes. */
async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(x.download).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('accountant: Yayoi (Shift_JIS, 25 columns, flags, mapped name, tax words) and Money Forward', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: BOOK, chart: 'japan_sole_proprietor' });

    await newEntry(page, { date: '2026-07-01', description: '7月分 売上' });
    await fillLine(page, 1, '売掛金', { debit: '110000' });
    await fillLine(page, 2, '売上高', { credit: '110000' });
    assert.equal(await page.locator('[data-testid=line-tax-2]').inputValue(), 'sales10');
    await postEntry(page, '7月分 売上');

    await newEntry(page, { date: '2026-07-31', description: '入金 振込手数料差引' });
    await fillLine(page, 1, '普通預金', { debit: '109340' });
    await fillLine(page, 2, '支払手数料', { debit: '660' });
    // Enter in the last line's memo adds a third line.
    await page.locator('[data-testid=line-memo-2]').press('Enter');
    await fillLine(page, 3, '売掛金', { credit: '110000' });
    assert.equal(await page.locator('[data-testid=line-tax-2]').inputValue(), 'purchase10');
    await postEntry(page, '入金 振込手数料差引');

    await page.goto(`/books/${bookId}/accountant`);
    await waitForApp(page);
    await waitForText(page, x.count, '2件');

    // Accounts used in the period come first.
    const firstRows = await page.locator(x.mappingRow).evaluateAll((rows) =>
      rows.slice(0, 4).map((r) => r.querySelector('th').textContent.trim()),
    );
    assert.deepEqual(firstRows.sort(), ['111 普通預金', '120 売掛金', '400 売上高', '620 支払手数料']);

    const sales = page.locator(x.mappingRow).filter({ hasText: '400 売上高' }).locator('input');
    await sales.fill('売上高(課税)');
    await page.locator(x.unsaved).waitFor();
    await page.locator(x.saveMapping).click();
    await waitForText(page, sel.toast, '科目名の対応を保存しました');
    await page.locator(x.unsaved).waitFor({ state: 'detached' });
    await screenshot(page, 'accountant', 'ja');

    // ---- Yayoi: Shift_JIS, CRLF, no header, 25 columns.
    const yayoi = await download(page);
    assert.equal(yayoi.name, `${BOOK}-yayoi-2026-01-01_2026-12-31.csv`);
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(yayoi.bytes);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(yayoi.bytes), 'not UTF-8');
    assert.ok(text.endsWith('\r\n'));
    assert.equal(text.split('\n').length, text.split('\r\n').length, 'every line break is CRLF');
    const lines = text.slice(0, -2).split('\r\n').map((l) => l.split(','));
    assert.equal(lines.length, 3);
    for (const l of lines) assert.equal(l.length, 25, `25 columns: ${l.join(',')}`);
    assert.deepEqual(lines.map((l) => l[0]), ['2000', '2110', '2101']);
    assert.deepEqual(lines.map((l) => l[1]), ['1', '2', '2']);
    assert.deepEqual(lines[0], [
      '2000', '1', '', '2026/07/01',
      '売掛金', '', '', '対象外', '110000', '0',
      '売上高(課税)', '', '', '課税売上込10%', '110000', '10000',
      '7月分 売上', '', '', '0', '', '', '0', '0', 'no',
    ]);
    assert.deepEqual(lines[1].slice(4, 16), [
      '普通預金', '', '', '対象外', '109340', '0', '売掛金', '', '', '対象外', '110000', '0',
    ]);
    assert.deepEqual(lines[2].slice(4, 16), [
      '支払手数料', '', '', '課対仕入込10%適格', '660', '60', '', '', '', '対象外', '0', '0',
    ]);

    // ---- Money Forward: UTF-8 with BOM and its header.
    await page.locator(x.mf).check();
    const mf = await download(page);
    assert.equal(mf.name, `${BOOK}-moneyforward-2026-01-01_2026-12-31.csv`);
    const mfText = mf.bytes.toString('utf8');
    assert.ok(mfText.startsWith('\uFEFF'), 'a byte-order mark');
    const mfLines = mfText.slice(1).split('\r\n');
    const header = mfLines[0].split(',');
    assert.equal(header.length, 27);
    assert.deepEqual(header.slice(0, 10), [
      '取引No', '取引日', '借方勘定科目', '借方補助科目', '借方部門', '借方取引先', '借方税区分', '借方インボイス',
      '借方金額(円)', '借方税額',
    ]);
    assert.equal(header[18], '摘要');
    assert.equal(mfLines[1].split(',')[10], '売上高(課税)');
    assert.equal(mfLines[1].split(',')[14], '課税売上 10%');

    // ---- A name Shift_JIS cannot hold: the problem is listed, nothing is downloaded.
    await page.locator(x.yayoi).check();
    await sales.fill('𠮷売上');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.locator(x.download).click();
    await waitForText(page, x.problems, '1行目 11列目: 「𠮷」は Shift_JIS で書けない文字です');
    await screenshot(page, 'accountant-problem', 'ja');
    assert.equal(downloads, 0, 'no file with a problem');
    await sales.fill('売上高(課税)');
    await page.locator(x.download).click();
    await page.locator(x.problems).waitFor({ state: 'detached' });

    // ---- An emoji in a posted entry (which cannot be edited): the file is made,
    // the character written as 〓, and the replacement listed with its line.
    await newEntry(page, { date: '2026-08-03', description: '寿司🍣 接待' });
    await fillLine(page, 1, '接待交際費', { debit: '5500' });
    await fillLine(page, 2, '現金', { credit: '5500' });
    await postEntry(page, '寿司🍣 接待');
    await page.goto(`/books/${bookId}/accountant`);
    await waitForApp(page);
    await waitForText(page, x.count, '3件');
    const withEmoji = await download(page);
    const emojiText = new TextDecoder('shift_jis', { fatal: true }).decode(withEmoji.bytes);
    assert.ok(emojiText.includes('寿司〓 接待'), 'the emoji written as 〓');
    await waitForText(page, '[data-testid=accountant-replaced]', '4行目 17列目');
    await waitForText(page, '[data-testid=accountant-replaced]', '🍣');
    await screenshot(page, 'accountant-replaced', 'ja');

    await switchLanguage(page, 'en');
    await waitForText(page, x.count, 'Posted entries in this period: 3');
    await screenshot(page, 'accountant', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});
