// The journal as a new user meets it: the chart of accounts, a sale entered on
// the keyboard form, an expense through quick entry, a draft saved with Ctrl+S
// and posted later, a correction of a posted entry (original, reversal and
// correction in the list, the history on the entry page), closing the period
// (posting into it is refused in Japanese), and the same screens in English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitForApp, waitForText, useApp, fillLine, newEntry, journalSel,
} from './harness.mjs';

const env = useApp();

const j = {
  ...journalSel,
  accountRow: 'tr[data-testid=account-row]',
  addAccount: '[data-testid=add-account]',
  saveAccount: '[data-testid=save-account]',
};

/** The accounts a sole proprietor's books need for this test: [code, ja, en, reading, type, role, tax]. */
const NEEDED = [
  ['100', '現金', 'Cash', 'げんきん', 'asset', 'cash', ''],
  ['120', '売掛金', 'Accounts receivable', 'うりかけきん', 'asset', 'receivable', ''],
  ['400', '売上高', 'Sales', 'うりあげだか', 'revenue', '', 'sales10'],
  ['609', '消耗品費', 'Supplies', 'しょうもうひんひ', 'expense', '', 'purchase10'],
];

async function addAccount(page, [code, ja, en, reading, type, role, tax]) {
  await page.locator(j.addAccount).click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#account-code').fill(code);
  await dialog.locator('#account-name-ja').fill(ja);
  await dialog.locator('#account-name-en').fill(en);
  await dialog.locator('#account-reading').fill(reading);
  await dialog.locator('#account-type').selectOption(type);
  await dialog.locator('#account-role').selectOption(role);
  await dialog.locator('#account-tax').selectOption(tax);
  await dialog.locator(j.saveAccount).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator(j.accountRow).filter({ hasText: ja }).first().waitFor();
}

function rowsWith(page, text) {
  return page.locator(j.entryRow).filter({ hasText: text });
}

async function openRow(page, text, index = 0) {
  await rowsWith(page, text).nth(index).click();
  await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
}

