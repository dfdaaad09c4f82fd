// Items and the inventory settings, as a small roaster setting up its book: a
// new book's empty item list explains what items are for; a location is added
// and renamed; the valuation method changes from a date (an earlier change is
// refused) and is listed; negative stock is allowed and stays so; two goods
// (one JAN with a wrong check digit refused inline, then fixed) and a service
// are added, listed with nothing on hand and found by their kana reading; an
// opening stock adjustment shows in an item's history with its running
// balance. Screenshots of each screen in ja and en (KURA_SHOTS copies them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, axeSerious, createBook, openSession, screenshot, switchLanguage, useApp, waitForApp,
  waitForText,
} from './harness.mjs';

const env = useApp();

const ITEM_URL = /\/items\/[0-9a-f-]{36}$/;

const it = {
  newItem: '[data-testid=new-item]',
  empty: '[data-testid=items-empty]',
  row: 'tr[data-testid=item-row]',
  search: '[data-testid=item-search]',
  code: '#item-code',
  name: '#item-name',
  reading: '#item-reading',
  unit: '#item-unit',
  salePrice: '#item-sale-price',
  cost: '#item-purchase-cost',
  kind: '#item-kind',
  reorderPoint: '#item-reorder-point',
  barcode: '#item-barcode',
  barcodeError: '#item-barcode-error',
  save: '[data-testid=save-item]',
  title: '[data-testid=item-title]',
  facts: '[data-testid=item-facts]',
};

const st = {
  locationName: '[data-testid=location-name]',
  addLocation: '[data-testid=add-location]',
  locationRow: '[data-testid=location-row]',
  method: '#inv-method',
  posting: '#inv-posting',
  from: '#inv-from',
  fromError: '#inv-from-error',
  savePolicy: '[data-testid=save-policy]',
  policyRow: 'tr[data-testid=policy-row]',
  allowNegative: '[data-testid=allow-negative]',
};

async function shoot(page, name, saved) {
  for (const lang of ['ja', 'en']) {
    await switchLanguage(page, lang);
    saved.push(await screenshot(page, name, lang));
  }
  await switchLanguage(page, 'ja');
}

/** `2026-01-01`: the first of January `back` years before this one. */
function newYear(back = 0) {
  return `${new Date().getFullYear() - back}-01-01`;
}

/** Fills the item form and saves it; returns without waiting for the outcome. */
async function fillItem(page, { code, name, reading, unit = '', price = '', cost = '', service = false, barcode = '', reorder = '', businessClass = '' }) {
  await page.locator(it.code).fill(code);
  await page.locator(it.name).fill(name);
  await page.locator(it.reading).fill(reading);
  await page.locator(it.unit).fill(unit);
  await page.locator(it.salePrice).fill(price);
  await page.locator(it.cost).fill(cost);
  if (service) await page.locator(it.kind).selectOption('service');
  else await page.locator(it.reorderPoint).fill(reorder);
  await page.locator(it.barcode).fill(barcode);
  await page.locator('#item-class').selectOption(businessClass);
  await page.locator(it.save).click();
}

async function addItem(page, bookId, item) {
  await page.goto(`/books/${bookId}/items/new`);
  await waitForApp(page);
  await fillItem(page, item);
  await page.waitForURL(ITEM_URL);
  await waitForText(page, it.title, item.name);
}

