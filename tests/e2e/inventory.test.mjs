// Inventory end to end, as a new shopkeeper meets it (the issue's "done means").
//
// (a) A book kept tax-exclusive (税抜経理, so the P&L shows net amounts), one
//     item with a preferred supplier, bought 10 at ¥100 and 10 at ¥120 on two
//     bills (the item picker fills the line; the second price typed over), sold
//     15 on an invoice (asking for 25 first warns and is refused: the book
//     refuses negative stock), counted 4 at a stocktake (one lost) and posted.
//     By hand, at the count's date:
//       FIFO                 4 × 120 = 480   (the ten at 100 left first)
//       moving average       20 at 110; 15 out, 1 lost → 4 × 110 = 440
//       last purchase cost   4 × 120 = 480
//     The blue return's cost of sales (差引原価) = 期首 0 + 仕入 2,200 − 期末:
//       last purchase cost (the default) 1,720; moving average 1,760; FIFO 1,720.
//     The method is switched on the inventory settings and the stock closing
//     entry posted from the valuation tab; the blue return follows each time.
// (b) Reordering: two items at their reorder point, one without a supplier;
//     the dashboard lists both, the reorder tab flags the one without a
//     supplier, and one button drafts one purchase order for the other.
// Screens in ja and en are saved (KURA_SHOTS copies them for review).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, useApp, waitForApp,
  waitForText,
} from './harness.mjs';

const env = useApp();
const YEAR = new Date().getFullYear();
const day = (md) => `${YEAR}-${md}`;

const ITEM = { code: 'CB-01', name: 'コーヒー豆 200g', reading: 'こーひーまめ', unit: '袋', price: '200', cost: '100' };

async function shoot(page, name, saved) {
  for (const lang of ['ja', 'en']) {
    await switchLanguage(page, lang);
    saved.push(await screenshot(page, name, lang));
  }
  await switchLanguage(page, 'ja');
}

/** Adds a partner on the partners page. */
async function addPartner(page, bookId, { name, reading, customer = false, supplier = false, registration = '' }) {
  await page.goto(`/books/${bookId}/partners`);
  await waitForApp(page);
  await page.locator('[data-testid=new-partner]').click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#partner-name').fill(name);
  await dialog.locator('#partner-reading').fill(reading);
  if (customer) await dialog.locator('[data-testid=partner-customer]').check();
  if (supplier) await dialog.locator('[data-testid=partner-supplier]').check();
  if (registration) {
    await dialog.locator('#partner-registration').fill(registration);
    await dialog.locator('[data-testid=partner-registered]').check();
  }
  await dialog.locator('[data-testid=save-partner]').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page, '[data-testid=partner-name]', name);
}

/** Adds a tracked item on the item form; returns its id. */
async function addItem(page, bookId, item, { supplier = '', reorderPoint = '', reorderQuantity = '' } = {}) {
  await page.goto(`/books/${bookId}/items/new`);
  await waitForApp(page);
  await page.locator('#item-code').fill(item.code);
  await page.locator('#item-name').fill(item.name);
  await page.locator('#item-reading').fill(item.reading);
  await page.locator('#item-unit').fill(item.unit);
  await page.locator('#item-kind').selectOption('goods');
  await page.locator('#item-sale-price').fill(item.price);
  await page.locator('#item-purchase-cost').fill(item.cost);
  if (reorderPoint) await page.locator('#item-reorder-point').fill(reorderPoint);
  if (reorderQuantity) await page.locator('#item-reorder-quantity').fill(reorderQuantity);
  if (supplier) await page.locator('#item-supplier').selectOption({ label: supplier });
  await page.locator('[data-testid=save-item]').click();
  await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').pop();
}

const cell = (name, n) => `[data-testid=doc-line-${name}-${n}]`;

/** Opens a new document of `kind` for `partner` dated `date`, its first line the item. */
async function newDocument(page, bookId, { kind, partner, date, quantity }) {
  await page.goto(`/books/${bookId}/documents/new?kind=${kind}`);
  await waitForApp(page);
  await page.locator('#doc-partner').selectOption({ label: partner });
  await page.locator('#doc-date').fill(date);
  await page.locator('#doc-date').press('Tab');
  await page.locator(cell('item', 1)).selectOption({ label: `${ITEM.code} ${ITEM.name}` });
  await page.locator(cell('quantity', 1)).fill(quantity);
  await page.locator(cell('quantity', 1)).press('Tab');
}

async function issue(page) {
  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.locator('[data-testid=doc-title]').waitFor();
}

