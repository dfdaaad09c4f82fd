// The reports as a sole proprietor uses them: a book with a sale and an expense,
// the trial balance in the classic layout (each figure on its side, totals that
// tie out), a figure drilled down to the general ledger and on to the entry, the
// CSV download (BOM, CRLF, plain amounts, Japanese headers), a correction seen
// in the journal (仕訳帳) and in the change history (変更履歴), every report on
// screen and in print (A4 PDF), and the same in English. A second test opens a
// demo book: long reports page on screen and print whole, and the time a
// report tab switch takes is logged.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  ARTIFACTS, TEST_TIMEOUT, createBook, quickEntry, openSession, screenshot, startAll, switchLanguage, waitForApp, waitForText,
} from './harness.mjs';

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.stop();
});

const r = {
  navReports: '[data-testid=nav-reports]',
  title: '[data-testid=report-title]',
  tbRow: 'tr[data-testid=tb-row]',
  tbTotals: 'tr[data-testid=tb-totals]',
  drill: '[data-testid=drill]',
  ledgerRow: 'tr[data-testid=ledger-row]',
  ledgerEntry: '[data-testid=ledger-entry]',
  ledgerName: '[data-testid=ledger-account-name]',
  csv: '[data-testid=csv]',
  print: '[data-testid=print]',
  journal: 'table[data-testid=journal]',
  journalEntry: 'tbody[data-testid=journal-entry]',
  journalLine: 'tr[data-testid=journal-line]',
  journalTotals: 'tr[data-testid=journal-totals]',
  journalCount: '[data-testid=journal-count]',
  historyRow: 'tr[data-testid=history-row]',
  historyFind: '[data-testid=history-find]',
  pager: '[data-testid=report-pager]',
};

const YEAR = 'from=2026-01-01&to=2026-12-31';
const REPORTS = [
  'trial-balance', 'journal', 'general-ledger', 'profit-and-loss', 'balance-sheet',
  'monthly-profit-and-loss', 'consumption-tax', 'blue-return', 'change-history',
];


/** The visible cells of a table row. */
async function cells(row) {
  return (await row.locator('td, th').allInnerTexts()).map((t) => t.trim());
}

/** Download the report's CSV; its lines without the BOM. */
async function csvLines(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(r.csv).click()]);
  if (name) assert.equal(download.suggestedFilename(), name);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 BOM');
  const lines = text.slice(1).split('\r\n');
  assert.equal(lines.at(-1), '', 'every row ends with CRLF');
  return lines.slice(0, -1);
}

/** Open a report over a period and wait for its tab to be the current one. */
async function openReport(page, bookId, name, query = YEAR) {
  await page.goto(`/books/${bookId}/reports/${name}?${query}`);
  await page.locator(`[data-testid=report-${name}][aria-current=page]`).waitFor();
}

/**
 * The print layout: the Print button (with the browser's dialog stubbed) puts
 * the whole report on the page; saved as an A4 PDF and a print-media screenshot.
 */
