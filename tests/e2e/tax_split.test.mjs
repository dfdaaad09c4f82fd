// The tax split of a tax-exclusive book (税抜経理) as a user meets it: a book made
// with the Japanese chart and tax-exclusive accounting; an expense of ¥10,000 at
// 10% on the entry form shows its 仮払消費税 line of ¥1,000 at once and balances
// against ¥11,000 paid; the tax typed over to ¥999 shows as typed, the difference
// follows, and the entry posts with it; the entry, its correction form and the
// consumption-tax summary all show ¥999. Quick entry splits a tax-included amount
// the same way; recompute gives the computed figure back; the same in English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, openSession, screenshot, switchLanguage, waitForApp, waitForText, useApp, fillLine, newEntry, createBook, postEntry,
} from './harness.mjs';

const env = useApp();

const x = {
  navJournal: '[data-testid=nav-journal]',
  newEntry: '[data-testid=new-entry]',
  entryRow: 'tr[data-testid=entry-row]',
  difference: '[data-testid=entry-difference]',
  post: '[data-testid=post-entry]',
  taxLine: 'tr[data-testid=tax-line]',
  taxAmount: '[data-testid=tax-amount]',
  taxStatus: '[data-testid=tax-status]',
  recompute: '[data-testid=tax-recompute]',
};

function taxLine(page, account) {
  return page.locator(x.taxLine).filter({ hasText: account });
}