/** The blue return's 差引原価 and 期末商品棚卸高 for this fiscal year. */
async function blueReturn(page, bookId) {
  await page.goto(`/books/${bookId}/reports/blue-return`);
  await waitForApp(page);
  await page.locator('[data-testid=blue-pl]').waitFor();
  const amount = async (label) => {
    const row = page.locator('[data-testid=blue-pl] tr').filter({ hasText: label }).first();
    return (await row.locator('td').last().innerText()).trim();
  };
  return {
    cost: await amount('差引原価'),
    closing: await amount('期末商品棚卸高'),
    purchases: await amount('仕入金額'),
  };
}

/** Chooses a method on the valuation tab ('' = the book's) and waits for its total. */
async function expectValuation(page, method, total) {
  await page.locator('[data-testid=stock-method]').selectOption(method);
  await page.waitForFunction((m) => new URL(location.href).searchParams.get('method') === (m || null), method);
  await waitForText(page, '[data-testid=valuation-total]', total);
}

/** Makes `method` the book's from `from` on the inventory settings. */
async function switchMethod(page, bookId, method, from, label) {
  await page.goto(`/books/${bookId}/inventory/settings`);
  await waitForApp(page);
  await page.locator('#inv-method').selectOption(method);
  await page.locator('#inv-from').fill(from);
  await page.locator('[data-testid=save-policy]').click();
  await waitForText(page, 'tr[data-testid=policy-row]', label);
}

/** Posts the stock closing entry at `date` from the valuation tab; returns the closing stock shown. */
async function postClosing(page, bookId, date) {
  await page.goto(`/books/${bookId}/stock/valuation?date=${date}`);
  await waitForApp(page);
  await page.locator('[data-testid=stock-closing]').waitFor();
  const valued = (await page.locator('[data-testid=closing-valued]').innerText()).trim();
  await page.locator('[data-testid=stock-closing-post]').click();
  await page.locator('[data-testid=stock-closing-entry]').waitFor();
  return valued;
}

