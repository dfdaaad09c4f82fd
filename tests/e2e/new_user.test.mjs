// The books issue's acceptance story, as a new user lives it, once in Japanese and
// once in English: create a book from the Japanese template, put the owner's money
// in, enter a sale, an expense with its receipt and an owner's drawing, correct the
// posted sale, close the month, then read the P&L and the balance sheet and find
// the figures computed by hand below.
//
//   現金     100,000 in (事業主借) − 3,300 (消耗品費) − 50,000 (事業主貸) = 46,700
//   売掛金   110,000, corrected to 121,000
//   P&L      売上高 121,000 − 消耗品費 3,300 = 117,700
//   B/S      assets 46,700 + 121,000 + 50,000 (事業主貸) = 217,700
//            = 事業主借 100,000 + profit 117,700
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, fillLine, journalSel as j, newEntry, openSession, receiptPng, screenshot, sel,
  useApp, waitForApp, waitForText,
} from './harness.mjs';

const env = useApp();

const MONTH = 'from=2025-04-01&to=2025-04-30';
const RECEIPT = { name: 'receipt-stationery.png', mimeType: 'image/png', buffer: receiptPng() };

/** Enters and posts a two-line entry: [debit account, credit account, amount]. */
async function post(page, header, [debit, credit, amount]) {
  await newEntry(page, header);
  await fillLine(page, 1, debit, { debit: amount });
  await fillLine(page, 2, credit, { credit: amount });
  await page.locator(j.post).click();
  await page.waitForURL(/\/journal$/);
  await waitForText(page, j.entryRow, header.description);
}

/** The amount in the row of account `code` of a statement table. */
async function statementAmount(page, table, code) {
  const row = page.locator(`[data-testid=${table}] tr[data-testid=statement-row][data-code="${code}"]`);
  return (await row.locator('td').last().innerText()).trim();
}

/** The text of the statement's grand total rows (e.g. net income, total assets). */
async function grandTotal(page, table) {
  return (await page.locator(`[data-testid=${table}] .kura-report__grand`).last().innerText()).trim();
}

const STORIES = {
  ja: {
    name: '山田デザイン事務所',
    texts: {
      capital: '元手の入金', sale: 'ロゴ制作 A社', expense: '文具 購入', drawing: '生活費の引き出し',
      closed: '2025/04/30', totalAssets: '資産合計', totalClaims: '負債・純資産合計', attached: `「${RECEIPT.name}」を保存しました`, correct: '仕訳の訂正',
    },
  },
  en: {
    name: 'Yamada Design',
    texts: {
      capital: 'Owner puts money in', sale: 'Logo design for A Co.', expense: 'Stationery', drawing: 'Drawing for living costs',
      closed: '30 Apr 2025', totalAssets: 'Total assets', totalClaims: 'Total liabilities and equity', attached: `Saved “${RECEIPT.name}”`, correct: 'Correct an entry',
    },
  },
};

