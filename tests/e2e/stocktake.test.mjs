// Stocktake (棚卸) and stock moves by hand, as a shopkeeper does them: an item
// with a JAN code, its opening stock of 5 recorded at a cost through the
// adjustment form, a count of 4 made by scanning the code four times with a
// keyboard-wedge scanner (digits then Enter), the variance of −1 and its value
// shown, an unknown code refused with a message and nothing counted, the count
// sheet printed to an A4 PDF (a blind count: no expected quantities unless
// asked), the stocktake posted after a confirmation showing its total, and the
// item then holding 4. Then two locations and a transfer between them.
// Screens in both languages are saved for review.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import {
  ARTIFACTS, createBook, openSession, screenshot, switchLanguage, useApp, waitForApp, waitForText,
} from './harness.mjs';

const env = useApp();
const PRINTS = `${ARTIFACTS}print/`;

/** A 13-digit JAN code: 12 digits and their check digit (weights 3, 1 from the right). */
function jan(digits12) {
  const sum = [...digits12].reverse().reduce((acc, c, i) => acc + Number(c) * (i % 2 === 0 ? 3 : 1), 0);
  return digits12 + ((10 - (sum % 10)) % 10);
}

const APPLE = { code: 'A-001', name: 'りんごジュース', unit: '本', barcode: jan('490123456789') };
const TEA = { code: 'B-002', name: '緑茶ティーバッグ', unit: '箱', barcode: jan('490000000001') };
const UNKNOWN = jan('499999999999');

async function addItem(page, book, item) {
  await page.goto(`/books/${book}/items/new`);
  await waitForApp(page);
  await page.locator('#item-code').fill(item.code);
  await page.locator('#item-name').fill(item.name);
  await page.locator('#item-unit').fill(item.unit);
  await page.locator('#item-kind').selectOption('goods');
  await page.locator('#item-barcode').fill(item.barcode);
  await page.locator('#item-purchase-cost').fill('100');
  await page.locator('#item-sale-price').fill('150');
  await page.locator('[data-testid=save-item]').click();
  await page.waitForURL(/\/items\/[0-9a-f-]+$/);
  return new URL(page.url()).pathname.split('/').pop();
}

/** The counted cell, variance cells and expected of the sheet's row for `code`. */
function row(page, code) {
  const r = page.locator(`tr[data-testid=stocktake-row][data-code="${code}"]`);
  return {
    counted: r.locator('[data-testid=stocktake-count]'),
    expected: r.locator('[data-testid=stocktake-expected]'),
    difference: r.locator('[data-testid=stocktake-difference]'),
    variance: r.locator('[data-testid=stocktake-variance]'),
    row: r,
  };
}

async function scan(page, code) {
  const field = page.locator('[data-testid=stocktake-scan]');
  await field.pressSequentially(code, { delay: 5 });
  await field.press('Enter');
}