test('inventory: buy 20 at two prices, sell 15, count 4, read the valuation and the P&L by each method', { timeout: 6 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const saved = [];
  try {
    const bookId = await createBook(page, { name: '山田珈琲店', owner: '山田 花子' });
    await page.locator('#tax-accounting').selectOption('exclusive');
    await page.locator(sel.saveSettings).click();
    await waitForText(page, sel.toast, '保存');
    await addPartner(page, bookId, {
      name: '株式会社丸山商事', reading: 'まるやましょうじ', supplier: true, registration: 'T7000012050002',
    });
    await addPartner(page, bookId, { name: '喫茶みどり', reading: 'きっさみどり', customer: true });
    await addItem(page, bookId, ITEM, { supplier: '株式会社丸山商事' });
    // A second place to keep stock: documents then say where their goods go.
    await page.goto(`/books/${bookId}/inventory/settings`);
    await waitForApp(page);
    await page.locator('[data-testid=location-name]').fill('倉庫');
    await page.locator('[data-testid=add-location]').click();
    await waitForText(page, '[data-testid=location-row]', '倉庫');

    // ---- two bills: the item fills the line at its cost, with the purchase code ----
    await newDocument(page, bookId, { kind: 'bill', partner: '株式会社丸山商事', date: day('02-01'), quantity: '10' });
    assert.equal(await page.locator(cell('description', 1)).inputValue(), ITEM.name);
    assert.equal(await page.locator(cell('unit', 1)).inputValue(), ITEM.unit);
    assert.equal(await page.locator(cell('price', 1)).inputValue(), '100');
    const taxName = await page.locator(cell('tax', 1)).evaluate((el) => el.selectedOptions[0].textContent);
    assert.equal(taxName, '課税仕入10%', "the item's sales code's purchase counterpart");
    await waitForText(page, '[data-testid=doc-net]', '¥1,000');
    await waitForText(page, '#doc-location option:checked', '本店');
    await shoot(page, 'inventory-bill-form', saved);
    await issue(page);
    await waitForText(page, '[data-testid=doc-line-item]', ITEM.code);
    await shoot(page, 'inventory-bill-view', saved);

    await newDocument(page, bookId, { kind: 'bill', partner: '株式会社丸山商事', date: day('03-01'), quantity: '10' });
    await page.locator(cell('price', 1)).fill('120');
    await page.locator(cell('price', 1)).press('Tab');
    await waitForText(page, '[data-testid=doc-net]', '¥1,200');
    await issue(page);

    // ---- the sale: 25 is more than the 20 on hand, warned and refused ----
    await newDocument(page, bookId, { kind: 'invoice', partner: '喫茶みどり', date: day('04-01'), quantity: '25' });
    assert.equal(await page.locator(cell('price', 1)).inputValue(), '200', 'the sale price');
    await waitForText(page, '[data-testid=doc-stock-warning]', `${ITEM.code}の在庫が足りません(在庫 20、この伝票で出庫 25)`);
    await waitForText(page, '[data-testid=doc-stock-warning]', 'マイナス在庫を認めていない');
    await shoot(page, 'inventory-invoice-short', saved);
    await page.locator('[data-testid=doc-issue]').click();
    await waitForText(page, '[data-testid=doc-error]', `${ITEM.code}の在庫が足りません(在庫 20)`);
    assert.match(page.url(), /documents\/new/, 'nothing was issued');
    await page.locator(cell('quantity', 1)).fill('15');
    await page.locator(cell('quantity', 1)).press('Tab');
    await page.locator('[data-testid=doc-stock-warning]').waitFor({ state: 'hidden' });
    await issue(page);

    // ---- on hand after the sale: 5 ----
    await page.goto(`/books/${bookId}/stock/on-hand?date=${day('04-30')}`);
    await waitForApp(page);
    await waitForText(page, '[data-testid=stock-quantity]', '5');
    // One column per place: everything is in the main one.
    assert.deepEqual(
      (await page.locator('[data-testid=stock-location-quantity]').allInnerTexts()).map((t) => t.trim()),
      ['5', '0'],
    );
    assert.equal((await page.locator('[data-testid=stock-value]').innerText()).trim(), '¥600', 'last purchase cost: 5 × 120');
    await shoot(page, 'inventory-on-hand', saved);

    // ---- the stocktake: 4 counted, one lost ----
    await page.goto(`/books/${bookId}/stocktakes`);
    await waitForApp(page);
    await page.locator('#stocktake-date').fill(day('05-01'));
    await page.locator('#stocktake-date').press('Tab');
    await page.locator('[data-testid=stocktake-start]').click();
    await page.waitForURL(/\/stocktakes\/[0-9a-f-]+$/);
    const count = page.locator(`tr[data-testid=stocktake-row][data-code="${ITEM.code}"] [data-testid=stocktake-count]`);
    await waitForText(page, `tr[data-code="${ITEM.code}"] [data-testid=stocktake-expected]`, '5');
    await count.fill('4');
    await count.press('Tab');
    await page.locator('[data-testid=stocktake-save]').click();
    await waitForText(page, sel.toast, '棚卸を保存しました');
    await page.locator('[data-testid=stocktake-post]').click();
    await page.locator('[data-testid=confirm-stocktake-post]').click();
    await page.locator('[data-testid=stocktake-posted]').waitFor();

    // ---- the valuation at the count's date, by each method ----
    await page.goto(`/books/${bookId}/stock/valuation?date=${day('05-01')}`);
    await waitForApp(page);
    await waitForText(page, '#stock-method option[value=""]', '最終仕入原価法');
    await expectValuation(page, 'moving_average', '¥440'); // moving average: 4 × 110
    assert.equal((await page.locator('[data-testid=valuation-unit-cost]').innerText()).trim(), '¥110');
    await page.locator('[data-testid=stock-closing] p', { hasText: '比較' }).waitFor();
    await shoot(page, 'inventory-valuation', saved);
    await expectValuation(page, 'fifo', '¥480'); // FIFO: 4 × 120
    await expectValuation(page, 'last_purchase_cost', '¥480'); // last purchase cost: 4 × 120
    await expectValuation(page, '', '¥480'); // the book's method, last purchase cost
    assert.equal(await page.locator('[data-testid=valuation-negative]').count(), 0, 'nothing below zero');

    // The stocktake posted the closing at its date: nothing is left to post.
    assert.equal((await page.locator('[data-testid=closing-valued]').innerText()).trim(), '¥480');
    assert.equal((await page.locator('[data-testid=closing-ledger]').innerText()).trim(), '¥480');
    await waitForText(page, '[data-testid=stock-closing-refused]', '仕訳は不要');
    assert.equal(await page.locator('[data-testid=stock-closing-post]').isDisabled(), true);

    // ---- the blue return under the book's method, last purchase cost ----
    let br = await blueReturn(page, bookId);
    assert.equal(br.purchases, '¥2,200');
    assert.equal(br.closing, '¥480');
    assert.equal(br.cost, '¥1,720', 'last purchase cost: 2,200 − 480');
    await shoot(page, 'inventory-blue-return', saved);

    // ---- moving average from the year's start: the closing entry re-values ----
    await switchMethod(page, bookId, 'moving_average', day('01-01'), '移動平均法');
    assert.equal(await postClosing(page, bookId, day('05-01')), '¥440');
    await shoot(page, 'inventory-closing-posted', saved);
    await page.locator('[data-testid=stock-closing-entry]').click();
    await page.waitForURL(/\/journal\/[0-9a-f-]+$/);
    br = await blueReturn(page, bookId);
    assert.equal(br.closing, '¥440');
    assert.equal(br.cost, '¥1,760', 'moving average: 2,200 − 440');

    // ---- FIFO from the next day (before any move) ----
    await switchMethod(page, bookId, 'fifo', day('01-02'), '先入先出法');
    assert.equal(await postClosing(page, bookId, day('05-01')), '¥480');
    br = await blueReturn(page, bookId);
    assert.equal(br.closing, '¥480');
    assert.equal(br.cost, '¥1,720', 'FIFO: 2,200 − 480');

    // ---- the stock ledger of the year: in 20, out 15, lost 1; its CSV ----
    await page.goto(`/books/${bookId}/stock/ledger?from=${day('01-01')}&to=${day('05-31')}`);
    await waitForApp(page);
    await page.locator('[data-testid=ledger-item]').waitFor();
    assert.equal(await page.locator('[data-testid=ledger-row]').count(), 4, 'two receipts, a delivery, a stocktake');
    assert.equal((await page.locator('[data-testid=ledger-total-in]').innerText()).trim(), '20');
    assert.equal((await page.locator('[data-testid=ledger-total-out]').innerText()).trim(), '16');
    assert.equal((await page.locator('[data-testid=ledger-closing-quantity]').innerText()).trim(), '4');
    assert.equal((await page.locator('[data-testid=ledger-closing-value]').innerText()).trim(), '¥480');
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=ledger-csv]').click();
    const csv = await (await download).createReadStream().then(async (stream) => {
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      return Buffer.concat(chunks).toString('utf8');
    });
    assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 with BOM');
    assert.match(csv, /コード,品名,日付,区分/);
    assert.match(csv, new RegExp(`${ITEM.code},${ITEM.name},${day('05-31')},次期繰越,,,20,16,4,,480`));
    await shoot(page, 'inventory-ledger', saved);

    // A credit note can send goods back to stock, to a chosen place.
    await page.goto(`/books/${bookId}/documents/new?kind=credit_note`);
    await waitForApp(page);
    await page.locator('[data-testid=doc-returns-stock]').check();
    await page.locator('#doc-location').selectOption({ label: '倉庫' });
    await shoot(page, 'inventory-credit-note-form', saved);

    s.assertClean();
  } finally {
    await s.close();
  }
});

