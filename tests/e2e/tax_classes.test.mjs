// Consumption tax by class, as a shop that also repairs uses it: 売上高 marked
// retail (第二種) on the chart, a sub-account for repairs marked services
// (第五種), the simplified method's return taking 80% for all because retail is
// 75% or more of sales (the 特例計算), with the classes and the formula shown
// under the boxes and in the CSV; then a landlord's exempt rent under 95%, the
// credit apportioned by the purchase account's use. Japanese and English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, quickEntry, openSession, screenshot, sel, switchLanguage, useApp, waitForText,
} from './harness.mjs';

const env = useApp();


/** Opens the dialog of the account named `name` on the chart. */
async function editAccount(page, bookId, name) {
  await page.goto(`/books/${bookId}/accounts`);
  const row = page.locator('tr[data-testid=account-row]').filter({ hasText: name }).first();
  await row.locator('[data-testid=edit-account]').click();
  return page.locator(sel.dialog);
}

async function save(page, dialog) {
  await dialog.locator('[data-testid=save-account]').click();
  await dialog.waitFor({ state: 'hidden' });
}

const returnBox = (n) => `tr[data-testid=return-box][data-box="${n}"]`;

async function csvText(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=csv]').click()]);
  return readFileSync(await download.path(), 'utf8');
}

test('tax classes: 簡易課税 by business class with the 75% rule, 個別対応方式 under 95%', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '山田時計店' });

    // ---- The chart: 売上高 is retail; a new sub-account of it for repairs is services.
    let dialog = await editAccount(page, bookId, '売上高');
    await dialog.locator('[data-testid=account-class]').selectOption('2');
    await save(page, dialog);
    await page.locator('[data-testid=add-account]').click();
    dialog = page.locator(sel.dialog);
    await dialog.locator('#account-code').fill('401');
    await dialog.locator('#account-name-ja').fill('修理収入');
    await dialog.locator('#account-name-en').fill('Repairs');
    await dialog.locator('#account-type').selectOption('revenue');
    await dialog.locator('#account-tax').selectOption('sales10');
    // Services is also the return's default, but it is set on the account.
    await dialog.locator('[data-testid=account-class]').selectOption('5');
    // An expense account has no business class; it has a purchase use instead.
    assert.equal(await dialog.locator('[data-testid=account-use]').count(), 0);
    await save(page, dialog);
    dialog = await editAccount(page, bookId, '修理収入');
    assert.equal(await dialog.locator('[data-testid=account-class]').inputValue(), '5');
    await dialog.locator('#account-type').selectOption('expense');
    await dialog.locator('[data-testid=account-use]').waitFor();
    await screenshot(page, 'account-tax-class', 'ja');
    await page.keyboard.press('Escape');

    // ---- Goods 8,800,000 (8,000,000 net, 80%), repairs 2,200,000 (2,000,000, 20%).
    await quickEntry(page, bookId, { kind: 'sale-cash', account: '売上高', amount: '8,800,000', date: '2027-03-31', description: '時計の販売' });
    await quickEntry(page, bookId, { kind: 'sale-cash', account: '修理収入', amount: '2,200,000', date: '2027-03-31', description: '修理代' });

    // ---- The return by the simplified method, 2027: ① 10,000,000; ② 780,000.
    // 原則: (624,000 × 80% + 156,000 × 50%) / 780,000 = 74% → 577,200; 特例: retail
    // has 80% ≥ 75%, so 80% for all: ④ 624,000, the larger. ⑨ 156,000;
    // ⑳ 156,000 × 22/78 = 44,000; ㉖ 200,000.
    await page.goto(`/books/${bookId}/reports/consumption-tax?from=2027-01-01&to=2027-12-31`);
    await page.locator('[data-testid=return-method]').selectOption('Simplified');
    await waitForText(page, returnBox(26), '¥200,000');
    assert.match(await page.locator(`${returnBox(4)} td`).last().innerText(), /¥624,000/);
    const details = page.locator('[data-testid=return-details]');
    assert.match(await details.innerText(), /第2種[\s\S]*¥8,000,000 \(80%\)/);
    assert.match(await details.innerText(), /第5種[\s\S]*¥2,000,000 \(20%\)/);
    assert.match(await details.innerText(), /特例計算: 75%以上の事業 第2種/);
    // The general method needs no apportionment here: no choice of it shown for
    // the simplified method.
    assert.equal(await page.locator('[data-testid=return-apportionment]').count(), 0);
    await screenshot(page, 'report-tax-return-classes', 'ja');
    const csv = await csvText(page);
    assert.ok(csv.includes('4,控除対象仕入税額,624000'), csv);
    assert.ok(csv.includes('8000000 (80%)'), csv);

    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=return-details]', 'Special: Class 2');
    await screenshot(page, 'report-tax-return-classes', 'en');
    await switchLanguage(page, 'ja');

    // ---- A landlord: residential rent (exempt) 1,000,000 and a repair 55,000 in
    // the same year. ⑮ 10,000,000; ⑯ 11,000,000: 課税売上割合 90.9%, under 95%.
    dialog = await editAccount(page, bookId, '雑収入');
    await dialog.locator('#account-tax').selectOption('sales_exempt');
    await save(page, dialog);
    await quickEntry(page, bookId, { kind: 'sale-cash', account: '雑収入', amount: '1,000,000', date: '2027-04-30', description: '住宅家賃' });
    await quickEntry(page, bookId, { kind: 'expense-cash', account: '修繕費', amount: '55,000', date: '2027-05-10', description: '住宅の修繕' });
    await page.goto(`/books/${bookId}/reports/consumption-tax?from=2027-01-01&to=2027-12-31`);
    await waitForText(page, '[data-testid=return-warning]', '個別対応方式');
    // The repair's tax 5,000, national 3,900, common: × 10,000,000/11,000,000 =
    // 3,545.45 → ④ 3,545. ② 780,000; ⑨ 776,455 → 776,400.
    assert.match(await page.locator(`${returnBox(4)} td`).last().innerText(), /¥3,545/);
    // The repair was of the flats: its account serves exempt sales only, no credit.
    dialog = await editAccount(page, bookId, '修繕費');
    await dialog.locator('[data-testid=account-use]').selectOption('exempt_sales');
    await save(page, dialog);
    await page.goto(`/books/${bookId}/reports/consumption-tax?from=2027-01-01&to=2027-12-31`);
    await waitForText(page, returnBox(9), '¥780,000');
    assert.match(await page.locator(`${returnBox(4)} td`).last().innerText(), /¥0/);
    assert.match(await page.locator('[data-testid=return-details]').innerText(), /非課税売上げにのみ要するもの\s*¥3,900/);
    await screenshot(page, 'report-tax-return-apportioned', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=return-details]', 'Exempt sales only');
    await screenshot(page, 'report-tax-return-apportioned', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});