test('a stocktake counted by scanning, printed, posted; a transfer between locations', { timeout: 300_000 }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const book = await createBook(page, { name: '山田商店' });
  const apple = await addItem(page, book, APPLE);
  await addItem(page, book, TEA);

  // ---- opening stock: 5 at ¥100, from the item's page ----
  await page.goto(`/books/${book}/items/${apple}`);
  await waitForApp(page);
  await page.locator('[data-testid=adjust-item]').click();
  await page.waitForURL(/\/stock\/moves\/new\?item=/);
  await waitForText(page, '[data-testid=move-item-1]', APPLE.code);
  await page.locator('#move-reason').selectOption({ label: '期首在庫' });
  await page.locator('[data-testid=move-quantity-1]').fill('5');
  await page.locator('[data-testid=move-cost-1]').fill('100');
  await screenshot(page, 'stocktake-move-adjustment', 'ja');
  await page.locator('[data-testid=move-record]').click();
  await page.waitForURL(new RegExp(`/items/${apple}$`));
  await waitForText(page, '[data-testid=item-on-hand-total]', '5');

  // A line with no quantity is refused on its line and nothing is written.
  await page.goto(`/books/${book}/stock/moves/new?kind=adjustment`);
  await waitForApp(page);
  await page.locator('[data-testid=move-item-1]').fill(TEA.code);
  await page.locator('[data-testid=move-record]').click();
  await waitForText(page, '[data-testid=move-error]', '1行目');
  assert.match(await page.locator('[data-testid=move-line-1]').getAttribute('class'), /invalid/);

  // ---- a new stocktake, today, in the one place there is ----
  await page.goto(`/books/${book}/stocktakes`);
  await waitForApp(page);
  await page.locator('[data-testid=stocktake-start]').click();
  await page.waitForURL(/\/stocktakes\/[0-9a-f-]+$/);
  const stocktakeUrl = new URL(page.url()).pathname;
  const a = row(page, APPLE.code);
  await waitForText(page, `tr[data-code="${APPLE.code}"] [data-testid=stocktake-expected]`, '5');

  // The scan field has the focus; four scans count four.
  await page.waitForFunction(() => document.activeElement?.id === 'stocktake-scan');
  for (let i = 0; i < 4; i++) await scan(page, APPLE.barcode);
  assert.equal(await a.counted.inputValue(), '4');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'stocktake-scan', 'focus stays in the scan field');
  assert.equal(await page.locator('[data-testid=stocktake-scan]').inputValue(), '', 'the field is cleared for the next scan');
  await waitForText(page, '[data-testid=scan-note]', `${APPLE.name}:実地数量 4`);
  assert.equal((await a.difference.textContent()).trim(), '-1');
  assert.equal((await a.variance.textContent()).trim(), '-¥100');
  assert.match(await a.variance.getAttribute('class'), /negative/);
  assert.match(await a.row.getAttribute('class'), /scanned/);
  assert.equal((await page.locator('[data-testid=stocktake-total]').textContent()).trim(), '-¥100');
  await waitForText(page, '[data-testid=stocktake-counted]', '1 / 2');

  // An unknown code: a message, nothing counted.
  await scan(page, UNKNOWN);
  await waitForText(page, '[data-testid=scan-error]', `JANコード「${UNKNOWN}」の品目はありません`);
  assert.equal(await a.counted.inputValue(), '4');
  await scan(page, '4901234');
  await waitForText(page, '[data-testid=scan-error]', '8桁か13桁');
  assert.equal(await a.counted.inputValue(), '4');

  // "Each scan adds 1" off: a scan goes to the item's cell to type the count.
  await page.locator('[data-testid=scan-adds-one]').uncheck();
  await scan(page, TEA.barcode);
  const tea = row(page, TEA.code);
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'stocktake-count');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  // Enter in the cell goes back to scanning.
  await page.waitForFunction(() => document.activeElement?.id === 'stocktake-scan');
  assert.equal((await tea.difference.textContent()).trim(), '0', 'none on the books, none counted');
  await waitForText(page, '[data-testid=stocktake-counted]', '2 / 2');

  await page.locator('[data-testid=stocktake-save]').click();
  await waitForText(page, '[role=status]', '棚卸を保存しました');
  await screenshot(page, 'stocktake-counting', 'ja');
  await page.reload();
  await waitForApp(page);
  await waitForText(page, `tr[data-code="${APPLE.code}"] [data-testid=stocktake-difference]`, '-1');
  assert.equal(await row(page, APPLE.code).counted.inputValue(), '4', 'saved counts come back');

  // ---- the count sheet on paper: blind by default ----
  await page.locator('[data-testid=stocktake-print]').click();
  await page.waitForURL(/\/print$/);
  await page.locator('[data-testid=paper]').waitFor();
  await screenshot(page, 'stocktake-print', 'ja');
  const printUrl = new URL(page.url()).pathname;
  assert.equal(await page.locator('[data-testid=paper-line]').count(), 2);
  mkdirSync(PRINTS, { recursive: true });
  const pdf = `${PRINTS}count-sheet.pdf`;
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  execFileSync('pdftoppm', ['-r', '90', '-png', pdf, `${PRINTS}count-sheet`]);
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  for (const expected of ['棚卸表', '本店', APPLE.code, APPLE.name, TEA.name, '実地数量', '担当者']) {
    assert.ok(flat.includes(expected), `the sheet shows ${expected}:\n${text}`);
  }
  assert.ok(!flat.includes('帳簿数量'), 'a blind count prints no expected quantities');
  assert.ok(!flat.includes('在庫設定'), 'the app around the sheet does not print');
  assert.equal(text.split('\f').filter((p) => p.trim() !== '').length, 1, 'two items fit one page');
  await page.locator('[data-testid=print-expected]').check();
  await waitForText(page, '[data-testid=paper-lines] thead', '帳簿数量');
  await waitForText(page, '[data-testid=paper-line]', '5');

  // ---- post it ----
  await page.goto(stocktakeUrl);
  await waitForApp(page);
  await page.locator('[data-testid=stocktake-post]').click();
  await waitForText(page, '[data-testid=stocktake-post-total]', '差異の合計 -¥100');
  await page.locator('[data-testid=confirm-stocktake-post]').click();
  await waitForText(page, '[role=status]', '棚卸を計上しました');
  await page.locator('[data-testid=stocktake-posted]').waitFor();
  assert.equal(await page.locator('[data-testid=stocktake-scan]').count(), 0, 'a posted stocktake is read-only');
  assert.equal(await page.locator('[data-testid=stocktake-count]').count(), 0);
  await waitForText(page, '[data-testid=stocktake-status]', '計上済み');
  assert.equal((await row(page, APPLE.code).difference.textContent()).trim(), '-1', 'the variance as posted');
  await screenshot(page, 'stocktake-posted', 'ja');
  // The entry it posted (a periodic book: the stock closing at the count's date).
  await page.locator('[data-testid=stocktake-entry]').click();
  await page.waitForURL(/\/journal\/[0-9a-f-]+$/);

  await page.goto(`/books/${book}/stocktakes`);
  await waitForApp(page);
  const listed = page.locator('tr[data-testid=stocktake-row]');
  await waitForText(page, 'tr[data-testid=stocktake-row]', '計上済み');
  assert.equal((await listed.locator('[data-testid=stocktake-value]').textContent()).trim(), '-¥100');
  await screenshot(page, 'stocktakes', 'ja');

  await page.goto(`/books/${book}/items/${apple}`);
  await waitForApp(page);
  await waitForText(page, '[data-testid=item-on-hand-total]', '4');

  // ---- two locations, and a transfer ----
  await page.goto(`/books/${book}/stock/moves/new?kind=transfer`);
  await waitForApp(page);
  await page.locator('[data-testid=move-no-locations]').waitFor();
  await page.goto(`/books/${book}/inventory/settings`);
  await waitForApp(page);
  for (const name of ['倉庫', '店舗']) {
    await page.locator('[data-testid=location-name]').fill(name);
    await page.locator('[data-testid=add-location]').click();
    await waitForText(page, '[data-testid=location-label]', name);
  }
  await page.goto(`/books/${book}/stock/moves/new?kind=transfer`);
  await waitForApp(page);
  await page.locator('#move-to').selectOption({ label: '倉庫' });
  await page.locator('[data-testid=move-item-1]').fill(APPLE.code);
  await page.locator('[data-testid=move-quantity-1]').fill('3');
  await page.locator('[data-testid=move-note]').fill('店頭から倉庫へ');
  await screenshot(page, 'stocktake-move-transfer', 'ja');
  await page.locator('[data-testid=move-record]').click();
  await page.waitForURL(new RegExp(`/items/${apple}$`));
  await waitForText(page, '[data-testid=item-location-row]', '倉庫');
  const places = await page.locator('[data-testid=item-location-row]').allTextContents();
  assert.ok(places.some((p) => p.includes('倉庫') && p.includes('3')), `3 in the warehouse: ${places}`);
  assert.ok(places.some((p) => p.includes('本店') && p.includes('1')), `1 left in the main place: ${places}`);
  await waitForText(page, '[data-testid=item-on-hand-total]', '4');

  // Too many: refused, nothing moved.
  await page.goto(`/books/${book}/stock/moves/new?kind=transfer`);
  await waitForApp(page);
  await page.locator('[data-testid=move-item-1]').fill(APPLE.code);
  await page.locator('[data-testid=move-quantity-1]').fill('9');
  await page.locator('[data-testid=move-record]').click();
  await waitForText(page, '[data-testid=move-error]', '在庫が足りません');

  // A stocktake of the warehouse: the location is chosen, its sheet expects 3.
  await page.goto(`/books/${book}/stocktakes`);
  await waitForApp(page);
  await page.locator('#stocktake-location').selectOption({ label: '倉庫' });
  await screenshot(page, 'stocktakes-new', 'ja');
  await page.locator('[data-testid=stocktake-start]').click();
  await page.waitForURL(/\/stocktakes\/[0-9a-f-]+$/);
  await waitForText(page, '[data-testid=stocktake-title]', '倉庫');
  await waitForText(page, `tr[data-code="${APPLE.code}"] [data-testid=stocktake-expected]`, '3');

  await scan(page, APPLE.barcode);
  await screenshot(page, 'stocktake-counting-location', 'ja');

  // ---- the same screens in English, for review ----
  await switchLanguage(page, 'en');
  await waitForText(page, '[data-testid=stocktake-status]', 'Counting');
  await screenshot(page, 'stocktake-counting-location', 'en');
  for (const [name, url] of [
    ['stocktakes', `/books/${book}/stocktakes`],
    ['stocktake-posted', stocktakeUrl],
    ['stocktake-print', printUrl],
  ]) {
    await page.goto(url);
    await waitForApp(page);
    await page.locator('.kura-page h1, [data-testid=paper]').first().waitFor();
    await screenshot(page, name, 'en');
  }
  await page.goto(`/books/${book}/stock/moves/new?item=${apple}`);
  await waitForApp(page);
  await page.locator('#move-reason').selectOption({ label: 'Found' });
  await page.locator('[data-testid=move-location-1]').selectOption({ label: '倉庫' });
  await page.locator('[data-testid=move-quantity-1]').fill('1');
  await page.locator('[data-testid=move-cost-1]').fill('1,200');
  await screenshot(page, 'stocktake-move-adjustment', 'en');
  await page.goto(`/books/${book}/stock/moves/new?kind=transfer`);
  await waitForApp(page);
  await page.locator('[data-testid=move-item-1]').fill(TEA.code);
  await page.locator('[data-testid=move-quantity-1]').fill('2');
  await screenshot(page, 'stocktake-move-transfer', 'en');
  s.assertClean();
  await s.close();
});