test('journal: chart, entry, quick entry, draft, correction, closing, in Japanese and English', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const shots = [];
  try {
    const bookId = await createBook(page, { name: '山田商店' });

    // ---- Chart of accounts: the template's accounts, or add them.
    await page.locator(j.navAccounts).click();
    await waitForText(page, 'h1', '勘定科目');
    await page.waitForTimeout(200);
    for (const account of NEEDED) {
      if ((await page.locator(j.accountRow).filter({ hasText: account[1] }).count()) === 0) {
        await addAccount(page, account);
      }
    }
    // A sub-account of the user's own: it appears in the chart.
    await addAccount(page, ['6091', '消耗品費(文具)', 'Supplies (stationery)', 'ぶんぐ', 'expense', '', 'purchase10']);
    // A duplicate code is refused with a Japanese message in the dialog.
    await page.locator(j.addAccount).click();
    await page.locator(`${sel.dialog} #account-code`).fill('6091');
    await page.locator(`${sel.dialog} #account-name-ja`).fill('重複');
    await page.locator(`${sel.dialog} ${j.saveAccount}`).click();
    await waitForText(page, '[data-testid=account-error]', 'ほかの勘定科目が使っています');
    await page.locator(`${sel.dialog} .kura-dialog__close`).click();
    shots.push(await screenshot(page, 'journal-accounts', 'ja'));

    // ---- A sale on the keyboard form: 売掛金 110,000 / 売上高 110,000.
    await newEntry(page, { date: '2025-04-01', description: '商品販売 A社', partner: 'A社' });
    await fillLine(page, 1, '売掛金', { debit: '110000' });
    await waitForText(page, j.difference, '110,000');
    await fillLine(page, 2, '売上高', { credit: '110,000' });
    await waitForText(page, j.difference, '貸借一致');
    assert.equal(await page.locator('[data-testid=line-tax-2]').inputValue(), 'sales10', 'the account proposes its tax code');
    assert.match(await page.locator('[data-testid=line-account-1]').inputValue(), /売掛金/);
    // Enter in the last cell of the last line adds a line, focused on its account.
    await page.locator('[data-testid=line-memo-2]').press('Enter');
    await page.locator('[data-testid=line-account-3]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'line-account-3');
    shots.push(await screenshot(page, 'journal-entry-form', 'ja'));
    await page.locator(j.post).click();
    await page.waitForURL(/\/journal$/);
    await waitForText(page, j.entryRow, '商品販売 A社');
    assert.match(await rowsWith(page, '商品販売 A社').innerText(), /¥110,000[\s\S]*記帳済み/);

    // ---- Quick entry: supplies paid in cash.
    await page.locator(j.quickEntry).click();
    await page.locator('[data-testid=quick-kind]').selectOption('expense-cash');
    const supplies = await page.locator('[data-testid=quick-account] option').evaluateAll(
      (os) => os.find((o) => o.textContent.includes('消耗品費') && !o.textContent.includes('文具'))?.value,
    );
    await page.locator('[data-testid=quick-account]').selectOption(supplies);
    await page.locator('[data-testid=quick-amount]').fill('3,300');
    await page.locator('#quick-date').fill('2025-04-02');
    await page.locator('[data-testid=quick-description]').fill('コピー用紙');
    await waitForText(page, '[data-testid=quick-preview]', '現金');
    const preview = await page.locator('tr[data-testid=quick-line]').allInnerTexts();
    assert.equal(preview.length, 2);
    assert.match(preview[0], /消耗品費[\s\S]*¥3,300/);
    assert.match(preview[1], /現金[\s\S]*¥3,300/);
    shots.push(await screenshot(page, 'journal-quick', 'ja'));
    await page.locator('[data-testid=quick-post]').click();
    await page.waitForURL(/\/journal$/);
    await waitForText(page, j.entryRow, 'コピー用紙');

    // ---- A draft saved with Ctrl+S, reopened from the list, then posted.
    await newEntry(page, { date: '2025-04-03', description: '文具 下書き' });
    await fillLine(page, 1, '消耗品費', { debit: '1100' });
    await fillLine(page, 2, '現金', { credit: '1100' });
    await page.locator('[data-testid=line-credit-2]').press('Control+s');
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, 'h1', '下書きの編集');
    await page.locator(j.navJournal).click();
    await waitForText(page, j.entryRow, '文具 下書き');
    assert.match(await rowsWith(page, '文具 下書き').innerText(), /下書き/);
    await openRow(page, '文具 下書き');
    assert.equal(await page.locator('#entry-description').inputValue(), '文具 下書き');
    assert.match(await page.locator('[data-testid=line-credit-2]').inputValue(), /1,100/);
    await page.locator(j.post).click();
    await page.waitForURL(/\/journal$/);
    await waitForText(page, j.entryRow, '文具 下書き');
    assert.match(await rowsWith(page, '文具 下書き').innerText(), /記帳済み/);
    // Its history: created as a draft, then posted.
    await openRow(page, '文具 下書き');
    await waitForText(page, '[data-testid=entry-history]', '状態');
    assert.equal(await page.locator(j.history).count(), 2);

    // ---- Correct the posted sale to 121,000.
    await page.locator(j.navJournal).click();
    await openRow(page, '商品販売 A社');
    await waitForText(page, '[data-testid=entry-total]', '¥110,000');
    await page.locator('[data-testid=correct-entry]').click();
    await waitForText(page, 'h1', '仕訳の訂正');
    assert.match(await page.locator('[data-testid=line-debit-1]').inputValue(), /110,000/);
    await page.locator('#entry-date').fill('2025-04-05');
    await page.locator('[data-testid=line-debit-1]').fill('121000');
    await page.locator('[data-testid=line-credit-2]').fill('121000');
    await waitForText(page, j.difference, '貸借一致');
    await page.locator(j.post).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=entry-total]', '¥121,000');
    await page.locator('[data-testid=corrects-link]').waitFor();
    shots.push(await screenshot(page, 'journal-entry-view', 'ja'));
    await page.locator(j.navJournal).click();
    await waitForText(page, j.entryRow, '商品販売 A社');
    const sales = await rowsWith(page, '商品販売 A社').allInnerTexts();
    assert.equal(sales.length, 3, `original, reversal and correction: ${JSON.stringify(sales)}`);
    const joined = sales.join('\n');
    for (const mark of ['訂正済み', '取消', '訂正']) assert.ok(joined.includes(mark), `${mark} in ${joined}`);
    assert.ok(joined.includes('¥121,000') && joined.includes('¥110,000'));
    // The original lists what corrected it, and its history.
    const originalIndex = sales.findIndex((t) => t.includes('訂正済み'));
    await openRow(page, '商品販売 A社', originalIndex);
    assert.equal(await page.locator('[data-testid=corrected-by-link]').count(), 2);
    assert.ok((await page.locator(j.history).count()) >= 1);

    // ---- Search: the amount range and the text, combined.
    await page.locator(j.navJournal).click();
    await page.locator('#search-min').fill('100000');
    await page.locator('#search-text').fill('商品');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=entry-row]').length === 3);
    await page.locator('#search-partner').fill('B社');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=entry-row]').length === 0);
    await page.locator('[data-testid=search-clear]').click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=entry-row]').length === 5);

    // ---- Close April; posting into it is refused in Japanese.
    await page.locator('#close-through').fill('2025-04-30');
    await page.locator('[data-testid=close-books]').click();
    await waitForText(page, j.closedThrough, '2025/04/30');
    shots.push(await screenshot(page, 'journal-list', 'ja'));
    await newEntry(page, { date: '2025-04-15', description: '締め後の経費' });
    await fillLine(page, 1, '消耗品費', { debit: '500' });
    await fillLine(page, 2, '現金', { credit: '500' });
    await page.locator(j.post).click();
    await waitForText(page, j.entryError, '2025/04/30まで帳簿を締めているため');
    assert.match(new URL(page.url()).pathname, /\/journal\/new$/);
    shots.push(await screenshot(page, 'journal-closed-error', 'ja'));

    // ---- English.
    await switchLanguage(page, 'en');
    await page.locator(j.post).click();
    await waitForText(page, j.entryError, 'The books are closed through 30 Apr 2025');
    shots.push(await screenshot(page, 'journal-entry-form', 'en'));
    await page.locator(j.navJournal).click();
    await waitForText(page, 'h1', 'Journal');
    await waitForText(page, j.entryRow, 'Posted');
    await waitForText(page, j.closedThrough, '30 Apr 2025');
    shots.push(await screenshot(page, 'journal-list', 'en'));
    await openRow(page, 'コピー用紙');
    await waitForText(page, 'h1', 'Journal entry');
    await waitForText(page, '[data-testid=entry-history]', 'Created');
    shots.push(await screenshot(page, 'journal-entry-view', 'en'));
    await page.locator(j.navAccounts).click();
    await waitForText(page, 'h1', 'Chart of accounts');
    await waitForText(page, j.accountRow, 'Supplies');
    shots.push(await screenshot(page, 'journal-accounts', 'en'));
    await page.goto(`/books/${bookId}/journal/quick`);
    await waitForApp(page);
    await waitForText(page, 'h1', 'Quick entry');
    shots.push(await screenshot(page, 'journal-quick', 'en'));

    console.log(`screenshots:\n${shots.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
