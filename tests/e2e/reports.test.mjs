// The reports as a sole proprietor uses them: a book with a sale and an expense,
// the trial balance with its figures and totals, a figure drilled down to the
// general ledger and on to the entry, the CSV download (BOM, CRLF, plain
// amounts, Japanese headers), every report on screen, and the same in English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, startAll, switchLanguage, waitForText,
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
  statementRow: 'tr[data-testid=statement-row]',
};

const REPORTS = [
  'trial-balance', 'general-ledger', 'profit-and-loss', 'balance-sheet',
  'monthly-profit-and-loss', 'consumption-tax', 'blue-return',
];

/** Post one quick entry: `kind` as the quick-entry form names it, the account by its Japanese name. */
async function quick(page, bookId, { kind, account, amount, date, description }) {
  await page.goto(`/books/${bookId}/journal/quick`);
  await page.locator('[data-testid=quick-kind]').selectOption(kind);
  const value = await page.locator('[data-testid=quick-account] option').evaluateAll(
    (os, name) => os.find((o) => o.textContent.trim().endsWith(name))?.value,
    account,
  );
  assert.ok(value, `an account named ${account} for ${kind}`);
  await page.locator('[data-testid=quick-account]').selectOption(value);
  await page.locator('[data-testid=quick-amount]').fill(amount);
  await page.locator('#quick-date').fill(date);
  await page.locator('[data-testid=quick-description]').fill(description);
  await page.locator('[data-testid=quick-post]').click();
  await page.waitForURL(/\/journal$/);
}

/** The visible cells of a table row. */
async function cells(row) {
  return (await row.locator('td, th').allInnerTexts()).map((t) => t.trim());
}

