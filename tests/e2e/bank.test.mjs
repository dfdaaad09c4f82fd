// Bank statements as a shop owner meets them. A customer, 山田商事株式会社
// (reading やまだしょうじ), owes an invoice of ¥55,000 (50,000 + 10% tax). The
// bank's statement (Shift_JIS, as Japanese banks write it: the fixture
// bank-statement-sjis.csv was made once with Python's encode('cp932')) has:
//   2026/07/01  ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ      in  55,000   balance 55,000
//   2026/07/10  ﾃﾞﾝｷﾀﾞｲ ﾄｳｷﾖｳﾃﾞﾝﾘﾖｸ   out  3,300   balance 51,700
// Its withdrawal column is headed ご出金, which Kura does not know, so the user
// maps it. The deposit is matched to the invoice by the half-width kana name and
// the amount; the withdrawal gets 水道光熱費 from a rule the user made. After the
// confirm the invoice is paid, the books' bank balance is the statement's
// 51,700, and importing the same file again finds nothing new.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitEnabled,
  waitForText, useApp, issueInvoice,
} from './harness.mjs';

const env = useApp();
const STATEMENT = fileURLToPath(new URL('./fixtures/bank-statement-sjis.csv', import.meta.url));

const b = {
  file: '[data-testid=bank-file]',
  problems: '[data-testid=bank-problems]',
  mapping: '[data-testid=bank-mapping]',
  withdrawal: '[data-testid=bank-map-withdrawal]',
  deposit: '[data-testid=bank-map-deposit]',
  confirm: '[data-testid=bank-confirm]',
  nothingNew: '[data-testid=bank-nothing-new]',
  skipped: '[data-testid=bank-skipped]',
  statementBalance: '[data-testid=bank-balance-statement]',
  bookBalance: '[data-testid=bank-balance-book]',
  difference: '[data-testid=bank-balance-difference]',
  verdict: '[data-testid=bank-balance-verdict]',
};

async function addCustomer(page, bookId, name, reading) {
  await page.goto(`/books/${bookId}/partners`);
  await page.locator('[data-testid=new-partner]').click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#partner-name').fill(name);
  await dialog.locator('#partner-reading').fill(reading);
  await dialog.locator('[data-testid=partner-customer]').check();
  await dialog.locator('[data-testid=save-partner]').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page, '[data-testid=partner-name]', name);
}

const text = async (page, selector) => (await page.locator(selector).innerText()).trim();
const chosenLabel = (page, selector) => text(page, `${selector} option:checked`);

test('bank: a Shift_JIS statement is mapped, matched, ruled, confirmed, and not imported twice', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: 'ヤマモト工務店' });
    await addCustomer(page, bookId, '山田商事株式会社', 'やまだしょうじ');
    await issueInvoice(page, bookId, { partner: '山田商事株式会社', number: 'INV-2026-0001' });

    // ---- A rule: 電気代 (ﾃﾞﾝｷﾀﾞｲ on statements) goes to 水道光熱費.
    await page.goto(`/books/${bookId}/bank`);
    await waitForText(page, 'h1', '銀行・カード明細の取込');
    assert.match(await chosenLabel(page, '[data-testid=bank-account]'), /普通預金/);
    await page.locator('[data-testid=bank-rule-text]').fill('ﾃﾞﾝｷﾀﾞｲ');
    await page.locator('[data-testid=bank-rule-account]').selectOption({ label: '602 水道光熱費' });
    await page.locator('[data-testid=bank-rule-add]').click();
    await waitForText(page, '[data-testid=bank-rule]', 'ﾃﾞﾝｷﾀﾞｲ');
    assert.match(await text(page, '[data-testid=bank-rule]'), /水道光熱費/);

    // ---- The file: the withdrawal column is not recognised, so line 3 has no amount.
    await page.locator(b.file).setInputFiles(STATEMENT);
    await page.locator(b.mapping).waitFor();
    assert.match(await chosenLabel(page, b.deposit), /お預り金額/);
    assert.match(await chosenLabel(page, b.withdrawal), /なし/);
    await waitForText(page, b.problems, '3行目');
    assert.match(await text(page, b.problems), /帳簿は何も変更されていません/);
    await page.locator(b.withdrawal).selectOption('3');
    await page.locator(b.problems).waitFor({ state: 'detached' });

    // ---- The proposals: the transfer settles the invoice, the rule names the account.
    await waitForText(page, '[data-testid=bank-match-2]', 'INV-2026-0001');
    assert.match(await text(page, '[data-testid=bank-match-2]'), /山田商事株式会社/);
    // The match can be replaced by an account; until then it needs no tax code.
    assert.match(await chosenLabel(page, '[data-testid=bank-account-2]'), /代わりに勘定科目で記帳/);
    assert.equal(await page.locator('[data-testid=bank-tax-2]').count(), 0);
    assert.match(await chosenLabel(page, '[data-testid=bank-account-3]'), /602 水道光熱費/);
    assert.match(await chosenLabel(page, '[data-testid=bank-tax-3]'), /10%/);
    await waitForText(page, '[data-testid=bank-source-3]', 'ルール');
    assert.match(await text(page, '[data-testid=bank-line-2]'), /¥55,000/);
    assert.match(await text(page, '[data-testid=bank-line-3]'), /-¥3,300/);
    assert.equal(await page.locator('[data-testid=bank-pick-2]').isChecked(), true);
    // Nothing is posted yet: the books hold nothing in the bank.
    assert.equal(await text(page, b.statementBalance), '¥51,700');
    assert.equal(await text(page, b.bookBalance), '¥0');
    assert.equal(await text(page, b.difference), '¥51,700');
    await screenshot(page, 'bank-import', 'ja');

    await switchLanguage(page, 'en');
    await waitForText(page, 'h1', 'Import bank and card statements');
    await waitForText(page, '[data-testid=bank-match-2]', 'Settles INV-2026-0001');
    await screenshot(page, 'bank-import', 'en');

    // ---- Confirm both lines: one change set.
    await waitEnabled(page.locator(b.confirm));
    await page.locator(b.confirm).click();
    await page.locator(b.nothingNew).waitFor();
    await waitForText(page, b.skipped, '2 lines imported before');
    assert.equal(await text(page, b.bookBalance), '¥51,700');
    assert.equal(await text(page, b.difference), '¥0');
    await waitForText(page, b.verdict, 'agree');
    await screenshot(page, 'bank-confirmed', 'en');

    // ---- The same file again, after a reload: the mapping is remembered and
    //      nothing is new.
    await page.reload();
    await waitForText(page, 'h1', 'Import bank and card statements');
    await page.locator(b.file).setInputFiles(STATEMENT);
    await page.locator(b.nothingNew).waitFor();
    assert.match(await chosenLabel(page, b.withdrawal), /ご出金/);
    await waitForText(page, b.skipped, '2 lines imported before');
    assert.equal(await page.locator(b.problems).count(), 0);

    // ---- The invoice is paid.
    await page.goto(`/books/${bookId}/sales`);
    const row = page.locator('tr[data-testid=doc-row]').filter({ hasText: 'INV-2026-0001' });
    await waitForText(page, 'tr[data-testid=doc-row] [data-testid=doc-open]', '¥0');
    assert.equal(await row.count(), 1);
    s.assertClean();
  } finally {
    await s.close();
  }
});