for (const [lang, story] of Object.entries(STORIES)) {
  test(`new user (${lang}): sale, expense with receipt, drawing, correction, month close, P&L and balance sheet`, { timeout: 3 * TEST_TIMEOUT }, async () => {
    const s = await openSession(env.browser, env.server, { locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
    const { page } = s;
    const t = story.texts;
    try {
      const bookId = await createBook(page, { name: story.name, locale: lang });

      // ---- The owner's money in, a sale on account, and an owner's drawing.
      await post(page, { date: '2025-04-01', description: t.capital }, ['現金', '事業主借', '100000']);
      await post(page, { date: '2025-04-03', description: t.sale, partner: 'A社' }, ['売掛金', '売上高', '110,000']);
      await post(page, { date: '2025-04-25', description: t.drawing }, ['事業主貸', '現金', '50000']);

      // ---- An expense with its receipt: saved as a draft, the picture attached, posted.
      await newEntry(page, { date: '2025-04-10', description: t.expense, partner: '文具店' });
      await fillLine(page, 1, '消耗品費', { debit: '3300' });
      await fillLine(page, 2, '現金', { credit: '3300' });
      await page.locator(j.saveDraft).click();
      await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
      await page.locator('[data-testid=attachment-input]').setInputFiles(RECEIPT);
      await waitForText(page, sel.toast, t.attached);
      await page.waitForFunction(
        () => [...document.querySelectorAll('img[data-testid=attachment-thumb]')].some((i) => i.complete && i.naturalWidth > 0),
      );
      await page.locator(j.post).click();
      await page.waitForURL(/\/journal$/);
      await waitForText(page, j.entryRow, t.expense);
      assert.equal(
        await page.locator(j.entryRow).filter({ hasText: t.expense }).locator('[data-testid=attachment-count]').count(), 1,
        'the expense is listed with its receipt',
      );

      // ---- The sale was 121,000, not 110,000: correct the posted entry.
      await page.locator(j.entryRow).filter({ hasText: t.sale }).first().click();
      await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
      await page.locator('[data-testid=correct-entry]').click();
      await waitForText(page, 'h1', t.correct);
      await page.locator('#entry-date').fill('2025-04-05'); // within April, before it is closed
      await page.locator('[data-testid=line-debit-1]').fill('121000');
      await page.locator('[data-testid=line-credit-2]').fill('121000');
      await page.locator(j.post).click();
      await waitForText(page, '[data-testid=entry-total]', '121,000');

      // ---- Close April.
      await page.locator(j.navJournal).click();
      await page.locator('#close-through').fill('2025-04-30');
      await page.locator('[data-testid=close-books]').click();
      await waitForText(page, j.closedThrough, t.closed);

      // ---- The P&L for April.
      await page.goto(`/books/${bookId}/reports/profit-and-loss?${MONTH}`);
      await waitForApp(page);
      await page.locator('[data-testid=profit-and-loss]').waitFor();
      assert.equal(await statementAmount(page, 'profit-and-loss', '400'), '¥121,000', 'sales after the correction');
      assert.equal(await statementAmount(page, 'profit-and-loss', '609'), '¥3,300');
      assert.match(await grandTotal(page, 'profit-and-loss'), /¥117,700$/);
      await screenshot(page, 'new-user-profit-and-loss', lang);

      // ---- The balance sheet at the end of April.
      await page.goto(`/books/${bookId}/reports/balance-sheet?${MONTH}`);
      await waitForApp(page);
      await page.locator('[data-testid=balance-sheet-assets]').waitFor();
      assert.equal(await statementAmount(page, 'balance-sheet-assets', '100'), '¥46,700');
      assert.equal(await statementAmount(page, 'balance-sheet-assets', '120'), '¥121,000');
      assert.equal(await statementAmount(page, 'balance-sheet-assets', '190'), '¥50,000');
      assert.match(await grandTotal(page, 'balance-sheet-assets'), /¥217,700$/);
      assert.equal(await statementAmount(page, 'balance-sheet-liabilities', '310'), '¥100,000');
      assert.match(await page.locator('[data-testid=balance-sheet-liabilities]').innerText(), /¥117,700/, 'the profit');
      assert.match(await grandTotal(page, 'balance-sheet-liabilities'), /¥217,700$/);
      await screenshot(page, 'new-user-balance-sheet', lang);
      // The CSV holds what the screen shows, its last line the total of
      // liabilities and equity.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=csv]').click()]);
      const rows = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);
      assert.ok(rows.includes(`${t.totalAssets},,,217700`), `the assets' total: ${rows.join(' | ')}`);
      assert.ok(rows.some((row) => /,310,.*,100000$/.test(row)), 'the capital');
      assert.equal(rows.at(-1), `${t.totalClaims},,,217700`);

      s.assertClean();
    } finally {
      await s.close();
    }
  });
}