test('reports: trial balance, drill-down, CSV, every report, in Japanese and English', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '山田デザイン事務所' });
    await quick(page, bookId, { kind: 'sale-cash', account: '売上高', amount: '110,000', date: '2026-04-01', description: '商品販売 A社' });
    await quick(page, bookId, { kind: 'expense-cash', account: '消耗品費', amount: '3,300', date: '2026-04-02', description: 'コピー用紙' });

    // ---- The trial balance over 2026 from the navigation, then the period in the URL.
    await page.locator(r.navReports).click();
    await waitForText(page, r.title, '合計残高試算表');
    await page.goto(`/books/${bookId}/reports/trial-balance?from=2026-01-01&to=2026-12-31`);
    await waitForText(page, r.tbTotals, '合計');
    const sales = page.locator(r.tbRow).filter({ hasText: '売上高' });
    assert.deepEqual((await cells(sales)).slice(2), ['¥0', '¥0', '¥110,000', '-¥110,000']);
    const cash = page.locator(r.tbRow).filter({ hasText: '現金' }).first();
    assert.deepEqual((await cells(cash)).slice(2), ['¥0', '¥110,000', '¥3,300', '¥106,700']);
    assert.deepEqual((await cells(page.locator(r.tbTotals))).slice(1), ['合計', '¥0', '¥113,300', '¥113,300', '¥0']);
    // Figures are right-aligned with tabular digits.
    const style = await sales.locator('td').nth(4).evaluate((el) => {
      const cs = getComputedStyle(el);
      return `${cs.textAlign} ${cs.fontVariantNumeric}`;
    });
    assert.equal(style, 'right tabular-nums');
    await screenshot(page, 'report-trial-balance', 'ja');

    // ---- CSV: the file a spreadsheet opens.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(r.csv).click()]);
    assert.equal(download.suggestedFilename(), 'trial-balance-2026-01-01_2026-12-31.csv');
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 BOM');
    const lines = text.slice(1).split('\r\n');
    assert.equal(lines[0], 'コード,勘定科目,前期繰越,借方,貸方,残高');
    assert.ok(lines.some((l) => /^\d+,売上高,0,0,110000,-110000$/.test(l)), lines.join('\n'));
    assert.equal(lines.at(-1), '', 'every row ends with CRLF');
    assert.equal(lines.at(-2), ',合計,0,113300,113300,0');

    // ---- Drill-down: the sales credit opens the ledger of sales, its row the entry.
    await sales.locator(r.drill).nth(2).click();
    await page.waitForURL(/\/reports\/general-ledger\?from=2026-01-01&to=2026-12-31&account=/);
    await waitForText(page, r.ledgerName, '売上高');
    assert.equal(await page.locator(r.ledgerRow).count(), 1);
    const row = await cells(page.locator(r.ledgerRow));
    assert.deepEqual(row, ['2026/04/01', '商品販売 A社', '', '現金', '¥0', '¥110,000', '¥110,000']);
    await screenshot(page, 'report-general-ledger', 'ja');
    await page.locator(r.ledgerEntry).click();
    await page.waitForURL(/\/books\/[^/]+\/journal\/[0-9a-f-]{36}$/);

    // ---- Profit and loss: the profit of the two entries.
    await page.goto(`/books/${bookId}/reports/profit-and-loss?from=2026-01-01&to=2026-12-31`);
    await waitForText(page, 'table[data-testid=profit-and-loss]', '当期純利益');
    assert.match(await page.locator('table[data-testid=profit-and-loss]').innerText(), /当期純利益\s*¥106,700/);

    // ---- The period: typed dates and the presets go into the URL.
    await page.goto(`/books/${bookId}/reports/trial-balance?from=2026-01-01&to=2026-12-31`);
    await waitForText(page, r.tbTotals, '合計');
    await page.locator('#report-from').fill('2026-04-02');
    await page.locator('#report-from').blur();
    await page.waitForURL(/from=2026-04-02&to=2026-12-31/);
    await waitForText(page, r.tbTotals, '¥3,300');
    // A P&L account opens at its balance since the start of the fiscal year.
    assert.deepEqual((await cells(page.locator(r.tbRow).filter({ hasText: '売上高' }))).slice(2), ['-¥110,000', '¥0', '¥0', '-¥110,000']);
    assert.equal(await page.locator('[data-testid=period-preset]').inputValue(), 'custom');
    await page.locator('[data-testid=period-preset]').selectOption('last-year');
    await page.waitForURL((url) => !url.search.includes('from=2026-04-02'));
    assert.equal(await page.locator('[data-testid=period-preset]').inputValue(), 'last-year');

    // ---- Tax summary: a tax code's line count lists its entries.
    await page.goto(`/books/${bookId}/reports/consumption-tax?from=2026-01-01&to=2026-12-31`);
    const saleTax = page.locator('tr[data-testid=tax-row]').filter({ hasText: '課税売上' }).first();
    await saleTax.locator(r.drill).click();
    await page.waitForURL(/&code=\d+$/);
    await waitForText(page, 'tr[data-testid=tax-entry-row]', '商品販売 A社');
    assert.equal(await page.locator('tr[data-testid=tax-entry-row]').count(), 1);
    assert.match(await page.locator('[data-testid=tax-general]').innerText(), /¥10,000/);

    // ---- Every report renders, in Japanese.
    for (const name of REPORTS) {
      await page.goto(`/books/${bookId}/reports/${name}?from=2026-01-01&to=2026-12-31`);
      await page.locator(`[data-testid=report-${name}][aria-current=page]`).waitFor();
      await page.locator(r.print).waitFor();
      await screenshot(page, `report-${name}`, 'ja');
    }
    await waitForText(page, '[data-testid=blue-pl]', '売上(収入)金額');

    // ---- English: the same figures, English labels and headers.
    await page.goto(`/books/${bookId}/reports/trial-balance?from=2026-01-01&to=2026-12-31`);
    await switchLanguage(page, 'en');
    await waitForText(page, r.title, 'Trial balance');
    assert.deepEqual((await cells(page.locator(r.tbTotals))).slice(1), ['Total', '¥0', '¥113,300', '¥113,300', '¥0']);
    const [enDownload] = await Promise.all([page.waitForEvent('download'), page.locator(r.csv).click()]);
    const enText = readFileSync(await enDownload.path(), 'utf8');
    assert.equal(enText.slice(1).split('\r\n')[0], 'Code,Account,Brought forward,Debit,Credit,Balance');
    for (const name of REPORTS) {
      await page.goto(`/books/${bookId}/reports/${name}?from=2026-01-01&to=2026-12-31`);
      await page.locator(`[data-testid=report-${name}][aria-current=page]`).waitFor();
      await screenshot(page, `report-${name}`, 'en');
    }
    await waitForText(page, '[data-testid=blue-pl]', 'Sales');
    s.assertClean();
  } finally {
    await s.close();
  }
});