test('items and inventory settings for a new shop', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const s = await openSession(env.browser, env.server, { bypassCSP: true });
  try {
    const { page } = s;
    const saved = [];
    const id = await createBook(page, { name: '山田珈琲店', owner: '山田 花子' });
    await page.goto(`/books/${id}/items`);
    await waitForApp(page);
    await waitForText(page, it.empty, 'フリーランス');
    await shoot(page, 'items-empty', saved);

    // ---- settings: a location, the method from a date, negative stock ----
    await page.locator('[data-testid=inv-tab-settings]').click();
    await page.locator('[data-testid=inventory-settings-page]').waitFor();
    await page.locator('[data-testid=no-locations]').waitFor();
    await waitForText(page, '[data-testid=policy-default]', '最終仕入原価法');
    await page.locator(st.locationName).fill('倉庫');
    await page.locator(st.addLocation).click();
    await waitForText(page, st.locationRow, '倉庫');
    await page.locator('[data-testid=rename-location]').click();
    await page.locator('[data-testid=location-rename]').fill('第一倉庫');
    await page.locator('[data-testid=save-location-name]').click();
    await waitForText(page, st.locationRow, '第一倉庫');
    // The same name again is refused next to the field.
    await page.locator(st.locationName).fill('第一倉庫');
    await page.locator(st.addLocation).click();
    await waitForText(page, '#location-name-error', '同じ名前');
    assert.equal(await page.locator(st.locationRow).count(), 1, 'no second location');
    await page.locator(st.locationName).fill('');

    await page.locator(st.method).selectOption('moving_average');
    await waitForText(page, '#inv-method-hint', '平均単価');
    await page.locator(st.from).fill(newYear());
    await page.locator(st.savePolicy).click();
    await waitForText(page, st.policyRow, '移動平均法');
    await waitForText(page, st.policyRow, `${new Date().getFullYear()}/01/01`);
    // A change dated before the last one would rewrite valued history: refused.
    await page.locator(st.method).selectOption('fifo');
    await page.locator(st.from).fill(newYear(1));
    await page.locator(st.savePolicy).click();
    await waitForText(page, st.fromError, '後の日付');
    assert.equal(await page.locator(st.policyRow).count(), 1, 'the refused change is not listed');

    await page.locator(st.allowNegative).check();
    await waitForText(page, '.kura-toast', 'マイナス在庫');
    await page.reload();
    await waitForApp(page);
    await waitForText(page, st.policyRow, '移動平均法');
    assert.equal(await page.locator(st.allowNegative).isChecked(), true, 'negative stock stays allowed');
    await shoot(page, 'inventory-settings', saved);
    assert.deepEqual(await axeSerious(page), [], 'the settings page is accessible');

    // ---- items: a JAN typo refused inline, then fixed ----
    await page.goto(`/books/${id}/items/new`);
    await waitForApp(page);
    const beans = {
      code: 'A-001', name: '有機コーヒー豆 200g', reading: 'ゆうきこーひーまめ', unit: '袋',
      price: '1,200', cost: '700', reorder: '5',
    };
    await fillItem(page, { ...beans, barcode: '4901234567890' });
    await waitForText(page, it.barcodeError, 'チェックデジット');
    assert.match(page.url(), /\/items\/new$/, 'still on the form');
    await shoot(page, 'item-form-error', saved);
    await page.locator(it.barcode).fill('4901234567894');
    await page.locator(it.save).click();
    await page.waitForURL(ITEM_URL);
    await waitForText(page, it.title, beans.name);
    await waitForText(page, it.facts, '4901234567894');
    await waitForText(page, it.facts, '¥1,200');
    const beansUrl = new URL(page.url()).pathname;

    await addItem(page, id, {
      code: 'A-002', name: '挽き豆 中煎り', reading: 'ひきまめ ちゅういり', unit: '袋', price: '980', cost: '520',
    });
    // A course is a service (第五種) under the simplified method, whoever buys it.
    await addItem(page, id, {
      code: 'S-001', name: '焙煎講座', reading: 'ばいせんこうざ', unit: '回', price: '5,000', service: true, businessClass: '5',
    });
    await page.locator('[data-testid=item-service-note]').waitFor();
    await waitForText(page, it.facts, '第5種(サービス業等)');

    // ---- the list: nothing on hand yet; the service has no stock ----
    await page.goto(`/books/${id}/items`);
    await waitForApp(page);
    await page.locator(it.row).first().waitFor();
    assert.equal(await page.locator(it.row).count(), 3);
    const onHand = await page.locator('[data-testid=item-on-hand]').allTextContents();
    assert.deepEqual(onHand, ['0', '0'], 'the two goods hold nothing');
    await waitForText(page, '[data-testid=item-service]', 'サービス');
    // A-001's reorder point is 5 and nothing is on hand: marked to reorder.
    const beansRow = page.locator(it.row).filter({ hasText: 'A-001' });
    assert.equal(await beansRow.locator('[data-testid=item-reorder]').count(), 1);
    await shoot(page, 'items', saved);

    // Found by the reading in katakana (the name is in kanji), and by JAN.
    await page.locator(it.search).fill('ヒキマメ');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, it.row);
    await waitForText(page, it.row, '挽き豆 中煎り');
    await page.locator(it.search).fill('4901234567894');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, it.row);
    await waitForText(page, it.row, 'A-001');
    await page.locator(it.search).fill('');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, it.row);
    assert.deepEqual(await axeSerious(page), [], 'the item list is accessible');

    // ---- editing keeps what was saved ----
    await page.goto(beansUrl);
    await waitForApp(page);
    await page.locator('[data-testid=item-no-history]').waitFor();
    await page.locator('[data-testid=edit-item]').click();
    await waitForText(page, it.barcode, '4901234567894');
    await waitForText(page, it.salePrice, '1,200');
    await shoot(page, 'item-form', saved);
    assert.deepEqual(await axeSerious(page), [], 'the item form is accessible');

    // ---- opening stock through the adjustment link, in the history ----
    await page.goto(beansUrl);
    await waitForApp(page);
    await page.locator('[data-testid=adjust-item]').click();
    await page.locator('#move-reason').selectOption({ label: '期首在庫' });
    await page.locator('#move-quantity-1').fill('12');
    await page.locator('#move-cost-1').fill('700');
    await page.locator('[data-testid=move-record]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/stock/moves/new'));
    await page.goto(beansUrl);
    await waitForApp(page);
    await page.locator('tr[data-testid=history-row]').first().waitFor();
    await waitForText(page, '[data-testid=history-kind]', '期首在庫');
    await waitForText(page, '[data-testid=history-balance]', '12');
    await waitForText(page, '[data-testid=item-on-hand-total]', '12');
    await waitForText(page, '[data-testid=item-value-total]', '¥8,400');
    await shoot(page, 'item', saved);
    assert.deepEqual(await axeSerious(page), [], 'the item page is accessible');
    s.assertClean();
  } finally {
    await s.close();
  }
});
