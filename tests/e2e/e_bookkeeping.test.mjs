// The 電子帳簿保存 page as a sole proprietor meets it from the data tabs: each
// 優良 requirement with how the book meets it and what is left to do, an entry
// typed months after its date listed as recorded late, the 事務処理規程 filled
// with the owner's and the book's names, printed on A4; the same in English.
// Deleting a book warns of the seven years the law keeps books for.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ARTIFACTS, TEST_TIMEOUT, createBook, openSession, quickEntry, screenshot, switchLanguage, useApp, waitForText,
} from './harness.mjs';

const env = useApp();

test('e-bookkeeping: requirements, late entries, the 事務処理規程, in Japanese and English', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '山田デザイン事務所', owner: '山田 太郎' });
    // Today is after 2026-11-01: an entry dated 2026-09-01 is recorded more than
    // two months late; a receipt of last week is not (a date in the past week).
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await quickEntry(page, bookId, { kind: 'expense-cash', account: '消耗品費', amount: '3,300', date: '2026-09-01', description: '九月の文具' });
    await quickEntry(page, bookId, { kind: 'expense-cash', account: '消耗品費', amount: '1,100', date: lastWeek, description: '先週の文具' });

    await page.goto(`/books/${bookId}/data`);
    await page.locator('[data-testid=files-tab-e-bookkeeping]').click();
    await page.waitForURL(/\/e-bookkeeping$/);
    await waitForText(page, 'h1', '電子帳簿保存');
    const rows = page.locator('tr[data-testid=requirement-row]');
    assert.equal(await rows.count(), 9);
    assert.match(await rows.first().innerText(), /訂正・削除の履歴の確保[\s\S]*満たしています/);
    assert.match(await rows.last().innerText(), /届出[\s\S]*要対応/);
    // The change history is one click away from the first requirement.
    assert.match(await rows.first().locator('[data-testid=requirement-link]').getAttribute('href'), /\/reports\/change-history$/);

    const late = page.locator('tr[data-testid=late-entry]');
    assert.equal(await late.count(), 1);
    assert.match(await late.innerText(), /2026\/09\/01[\s\S]*九月の文具/);

    const rules = page.locator('[data-testid=retention-rules]');
    assert.match(await rules.innerText(), /この規程の管理責任者は、山田 太郎とする。/);
    assert.match(await rules.innerText(), /帳簿「山田デザイン事務所」/);
    await screenshot(page, 'e-bookkeeping', 'ja');

    // Printed on A4: the rules start a page of their own.
    await page.emulateMedia({ media: 'print' });
    writeFileSync(`${ARTIFACTS}e-bookkeeping-print.ja.pdf`, await page.pdf({ format: 'A4', printBackground: true }));
    await page.emulateMedia({ media: 'screen' });

    await switchLanguage(page, 'en');
    await waitForText(page, 'h1', 'E-bookkeeping');
    assert.match(await rules.innerText(), /The person responsible for these rules is 山田 太郎\./);
    await screenshot(page, 'e-bookkeeping', 'en');
    await switchLanguage(page, 'ja');

    // Deleting the book warns of the seven years before the name is typed.
    await page.goto('/');
    const row = page.locator('tr[data-testid=book-row]').filter({ hasText: '山田デザイン事務所' });
    await row.locator('[data-testid=delete-book]').click();
    await waitForText(page, '[role=dialog]', '7年間の保存');
    s.assertClean();
  } finally {
    await s.close();
  }
});