test('tax split: automatic tax line, override kept, summary, quick entry, in Japanese and English', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '税抜商店', chart: 'japan_sole_proprietor', taxAccounting: 'exclusive' });

    // ---- An expense at 10%: the input-tax line appears as soon as the line is read.
    await newEntry(page, { date: '2026-04-01', description: '文具 税抜' });
    assert.equal(await page.locator(x.taxLine).count(), 0, 'no tax line before a taxable line');
    await fillLine(page, 1, '消耗品費', { debit: '10000' });
    assert.equal(await page.locator('[data-testid=line-tax-1]').inputValue(), 'purchase10');
    const input = taxLine(page, '仮払消費税');
    await input.waitFor();
    await waitForText(page, `${x.taxLine} ${x.taxAmount}`, '1,000');
    assert.match(await input.innerText(), /¥10,000 × 10%/, 'how the tax was computed');
    assert.match(await input.locator(x.taxStatus).innerText(), /自動計算/);
    // The difference counts the tax line: 10,000 + 1,000 against nothing yet.
    await waitForText(page, x.difference, '¥11,000');
    await fillLine(page, 2, '現金', { credit: '11000' });
    await waitForText(page, x.difference, '貸借一致');
    // The amount sits in the debit column, right-aligned like the typed lines.
    const amountCells = input.locator('td.kura-lines__amount');
    assert.equal(await amountCells.nth(0).locator(x.taxAmount).count(), 1, 'input tax is a debit');
    assert.equal(await amountCells.nth(1).locator(x.taxAmount).count(), 0);
    await screenshot(page, 'tax-split-entry-form', 'ja');

    // ---- Typed over: kept as typed, the difference follows, then the cash line balances it.
    await input.locator(x.taxAmount).fill('999');
    await waitForText(page, `${x.taxLine} ${x.taxStatus}`, '手入力(計算値 ¥1,000)');
    await waitForText(page, x.difference, /貸借差額 -¥1$/);
    // The keyboard flow still runs: Tab leaves the tax amount, Enter in the last
    // line's memo adds a line (left blank, so it is dropped on saving).
    await input.locator(x.taxAmount).press('Tab');
    await page.locator('[data-testid=line-credit-2]').fill('10,999');
    await waitForText(page, x.difference, '貸借一致');
    assert.equal(await input.locator(x.taxAmount).inputValue(), '999', 'the typed amount stays');
    await page.locator('[data-testid=line-memo-2]').press('Enter');
    await page.locator('[data-testid=line-account-3]').waitFor();
    await screenshot(page, 'tax-split-overridden', 'ja');
    await page.locator(x.post).click();
    await page.waitForURL(/\/journal$/);
    await waitForText(page, x.entryRow, '文具 税抜');

    // ---- The entry holds the tax line of ¥999.
    await page.locator(x.entryRow).filter({ hasText: '文具 税抜' }).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=entry-total]', '¥10,999');
    const taxRow = page.locator('tr[data-testid=entry-line]').filter({ hasText: '仮払消費税' });
    assert.equal((await taxRow.locator('[data-testid=entry-line-debit]').innerText()).trim(), '¥999');
    assert.equal(await page.locator('tr[data-testid=entry-line]').count(), 3);
    // Its correction form splits again and shows ¥999 as typed over.
    await page.locator('[data-testid=correct-entry]').click();
    await waitForText(page, 'h1', '仕訳の訂正');
    await waitForText(page, `${x.taxLine} ${x.taxAmount}`, '999');
    assert.match(await page.locator(x.taxStatus).innerText(), /手入力/);
    assert.equal(await page.locator('[data-testid=line-account-3]').count(), 0, 'the tax line is not a typed line');
    await waitForText(page, x.difference, '貸借一致');

    // ---- The consumption-tax summary and the trial balance show ¥999.
    await page.goto(`/books/${bookId}/reports/consumption-tax?from=2026-01-01&to=2026-12-31`);
    const p10 = page.locator('tr[data-testid=tax-row]').filter({ hasText: '課税仕入10%' }).first();
    await p10.waitFor();
    const cells = (await p10.locator('td').allInnerTexts()).map((t) => t.trim());
    // Code, lines, tax-included, base, tax, creditable.
    assert.deepEqual(cells.slice(1), ['1', '¥10,999', '¥10,000', '¥999', '¥999']);
    await page.goto(`/books/${bookId}/reports/trial-balance?from=2026-01-01&to=2026-12-31`);
    const tb = page.locator('tr[data-testid=tb-row]').filter({ hasText: '仮払消費税' });
    await tb.waitFor();
    assert.match(await tb.innerText(), /999/);

    // ---- Quick entry splits a tax-included amount with the same rule.
    await page.goto(`/books/${bookId}/journal/quick`);
    await page.locator('[data-testid=quick-kind]').selectOption('expense-cash');
    const supplies = await page.locator('[data-testid=quick-account] option').evaluateAll(
      (os) => os.find((o) => o.textContent.trim().endsWith('消耗品費'))?.value,
    );
    await page.locator('[data-testid=quick-account]').selectOption(supplies);
    await page.locator('[data-testid=quick-amount]').fill('3,300');
    await page.locator('#quick-date').fill('2026-04-02');
    await waitForText(page, '[data-testid=quick-preview]', '仮払消費税');
    const preview = await page.locator('tr[data-testid=quick-line]').allInnerTexts();
    assert.equal(preview.length, 3, JSON.stringify(preview));
    assert.match(preview[0], /消耗品費[\s\S]*¥3,000/);
    assert.match(preview[1], /仮払消費税[\s\S]*¥300/);
    assert.match(preview[2], /現金[\s\S]*¥3,300/);
    await page.locator('[data-testid=quick-post]').click();
    await page.waitForURL(/\/journal$/);

    // ---- English: the same form, typed over and recomputed.
    await switchLanguage(page, 'en');
    await newEntry(page, { date: '2026-04-03', description: 'Lunch meeting' });
    await fillLine(page, 1, '会議費', { debit: '5000' });
    await page.locator('[data-testid=line-tax-1]').selectOption('purchase8_reduced');
    await fillLine(page, 2, '現金', { credit: '5400' });
    const en = taxLine(page, 'Input consumption tax');
    await en.waitFor();
    await waitForText(page, `${x.taxLine} ${x.taxAmount}`, '400');
    await waitForText(page, x.difference, 'Balanced');
    await en.locator(x.taxAmount).fill('401');
    await waitForText(page, `${x.taxLine} ${x.taxStatus}`, 'Typed over (computed ¥400)');
    await screenshot(page, 'tax-split-entry-form', 'en');
    await en.locator(x.recompute).click();
    await waitForText(page, `${x.taxLine} ${x.taxStatus}`, 'Computed');
    assert.equal(await en.locator(x.taxAmount).inputValue(), '400');
    await waitForText(page, x.difference, 'Balanced');
    // Ctrl+S saves a draft with its tax line.
    await page.locator('[data-testid=line-credit-2]').press('Control+s');
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, `${x.taxLine} ${x.taxAmount}`, '400');
    assert.equal(await page.locator(x.recompute).count(), 0, 'a draft saved as computed reopens as computed');

    s.assertClean();
  } finally {
    await s.close();
  }
});
