// Two tabs on one book, as a user with two windows open meets them: both issue
// invoices at the same time, ten each, interleaved (each round, both "issue"
// buttons are pressed at once). Every invoice gets its own
// number, and the numbers of this device's series run 1..20 with no gap, as both
// tabs show after a reload. (The Web Lock makes the tabs take turns; the revision
// check in the commit is what keeps a stale number out: tests/two_tabs.rs covers
// it alone, without Web Locks.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_TIMEOUT, createBook, openSession, sel, waitForApp, waitForText, useApp } from './harness.mjs';

const env = useApp();

const CUSTOMER = '株式会社みどり出版';
const PER_TAB = 10;

async function addCustomer(page, bookId) {
  await page.goto(`/books/${bookId}/partners`);
  await page.locator('[data-testid=new-partner]').click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#partner-name').fill(CUSTOMER);
  await dialog.locator('#partner-reading').fill('みどりしゅっぱん');
  await dialog.locator('[data-testid=partner-customer]').check();
  await dialog.locator('[data-testid=save-partner]').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page, '[data-testid=partner-name]', CUSTOMER);
}

/** Fills a new invoice of ¥11,000 from the sales list, up to its "issue" button. */
async function fillInvoice(page, bookId, n) {
  await page.goto(`/books/${bookId}/sales`);
  await page.locator('[data-testid=new-invoice]').click();
  await page.locator('#doc-partner').selectOption({ label: CUSTOMER });
  await page.locator('#doc-date').fill('2026-06-30');
  await page.locator('#doc-date').press('Tab');
  await page.locator('[data-testid=doc-line-description-1]').fill(`作業 ${n}`);
  await page.locator('[data-testid=doc-line-quantity-1]').fill('1');
  await page.locator('[data-testid=doc-line-price-1]').fill('10000');
  await waitForText(page, '[data-testid=doc-gross]', '¥11,000');
}

/** Issues the filled invoice; returns the number it got. */
async function issue(page) {
  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await waitForText(page, 'dd[data-testid=doc-number]', /INV-/);
  return (await page.locator('dd[data-testid=doc-number]').innerText()).trim();
}

/** The invoice numbers the sales list shows, sorted. */
async function listedNumbers(page, bookId, count) {
  await page.goto(`/books/${bookId}/sales`);
  await waitForApp(page);
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-testid=doc-row]').length === n, count);
  const rows = await page.locator('tr[data-testid=doc-row]').allInnerTexts();
  return rows.map((row) => /INV-\d{4}-[A-Z]*\d{4}/.exec(row)?.[0]).sort();
}

test('two tabs: 20 invoices issued at once in two tabs get 20 distinct, gap-free numbers', { timeout: 6 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const first = s.page;
  try {
    const bookId = await createBook(first, { name: 'ふたつの窓商店' });
    await addCustomer(first, bookId);
    const second = await s.newPage();
    await second.goto(`/books/${bookId}/sales`);
    await waitForApp(second);

    // Ten rounds: both tabs fill an invoice, then both press "issue" at once.
    const [a, b] = [[], []];
    const started = Date.now();
    for (let round = 0; round < PER_TAB; round++) {
      await Promise.all([fillInvoice(first, bookId, round), fillInvoice(second, bookId, PER_TAB + round)]);
      const [x, y] = await Promise.all([issue(first), issue(second)]);
      a.push(x);
      b.push(y);
    }
    console.log(`20 invoices, issued two at a time in two tabs: ${Date.now() - started} ms`);
    const expected = Array.from({ length: 2 * PER_TAB }, (_, i) => `INV-2026-${String(i + 1).padStart(4, '0')}`);
    assert.deepEqual([...a, ...b].sort(), expected, `numbers as issued: ${a} | ${b}`);

    for (const page of [first, second]) {
      await page.reload();
      await waitForApp(page);
      assert.deepEqual(await listedNumbers(page, bookId, 2 * PER_TAB), expected, 'after a reload');
    }
    s.assertClean();
  } finally {
    await s.close();
  }
});
