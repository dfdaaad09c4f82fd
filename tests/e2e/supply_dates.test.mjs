// A line supplied on another date than its invoice's (取引年月日): the form's
// switch shows a date per line, the totals split per rate by that date (a
// line of 2019-09-30 at 8%, one of 2019-10-01 at 10%), the document view shows
// the line's date, and the printed invoice gains a date column. A bill takes
// the tax printed on the supplier's invoice (積上げ) per rate, refusing a
// figure ten times too large. Screenshots in Japanese and English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createBook, openSession, screenshot, switchLanguage, useApp, waitForApp,
} from './harness.mjs';

const env = useApp();

async function addCustomer(page, book, name, { supplier = false, registration = '' } = {}) {
  await page.goto(`/books/${book}/partners`);
  await waitForApp(page);
  await page.locator('[data-testid=new-partner]').click();
  await page.locator('#partner-name').fill(name);
  await page.locator('[data-testid=partner-customer]').setChecked(!supplier);
  await page.locator('[data-testid=partner-supplier]').setChecked(supplier);
  if (registration) {
    await page.locator('#partner-registration').fill(registration);
    await page.locator('[data-testid=partner-registered]').check();
  }
  await page.locator('#partner-address').fill('東京都千代田区千代田1-1');
  await page.locator('[data-testid=save-partner]').click();
  const link = page.locator('a[data-testid=partner-link]', { hasText: name });
  await link.waitFor();
  return (await link.getAttribute('href')).split('/').pop();
}

const yen = (text) => Number(text.replace(/[^0-9-]/g, ''));

test('lines supplied on both sides of a rate change are taxed per date, shown and printed', { timeout: 300_000 }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const book = await createBook(page, { name: '山田商店' });
  const shop = await addCustomer(page, book, '株式会社 青空商事');

  await page.goto(`/books/${book}/documents/new?kind=invoice&partner=${shop}`);
  await waitForApp(page);
  await page.locator('#doc-date').fill('2019-10-31');
  await page.locator('#doc-date').press('Tab');
  for (const [n, description] of [[1, '部品 (9月納品)'], [2, '部品 (10月納品)']]) {
    if (n > 1) await page.locator('[data-testid=doc-add-line]').click();
    await page.locator(`[data-testid=doc-line-description-${n}]`).fill(description);
    await page.locator(`[data-testid=doc-line-price-${n}]`).fill('10000');
  }
  // One rate for both, the document's date's: 20,000 × 10%.
  await page.locator('[data-testid=doc-tax]').getByText('¥2,000').waitFor();
  assert.equal(await page.locator('[data-testid=doc-line-supply-1]').count(), 0);
  await page.locator('[data-testid=doc-line-dates]').check();
  await page.locator('[data-testid=doc-line-supply-1]').fill('2019-09-30');
  await page.locator('[data-testid=doc-line-supply-2]').fill('2019-10-01');
  await page.locator('[data-testid=doc-line-supply-2]').press('Tab');
  // 10,000 × 8% + 10,000 × 10%.
  await page.locator('[data-testid=doc-tax]').getByText('¥1,800').waitFor();
  const taxes = await page.locator('[data-testid=doc-rate-tax]').allTextContents();
  assert.deepEqual(taxes.map(yen), [800, 1000]);
  await screenshot(page, 'supply-dates-form', 'ja');
  await switchLanguage(page, 'en');
  await screenshot(page, 'supply-dates-form', 'en');
  await switchLanguage(page, 'ja');

  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]+$/, { timeout: 20_000 });
  const invoice = new URL(page.url()).pathname.split('/').pop();
  await page.locator('[data-testid=doc-line-supply-date]').first().waitFor();
  // Only the line whose date is not the invoice's shows one.
  assert.equal(await page.locator('[data-testid=doc-line-supply-date]').count(), 2);
  assert.equal(yen(await page.locator('[data-testid=doc-tax]').textContent()), 1800);

  await page.goto(`/books/${book}/documents/${invoice}/print`);
  await waitForApp(page);
  await page.locator('[data-testid=paper]').waitFor();
  const dates = await page.locator('[data-testid=paper-line-date]').allTextContents();
  assert.equal(dates.length, 2);
  assert.ok(dates[0].includes('2019') && dates[0].includes('30'), dates[0]);
  const rows = await page.locator('[data-testid=paper-tax-row]').allTextContents();
  assert.equal(rows.length, 2);
  assert.ok(rows[0].includes('8%') && rows[0].includes('800'), rows[0]);
  assert.ok(rows[1].includes('10%') && rows[1].includes('1,000'), rows[1]);
  await screenshot(page, 'supply-dates-print', 'ja');
  await s.close();
});

test('a bill takes the tax printed on the supplier\'s invoice, within rounding', { timeout: 300_000 }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const book = await createBook(page, { name: '山田商店', taxAccounting: 'exclusive' });
  const supplier = await addCustomer(page, book, '株式会社 部品工業', { supplier: true, registration: 'T7000012050002' });

  await page.goto(`/books/${book}/documents/new?kind=bill&partner=${supplier}`);
  await waitForApp(page);
  for (const n of [1, 2, 3]) {
    if (n > 1) await page.locator('[data-testid=doc-add-line]').click();
    await page.locator(`[data-testid=doc-line-description-${n}]`).fill(`部品${n}`);
    await page.locator(`[data-testid=doc-line-price-${n}]`).fill('1001');
  }
  // 3,003 × 10% = 300.3 → 300, proposed in the field.
  await page.locator('[data-testid=doc-tax]').getByText('¥300').waitFor();
  const field = page.locator('[data-testid=doc-stated-tax-1]');
  assert.equal(await field.getAttribute('placeholder'), '¥300');
  // Ten times too large: refused, naming the computed tax.
  await field.fill('3010');
  await page.locator('[data-testid=doc-issue]').click();
  const error = page.locator('[data-testid=doc-error]');
  await error.getByText('¥300').waitFor();
  assert.match(await error.textContent(), /¥3,010/);
  await screenshot(page, 'stated-tax-form', 'ja');
  await switchLanguage(page, 'en');
  await screenshot(page, 'stated-tax-form', 'en');
  await switchLanguage(page, 'ja');
  // The supplier printed 301.
  await field.fill('301');
  await page.locator('[data-testid=doc-tax]').getByText('¥301').waitFor();
  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]+$/, { timeout: 20_000 });
  await page.locator('[data-testid=doc-stated-tax-row]').waitFor();
  assert.equal(yen(await page.locator('[data-testid=doc-tax]').textContent()), 301);
  assert.equal(yen(await page.locator('[data-testid=doc-gross]').textContent()), 3304);
  assert.match(await page.locator('[data-testid=doc-stated-tax-row]').textContent(), /301/);
  await screenshot(page, 'stated-tax-view', 'ja');
  await s.close();
});