async function printed(page, name, lang) {
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  await page.locator(r.print).click();
  await page.waitForFunction(() => window.__printed === 1);
  await page.emulateMedia({ media: 'print' });
  const pdf = `${ARTIFACTS}report-${name}-print.${lang}.pdf`;
  writeFileSync(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await screenshot(page, `report-${name}-print`, lang);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
}

test('reports: trial balance, drill-down, CSV, journal, change history, print, in Japanese and English', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '山田デザイン事務所' });
    await quickEntry(page, bookId, { kind: 'sale-cash', account: '売上高', amount: '110,000', date: '2026-04-01', description: '商品販売 A社' });
    await quickEntry(page, bookId, { kind: 'expense-cash', account: '消耗品費', amount: '3,300', date: '2026-04-02', description: 'コピー用紙' });

    // ---- The trial balance over 2026 from the navigation, then the period in the URL.
    await page.locator(r.navReports).click();
    await waitForText(page, r.title, '合計残高試算表');
    await openReport(page, bookId, 'trial-balance');
    await waitForText(page, r.tbTotals, '合計');
    const heads = (await page.locator('table[data-testid=trial-balance] thead th').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(heads, ['借方残高', '借方合計', 'コード', '勘定科目', '貸方合計', '貸方残高']);
    // Each balance in the column of its side, without a sign; the other side empty.
    const sales = page.locator(r.tbRow).filter({ hasText: '売上高' });
    const salesCells = await cells(sales);
    assert.deepEqual([...salesCells.slice(0, 2), ...salesCells.slice(3)], ['', '', '売上高', '¥110,000', '¥110,000']);
    const cash = page.locator(r.tbRow).filter({ hasText: '現金' }).first();
    const cashCells = await cells(cash);
    assert.deepEqual([...cashCells.slice(0, 2), ...cashCells.slice(3)], ['¥106,700', '¥110,000', '現金', '¥3,300', '']);
    // The check: debit totals = credit totals, debit balances = credit balances.
    assert.deepEqual(await cells(page.locator(r.tbTotals)), ['¥110,000', '¥113,300', '', '合計', '¥113,300', '¥110,000']);
    assert.equal(await page.locator(`${r.tbRow} .kura-money--negative`).count(), 0, 'no signed red figures');
    // Figures are right-aligned with tabular digits.
    const style = await sales.locator('td').nth(4).evaluate((el) => {
      const cs = getComputedStyle(el);
      return `${cs.textAlign} ${cs.fontVariantNumeric}`;
    });
    assert.equal(style, 'right tabular-nums');
    await screenshot(page, 'report-trial-balance', 'ja');

    // ---- CSV: the file a spreadsheet opens, in the same layout.
    const tbCsv = await csvLines(page, 'trial-balance-2026-01-01_2026-12-31.csv');
    assert.equal(tbCsv[0], '借方残高,借方合計,コード,勘定科目,貸方合計,貸方残高');
    assert.ok(tbCsv.some((l) => /^0,0,\d+,売上高,110000,110000$/.test(l)), tbCsv.join('\n'));
    assert.equal(tbCsv.at(-1), '110000,113300,,合計,113300,110000');

    // ---- Drill-down: the sales credit total opens the ledger of sales, its row the entry.
    await sales.locator(r.drill).first().click();
    await page.waitForURL(/\/reports\/general-ledger\?from=2026-01-01&to=2026-12-31&account=/);
    await waitForText(page, r.ledgerName, '売上高');
    assert.equal(await page.locator(r.ledgerRow).count(), 1);
    const row = await cells(page.locator(r.ledgerRow));
    assert.deepEqual(row, ['2026/04/01', '商品販売 A社', '', '現金', '¥0', '¥110,000', '¥110,000']);
    await screenshot(page, 'report-general-ledger', 'ja');
    await page.locator(r.ledgerEntry).click();
    await page.waitForURL(/\/books\/[^/]+\/journal\/[0-9a-f-]{36}$/);

    // ---- Profit and loss: the profit of the two entries.
    await openReport(page, bookId, 'profit-and-loss');
    await waitForText(page, 'table[data-testid=profit-and-loss]', '当期純利益');
    assert.match(await page.locator('table[data-testid=profit-and-loss]').innerText(), /当期純利益\s*¥106,700/);

    // ---- The period: typed dates and the presets go into the URL.
    await openReport(page, bookId, 'trial-balance');
    await waitForText(page, r.tbTotals, '合計');
    await page.locator('#report-from').fill('2026-04-02');
    await page.locator('#report-from').blur();
    await page.waitForURL(/from=2026-04-02&to=2026-12-31/);
    // A P&L account opens at its balance since the start of the fiscal year:
    // brought forward on its side, in the credit total.
    await page.locator(`${r.tbRow} a[href*="from=2026-04-02"]`).first().waitFor();
    const midSales = await cells(page.locator(r.tbRow).filter({ hasText: '売上高' }));
    assert.deepEqual([...midSales.slice(0, 2), ...midSales.slice(3)], ['', '', '売上高', '¥110,000', '¥110,000']);
    assert.equal(await page.locator('[data-testid=period-preset]').inputValue(), 'custom');
    await page.locator('[data-testid=period-preset]').selectOption('last-year');
    await page.waitForURL((url) => !url.search.includes('from=2026-04-02'));
    assert.equal(await page.locator('[data-testid=period-preset]').inputValue(), 'last-year');

    // ---- Tax summary: a tax code's line count lists its entries.
    await openReport(page, bookId, 'consumption-tax');
    const saleTax = page.locator('tr[data-testid=tax-row]').filter({ hasText: '課税売上' }).first();
    await saleTax.locator(r.drill).click();
    await page.waitForURL(/&code=\d+$/);
    await waitForText(page, 'tr[data-testid=tax-entry-row]', '商品販売 A社');
    assert.equal(await page.locator('tr[data-testid=tax-entry-row]').count(), 1);
    assert.match(await page.locator('[data-testid=tax-general]').innerText(), /¥10,000/);

    // ---- The return's boxes, by hand: ① 110,000 × 100/110 = 100,000; ② × 7.8% =
    // 7,800; ④ the purchase's 300 × 78/100 = 234; ⑨ 7,566 → 7,500; ⑳ 7,500 × 22/78
    // = 2,115.3 → 2,100; ㉖ 9,600.
    const returnBox = (n) => `tr[data-testid=return-box][data-box="${n}"]`;
    const boxAmount = async (n) => (await page.locator(`${returnBox(n)} td`).last().innerText()).trim();
    await waitForText(page, returnBox(26), '¥9,600');
    assert.deepEqual(
      [await boxAmount(1), await boxAmount(2), await boxAmount(4), await boxAmount(9), await boxAmount(20)],
      ['¥100,000', '¥7,800', '¥234', '¥7,500', '¥2,100'],
    );
    // 2026 is covered by the 2割特例: ④ 7,800 × 80% = 6,240; ⑨ 1,560 → 1,500;
    // ⑳ 1,500 × 22/78 = 423 → 400; ㉖ 1,900.
    assert.match(await page.locator('[data-testid=tax-special] h2').innerText(), /2割特例/);
    await page.locator('[data-testid=return-method]').selectOption('Special');
    await waitForText(page, returnBox(26), '¥1,900');
    // A negative interim payment is refused at its field; then 1,000 and 300 paid
    // in advance leave ⑪ 500, ㉒ 100, ㉖ 600.
    await page.locator('[data-testid=return-interim-national]').fill('-1000');
    await page.locator('[data-testid=return-interim-national]').press('Tab');
    await waitForText(page, '[data-testid=tax-return] [role=alert]', 'マイナス');
    await page.locator('[data-testid=return-interim-national]').fill('1000');
    await page.locator('[data-testid=return-interim-national]').press('Tab');
    await page.locator('[data-testid=return-interim-local]').fill('300');
    await page.locator('[data-testid=return-interim-local]').press('Tab');
    await waitForText(page, returnBox(26), '¥600');
    assert.equal(await page.locator('[data-testid=tax-return] [role=alert]').count(), 0);
    assert.equal(await boxAmount(11), '¥500');
    assert.equal(await boxAmount(22), '¥100');
    await screenshot(page, 'report-tax-return', 'ja');
    const taxCsv = await csvLines(page, 'consumption-tax-2026-01-01_2026-12-31.csv');
    assert.ok(taxCsv.includes('2割特例,2000'), taxCsv.join('\n'));
    assert.ok(taxCsv.includes('11,納付税額,500'), taxCsv.join('\n'));
    assert.ok(taxCsv.includes('26,消費税及び地方消費税の合計(納付又は還付)税額,600'), taxCsv.join('\n'));
    assert.ok(taxCsv.includes('課税標準額,0,100000,100000'), taxCsv.join('\n'));

    // ---- Correct the copy paper to 4,400 (a reversal and a correction).
    await page.goto(`/books/${bookId}/journal`);
    await page.locator('tr[data-testid=entry-row]').filter({ hasText: 'コピー用紙' }).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid=correct-entry]').click();
    await waitForText(page, 'h1', '仕訳の訂正');
    await page.locator('#entry-date').fill('2026-04-02');
    await page.locator('[data-testid=line-debit-1]').fill('4400');
    await page.locator('[data-testid=line-credit-2]').fill('4400');
    await waitForText(page, '[data-testid=entry-difference]', '貸借一致');
    await page.locator('[data-testid=post-entry]').click();
    await waitForText(page, '[data-testid=entry-total]', '¥4,400');

    // ---- 仕訳帳: every posted entry in date order, with its lines and totals.
    await openReport(page, bookId, 'journal');
    await waitForText(page, r.journalCount, '仕訳 4 件');
    const first = page.locator(r.journalEntry).first();
    assert.match(await first.locator('tr').first().innerText(), /^1\s+2026\/04\/01\s+商品販売 A社/);
    const firstLines = await first.locator(r.journalLine).all();
    assert.equal(firstLines.length, 2);
    assert.deepEqual((await cells(firstLines[0])).slice(2, 5), ['現金', '¥110,000', '']);
    assert.deepEqual((await cells(firstLines[1])).slice(2, 6), ['売上高', '', '¥110,000', '課税売上10%']);
    // The reversal and the correction say what they undo, and link to it.
    const reversal = page.locator(r.journalEntry).filter({ hasText: '取消' });
    assert.match(await reversal.innerText(), /^\d\s+2026\/04\/02\s+コピー用紙 取消 元の仕訳\s+消耗品費\s+¥3,300\s+課税仕入10%\s+現金\s+¥3,300/);
    const fixed = page.locator(r.journalEntry).filter({ hasText: '¥4,400' });
    assert.match(await fixed.innerText(), /コピー用紙 訂正 元の仕訳/);
    // Period totals: debits = credits = 110,000 + 3,300 × 2 + 4,400.
    assert.deepEqual((await cells(page.locator(r.journalTotals))).slice(2, 5), ['合計', '¥121,000', '¥121,000']);
    await screenshot(page, 'report-journal', 'ja');
    const journalCsv = await csvLines(page, 'journal-2026-01-01_2026-12-31.csv');
    assert.equal(journalCsv[0], 'No.,日付,摘要,取引先,勘定科目,借方,貸方,税区分,メモ,仕訳ID');
    assert.match(journalCsv[1], /^1,2026-04-01,商品販売 A社,,現金,110000,0,,,[0-9a-f-]{36}$/);
    assert.equal(journalCsv.at(-1), ',,合計,,,121000,121000,,,');
    await printed(page, 'journal', 'ja');
    await first.locator('[data-testid=journal-entry-link]').click();
    await page.waitForURL(/\/books\/[^/]+\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=entry-total]', '¥110,000');

    // ---- 変更履歴: the book's creation, two postings, the reversal and the correction.
    await openReport(page, bookId, 'change-history', 'from=2000-01-01&to=2099-12-31');
    await waitForText(page, '[data-testid=report-period]', '変更日');
    await page.locator(r.historyRow).nth(4).waitFor();
    const changes = await page.locator(r.historyRow).all();
    assert.equal(changes.length, 5);
    assert.deepEqual((await cells(changes[0])).slice(1, 3), ['帳簿の設定', '帳簿を作成']);
    const correction = await cells(changes[4]);
    assert.match(correction[0], /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    assert.deepEqual(correction.slice(1, 3), ['仕訳', '訂正仕訳を記帳 元の仕訳']);
    assert.match(correction[3], /^2026\/04\/02 コピー用紙: 消耗品費 ¥3,300 \/ 現金 ¥3,300$/);
    assert.match(correction[4], /^2026\/04\/02 コピー用紙: 消耗品費 ¥4,400 \/ 現金 ¥4,400$/);
    assert.match((await cells(changes[3]))[2], /取消仕訳を記帳/);
    // The text finds the changes that mention it.
    await page.locator(r.historyFind).fill('コピー');
    await page.locator(r.historyFind).press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=history-row]').length === 3);
    const historyCsv = await csvLines(page, 'change-history-2000-01-01_2099-12-31.csv');
    assert.equal(historyCsv[0], '日時,対象,内容,変更前,変更後,ID');
    assert.equal(historyCsv.length, 4);
    assert.match(historyCsv[3], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},仕訳,訂正仕訳を記帳,"2026\/04\/02 コピー用紙: 消耗品費 ¥3,300 \/ 現金 ¥3,300","2026\/04\/02 コピー用紙: 消耗品費 ¥4,400/);
    await screenshot(page, 'report-change-history', 'ja');
    await printed(page, 'change-history', 'ja');
    // Each entry's change links to the entry.
    await page.locator('[data-testid=history-record]').last().click();
    await page.waitForURL(/\/books\/[^/]+\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=entry-total]', '¥4,400');
    // The original entry's page opens the history of it and of what undid it.
    await page.locator('[data-testid=corrects-link]').click();
    await waitForText(page, '[data-testid=entry-total]', '¥3,300');
    const originalId = /\/journal\/([0-9a-f-]{36})$/.exec(page.url())[1];
    await screenshot(page, 'report-entry-history-link', 'ja');
    await page.locator('[data-testid=entry-history-report]').click();
    await page.waitForURL(new RegExp(`/reports/change-history\\?from=\\d{4}-\\d{2}-\\d{2}&to=\\d{4}-\\d{2}-\\d{2}&q=${originalId}$`));
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=history-row]').length === 3);
    assert.equal(await page.locator(r.historyFind).inputValue(), originalId);

    // ---- Every report renders, on screen and in print, in Japanese.
    for (const name of REPORTS) {
      await openReport(page, bookId, name);
      await page.locator(r.print).waitFor();
      await screenshot(page, `report-${name}`, 'ja');
    }
    await openReport(page, bookId, 'change-history', 'from=2020-01-01&to=2020-12-31');
    await waitForText(page, '[data-testid=report-empty]', 'この期間に記録された変更はありません');
    await openReport(page, bookId, 'blue-return');
    await waitForText(page, '[data-testid=blue-pl]', '売上(収入)金額');
    await openReport(page, bookId, 'trial-balance');
    await printed(page, 'trial-balance', 'ja');

    // ---- English: the same figures, English labels and headers.
    await switchLanguage(page, 'en');
    await waitForText(page, r.title, 'Trial balance');
    const enHeads = (await page.locator('table[data-testid=trial-balance] thead th').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(enHeads, ['Debit balance', 'Debit total', 'Code', 'Account', 'Credit total', 'Credit balance']);
    assert.deepEqual(await cells(page.locator(r.tbTotals)), ['¥110,000', '¥121,000', '', 'Total', '¥121,000', '¥110,000']);
    const enCsv = await csvLines(page);
    assert.equal(enCsv[0], 'Debit balance,Debit total,Code,Account,Credit total,Credit balance');
    await screenshot(page, 'report-trial-balance', 'en');
    await printed(page, 'trial-balance', 'en');
    await openReport(page, bookId, 'journal');
    await waitForText(page, r.journalCount, '4 entries');
    assert.deepEqual((await cells(page.locator(r.journalTotals))).slice(2, 5), ['Total', '¥121,000', '¥121,000']);
    assert.match(await page.locator(r.journalEntry).filter({ hasText: 'Reversal' }).innerText(), /Reversal original entry/);
    await screenshot(page, 'report-journal', 'en');
    await printed(page, 'journal', 'en');
    await openReport(page, bookId, 'change-history', 'from=2000-01-01&to=2099-12-31');
    await page.locator(r.historyRow).nth(4).waitFor();
    const enCorrection = await cells(page.locator(r.historyRow).nth(4));
    assert.deepEqual(enCorrection.slice(1, 3), ['Entry', 'Correction posted original entry']);
    assert.match(enCorrection[3], /^2 Apr 2026 コピー用紙: Supplies ¥3,300 \/ Cash ¥3,300$/);
    await screenshot(page, 'report-change-history', 'en');
    await printed(page, 'change-history', 'en');
    for (const name of REPORTS) {
      await openReport(page, bookId, name);
      await screenshot(page, `report-${name}`, 'en');
    }
    await openReport(page, bookId, 'change-history', 'from=2020-01-01&to=2020-12-31');
    await waitForText(page, '[data-testid=report-empty]', 'No changes were recorded');
    await openReport(page, bookId, 'blue-return');
    await waitForText(page, '[data-testid=blue-pl]', 'Sales');
    s.assertClean();
  } finally {
    await s.close();
  }
});