test('reorder: the dashboard lists items at their reorder point; one button drafts the purchase order', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const saved = [];
  try {
    const bookId = await createBook(page, { name: '山田雑貨店', owner: '山田 花子' });
    await addPartner(page, bookId, { name: '株式会社丸山商事', reading: 'まるやましょうじ', supplier: true });
    await addItem(page, bookId, ITEM, { supplier: '株式会社丸山商事', reorderPoint: '5', reorderQuantity: '12' });
    await addItem(page, bookId, { code: 'MG-02', name: 'マグカップ', reading: 'まぐかっぷ', unit: '個', price: '1500', cost: '800' }, { reorderPoint: '2' });

    await page.goto(`/books/${bookId}/dashboard`);
    await waitForApp(page);
    await waitForText(page, '[data-testid=reorder-count]', '2品目が発注点以下です');
    assert.equal(await page.locator('[data-testid=reorder-item]').count(), 2);
    await shoot(page, 'inventory-dashboard-reorder', saved);
    await page.locator('[data-testid=reorder-card-link]').click();
    await page.waitForURL(/\/stock\/reorder/);

    const rows = page.locator('tr[data-testid=reorder-row]');
    await waitForText(page, 'tr[data-testid=reorder-row]', ITEM.code);
    assert.equal(await rows.count(), 2);
    const beans = rows.filter({ hasText: ITEM.code });
    assert.equal((await beans.locator('[data-testid=reorder-suggested]').innerText()).trim(), '12');
    assert.equal((await beans.locator('[data-testid=reorder-supplier]').innerText()).trim(), '株式会社丸山商事');
    await rows.filter({ hasText: 'MG-02' }).locator('[data-testid=reorder-no-supplier]').waitFor();
    await waitForText(page, '[data-testid=reorder-unsupplied]', '1品目は下書きに含まれません');

    await page.locator('[data-testid=reorder-draft]').click();
    await waitForText(page, sel.toast, '発注書の下書きを1件作成しました');
    assert.equal(await page.locator('[data-testid=reorder-draft-made]').count(), 1);
    await waitForText(page, '[data-testid=reorder-draft-made]', '株式会社丸山商事');
    await shoot(page, 'inventory-reorder', saved);

    await page.locator('[data-testid=reorder-draft-made] a').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=doc-kind]', '発注書');
    await waitForText(page, '[data-testid=doc-line-item]', ITEM.code);
    await waitForText(page, '[data-testid=doc-net]', '¥1,200');

    s.assertClean();
  } finally {
    await s.close();
  }
});