/** Milliseconds from a click on a report tab to the frame after the new report is drawn. */
async function tabSwitch(page, name) {
  return page.evaluate(async (slug) => {
    const tab = () => document.querySelector(`[data-testid=report-${slug}]`);
    if (!tab()) throw new Error(`no tab ${slug} on ${location.href}`);
    const start = performance.now();
    tab().click();
    while (tab()?.getAttribute('aria-current') !== 'page') {
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    return Math.round(performance.now() - start);
  }, name);
}

test('long reports on a demo book: one page on screen, every page in print; tab switch timing', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    await page.goto('/');
    await waitForApp(page);
    await page.locator('[data-testid=create-demo-book]').click();
    await page.waitForURL(/\/books\/[^/]+\/dashboard$/, { timeout: 90_000 });
    const bookId = /\/books\/([^/]+)\//.exec(new URL(page.url()).pathname)[1];

    // Last year of the demo: a full year of entries, 50 of them on screen.
    await page.goto(`/books/${bookId}/reports/journal`);
    await page.locator('[data-testid=period-preset]').selectOption('last-year');
    await page.waitForURL(/from=/);
    await page.locator(r.pager).first().waitFor();
    const total = Number((await page.locator(r.journalCount).innerText()).replace(/\D/g, ''));
    assert.ok(total > 1000, `a year of the demo: ${total} entries`);
    assert.equal(await page.locator(r.journalEntry).count(), 50);
    await waitForText(page, r.pager, `${total.toLocaleString('en')}件中 1–50件`);
    await page.locator('[data-testid=report-next]').first().click();
    await waitForText(page, r.pager, '51–100件');
    assert.match(await page.locator(r.journalEntry).first().innerText(), /^51\s/);
    // Print: every entry, no pager.
    await page.evaluate(() => { window.print = () => {}; });
    await page.locator(r.print).click();
    await page.waitForFunction((n) => document.querySelectorAll('tbody[data-testid=journal-entry]').length === n, total);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.waitForFunction(() => document.querySelectorAll('tbody[data-testid=journal-entry]').length === 50);
    // The browser's own print command (beforeprint) puts every entry on the page too.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.waitForFunction((n) => document.querySelectorAll('tbody[data-testid=journal-entry]').length === n, total);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.waitForFunction(() => document.querySelectorAll('tbody[data-testid=journal-entry]').length === 50);

    // The change history of the demo: the book, its accounts and its entries.
    await page.goto(`/books/${bookId}/reports/change-history?from=2000-01-01&to=2099-12-31`);
    await page.locator(r.pager).first().waitFor();
    assert.equal(await page.locator(r.historyRow).count(), 50);

    // Tab switches, each measured twice (the second with the report's data warm).
    await page.goto(`/books/${bookId}/reports/trial-balance`);
    await page.locator('tr[data-testid=tb-row]').first().waitFor();
    const timings = [];
    for (let round = 0; round < 2; round += 1) {
      for (const name of [...REPORTS.slice(1), REPORTS[0]]) {
        timings.push(`${name} ${await tabSwitch(page, name)}`);
      }
    }
    console.log(`report tab switch (ms, click to the frame after): ${timings.join(', ')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
