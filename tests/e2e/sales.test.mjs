// Sales and purchasing as a new user meets them, in Japanese.
//
// (a) A freelancer (デザイナー) registers a customer, quotes a logo design, turns
//     the quote into an invoice that withholds income tax, issues it, and is paid
//     in two parts, the last one short of the bank fee. The figures, by hand:
//       fee                      300,000
//       consumption tax 10%       30,000   (300,000 × 10%)
//       invoice total            330,000
//       withholding 10.21%        30,630   (300,000 × 10.21%, rounded down; under ¥1,000,000)
//       amount due               299,370   (330,000 − 30,630)
//     First payment: 100,000 received, the customer's 30,630 withheld → settles 130,630,
//     leaving 199,370. Final payment: 198,930 received, ¥440 transfer fee deducted
//     → settles 199,370, leaving 0. The book is tax-inclusive (the default), so the
//     P&L shows sales 330,000 (account 400) and bank fees 440 (account 620).
// (b) A shop orders from a supplier who is not a registered issuer (so the form
//     proposes the unregistered purchase codes), receives part of the order
//     (asking for more than is left is refused), books the bill and pays it:
//       coffee beans  6 × 2,000 = 12,000 at 8% (reduced, ※) → tax 960
//       paper cups    5 × 1,000 =  5,000 at 10%             → tax 500
//       bill total 18,460.
// Screenshots of the list, the form (both rates, a ※ line) and the view, in ja and en.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitForText, useApp,
} from './harness.mjs';

const env = useApp();

const d = {
  partnerSelect: '#doc-partner',
  date: '#doc-date',
  due: '#doc-due',
  subject: '[data-testid=doc-subject]',
  withholding: '[data-testid=doc-withholding]',
  saveDraft: '[data-testid=doc-save-draft]',
  issue: '[data-testid=doc-issue]',
  error: '[data-testid=doc-error]',
  title: '[data-testid=doc-title]',
  number: 'dd[data-testid=doc-number]',
  gross: '[data-testid=doc-gross]',
  tax: '[data-testid=doc-tax]',
  withheld: '[data-testid=doc-withholding]',
  due_: '[data-testid=doc-amount-due]',
  row: 'tr[data-testid=doc-row]',
  chain: '[data-testid=doc-chain-item]',
};

const cell = (name, n) => `[data-testid=doc-line-${name}-${n}]`;

async function fillDocLine(page, n, { description, quantity, unit = '', price, tax }) {
  await page.locator(cell('description', n)).fill(description);
  await page.locator(cell('quantity', n)).fill(quantity);
  if (unit) await page.locator(cell('unit', n)).fill(unit);
  await page.locator(cell('price', n)).fill(price);
  if (tax) await page.locator(cell('tax', n)).selectOption(tax);
}

/** Adds a partner on the partners page. */
async function addPartner(page, bookId, { name, reading, customer = false, supplier = false }) {
  await page.goto(`/books/${bookId}/partners`);
  await page.locator('[data-testid=new-partner]').click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#partner-name').fill(name);
  await dialog.locator('#partner-reading').fill(reading);
  if (customer) await dialog.locator('[data-testid=partner-customer]').check();
  if (supplier) await dialog.locator('[data-testid=partner-supplier]').check();
  await dialog.locator('[data-testid=save-partner]').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page, '[data-testid=partner-name]', name);
}

/** Waits for a document's view after issuing, and returns its id. */
async function issuedView(page) {
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.locator(d.title).waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

/** Records a payment from a document's "record payment" button. */
async function pay(page, { date, amount, fee = '', withholding = null }) {
  await page.locator('[data-testid=doc-record-payment]').click();
  await page.locator('[data-testid=payment-page]').waitFor();
  await page.locator('#payment-date').fill(date);
  await page.locator('#payment-date').press('Tab');
  await page.locator('#payment-amount').fill(amount);
  await page.locator('#payment-amount').press('Tab');
  if (fee) {
    await page.locator('#payment-fee').fill(fee);
    await page.locator('#payment-fee').press('Tab');
  }
  if (withholding !== null) {
    await page.locator('#payment-withholding').fill(withholding);
    await page.locator('#payment-withholding').press('Tab');
  }
  await page.locator('[data-testid=refill]').click();
  await page.locator('[data-testid=save-payment]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
}

async function statementAmount(page, code) {
  const row = page.locator(`[data-testid=profit-and-loss] tr[data-testid=statement-row][data-code="${code}"]`);
  return (await row.locator('td').last().innerText()).trim();
}

test('sales: a freelancer quotes, invoices with withholding, is paid in two parts', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '佐藤デザイン' });
    await addPartner(page, bookId, { name: '株式会社みどり出版', reading: 'みどりしゅっぱん', customer: true });

    // ---- A quote, from the sales list.
    await page.locator('[data-testid=nav-sales]').click();
    await waitForText(page, 'h1', '販売');
    await page.locator('[data-testid=new-quote]').click();
    await waitForText(page, 'h1', '見積書の作成');
    await page.locator(d.partnerSelect).selectOption({ label: '株式会社みどり出版' });
    await page.locator(d.date).fill('2026-10-01');
    await page.locator(d.subject).fill('ロゴデザイン制作');
    await fillDocLine(page, 1, { description: 'ロゴデザイン制作一式', quantity: '1', unit: '式', price: '300000' });
    await waitForText(page, d.gross, '¥330,000');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'QT-2026-');
    await waitForText(page, '[data-testid=doc-status-issued]', '発行済み');

    // ---- The invoice made from the quote: lines copied, withholding ticked.
    await page.locator('[data-testid=doc-create-invoice]').click();
    await waitForText(page, 'h1', '請求書の作成');
    assert.equal(await page.locator(cell('description', 1)).inputValue(), 'ロゴデザイン制作一式');
    await page.locator(d.date).fill('2026-10-31');
    await page.locator(d.date).press('Tab');
    await page.locator(d.withholding).check();
    await waitForText(page, d.withheld, '-¥30,630');
    assert.equal((await page.locator(d.tax).innerText()).trim(), '¥30,000');
    assert.equal((await page.locator(d.gross).innerText()).trim(), '¥330,000');
    assert.equal((await page.locator(d.due_).innerText()).trim(), '¥299,370');
    // The due date follows the customer's terms (月末締め翌月末払い by default).
    assert.equal(await page.locator(d.due).inputValue(), '2026-11-30');
    // Ctrl+S saves a draft; it opens again as a draft to edit.
    await page.locator(cell('description', 1)).press('Control+s');
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}\/edit$/);
    await page.locator(d.issue).click();
    const invoiceId = await issuedView(page);
    await waitForText(page, d.number, 'INV-2026-0001');
    assert.equal((await page.locator(d.due_).innerText()).trim(), '¥299,370');
    await page.locator('[data-testid=doc-entry-link]').waitFor();
    // The chain: the quote before, the invoice itself.
    await waitForText(page, d.chain, '見積書');

    // ---- The first payment: 100,000 in, 30,630 withheld by the customer.
    await pay(page, { date: '2026-11-10', amount: '100,000', withholding: '30,630' });
    await page.goto(`/books/${bookId}/sales`);
    const invoiceRow = page.locator(d.row).filter({ hasText: 'INV-2026-0001' });
    await waitForText(page, `${d.row} [data-testid=doc-open]`, '¥199,370');
    await screenshot(page, 'sales-list', 'ja');

    // ---- The final payment, ¥440 transfer fee deducted.
    await invoiceRow.click();
    await page.waitForURL(new RegExp(`/documents/${invoiceId}$`));
    await pay(page, { date: '2026-11-24', amount: '198,930', fee: '440' });
    await page.goto(`/books/${bookId}/sales`);
    await waitForText(page, `${d.row} [data-testid=doc-open]`, '¥0');
    await page.locator(d.row).filter({ hasText: 'INV-2026-0001' }).click();
    await page.locator(d.title).waitFor();
    assert.equal(await page.locator('[data-testid=doc-record-payment]').count(), 0, 'nothing left to pay');
    await waitForText(page, d.chain, '入金');
    assert.equal(await page.locator(d.chain).filter({ hasText: '入金' }).count(), 2, 'both payments in the chain');
    await screenshot(page, 'sales-invoice-view', 'ja');

    // ---- The P&L: sales and the fee.
    await page.goto(`/books/${bookId}/reports/profit-and-loss?from=2026-10-01&to=2026-12-31`);
    await page.locator('[data-testid=profit-and-loss]').waitFor();
    assert.equal(await statementAmount(page, '400'), '¥330,000', 'sales, tax included');
    assert.equal(await statementAmount(page, '620'), '¥440', 'the bank fee');

    // ---- English: the same invoice, and the list.
    await switchLanguage(page, 'en');
    await page.goto(`/books/${bookId}/documents/${invoiceId}`);
    await waitForText(page, d.title, 'INV-2026-0001');
    await waitForText(page, '[data-testid=doc-status-issued]', 'Issued');
    await screenshot(page, 'sales-invoice-view', 'en');
    await page.goto(`/books/${bookId}/sales`);
    await waitForText(page, 'h1', 'Sales');
    await screenshot(page, 'sales-list', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});

// (c) A discount after the invoice is paid (issue 17): an invoice of ¥110,000
//     (100,000 + 10%) paid in full; a credit note of ¥11,000 (10,000 + 1,000 tax)
//     leaves the customer a credit of ¥11,000 (its open amount −¥11,000, 返金予定);
//     "返金を記録" opens the payment form as a refund of ¥11,000, and once it is
//     recorded nothing is open.
test('sales: a discount after the invoice is paid is refunded', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '佐藤デザイン' });
    await addPartner(page, bookId, { name: '株式会社みどり出版', reading: 'みどりしゅっぱん', customer: true });
    await page.goto(`/books/${bookId}/sales`);
    await waitForText(page, 'h1', '販売');
    await page.locator('[data-testid=new-invoice]').click();
    await waitForText(page, 'h1', '請求書の作成');
    await page.locator(d.partnerSelect).selectOption({ label: '株式会社みどり出版' });
    await page.locator(d.date).fill('2026-10-31');
    await page.locator(d.date).press('Tab');
    await fillDocLine(page, 1, { description: '誌面デザイン', quantity: '1', price: '100000' });
    await waitForText(page, d.gross, '¥110,000');
    await page.locator(d.issue).click();
    const invoiceId = await issuedView(page);
    await waitForText(page, d.number, 'INV-2026-0001');
    await pay(page, { date: '2026-11-10', amount: '110,000' });
    await page.waitForURL(new RegExp(`/documents/${invoiceId}$`));
    assert.equal(await page.locator('[data-testid=doc-record-payment]').count(), 0, 'paid');

    // ---- The discount, after payment: a credit note of 11,000 is issued.
    await page.locator('[data-testid=doc-create-credit_note]').click();
    await page.locator(cell('price', 1)).waitFor();
    await page.locator(d.date).fill('2026-11-20');
    await page.locator(d.date).press('Tab');
    await page.locator(cell('price', 1)).fill('10000');
    await page.locator(cell('price', 1)).press('Tab');
    await waitForText(page, d.gross, '11,000');
    await page.locator(d.issue).click();
    const creditId = await issuedView(page);
    await waitForText(page, d.number, 'CN-2026-0001');
    await waitForText(page, '[data-testid=doc-record-refund]', '返金を記録');
    await screenshot(page, 'sales-credit-to-refund', 'ja');
    await page.goto(`/books/${bookId}/sales`);
    const creditRow = page.locator(d.row).filter({ hasText: 'CN-2026-0001' });
    await creditRow.waitFor();
    assert.equal((await creditRow.locator('[data-testid=doc-open]').innerText()).trim(), '-¥11,000');
    // The open items list it as owed to the customer, to refund.
    await page.goto(`/books/${bookId}/receivables/open-items?as_of=2026-11-30`);
    await waitForText(page, '[data-testid=to-refund]', '返金予定');
    await waitForText(page, '[data-testid=settle-item]', '返金を記録');
    await screenshot(page, 'receivables-to-refund', 'ja');

    // ---- The refund, from the credit note: prefilled, 11,000 from the bank.
    await page.goto(`/books/${bookId}/documents/${creditId}`);
    await page.locator('[data-testid=doc-record-refund]').click();
    await page.locator('[data-testid=payment-page]').waitFor();
    await waitForText(page, 'h1', '返金の記録');
    assert.ok(await page.locator('[data-testid=direction-refunded]').isChecked());
    await waitForText(page, '#payment-amount', /11,?000/);
    await page.locator('#payment-date').fill('2026-11-25');
    await page.locator('#payment-date').press('Tab');
    await waitForText(page, '[data-testid=allocation-check]', '-¥11,000');
    await screenshot(page, 'payment-refund-form', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, 'h1', 'Record a refund');
    await screenshot(page, 'payment-refund-form', 'en');
    await switchLanguage(page, 'ja');
    await page.locator('[data-testid=save-payment]').click();
    await page.waitForURL(new RegExp(`/documents/${creditId}$`));
    await waitForText(page, d.chain, '返金');
    assert.equal(await page.locator('[data-testid=doc-record-refund]').count(), 0, 'nothing left to refund');
    await page.goto(`/books/${bookId}/sales`);
    await waitForText(page, `${d.row} [data-testid=doc-number]`, 'CN-2026-0001');
    const settled = page.locator(d.row).filter({ hasText: 'CN-2026-0001' });
    assert.equal((await settled.locator('[data-testid=doc-open]').innerText()).trim(), '¥0');
    await page.goto(`/books/${bookId}/documents/${creditId}`);
    await switchLanguage(page, 'en');
    await waitForText(page, d.chain, 'Refund');
    await screenshot(page, 'sales-credit-refunded', 'en');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('purchasing: a shop orders, receives part, books the bill and pays it', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: 'みなと珈琲店' });
    await addPartner(page, bookId, { name: '山川焙煎所', reading: 'やまかわばいせんじょ', supplier: true });

    // ---- The purchase order: an unregistered supplier, so the form proposes the
    // unregistered codes; coffee beans at the reduced rate are marked ※.
    await page.locator('[data-testid=nav-purchases]').click();
    await waitForText(page, 'h1', '購買');
    await page.locator('[data-testid=new-purchase_order]').click();
    await waitForText(page, 'h1', '発注書の作成');
    await page.locator(d.partnerSelect).selectOption({ label: '山川焙煎所' });
    await page.locator(d.date).fill('2026-10-05');
    await waitForText(page, '.kura-field__hint', '適格請求書発行事業者ではない');
    assert.equal(await page.locator(cell('tax', 1)).inputValue(), 'purchase10_unregistered');
    await fillDocLine(page, 1, { description: 'コーヒー豆 1kg', quantity: '10', unit: '袋', price: '2000', tax: 'purchase8_reduced_unregistered' });
    await page.locator(cell('price', 1)).press('Enter');
    await page.locator(cell('description', 2)).waitFor();
    await fillDocLine(page, 2, { description: '紙コップ 100個', quantity: '5', unit: '箱', price: '1000' });
    await waitForText(page, d.gross, '¥27,100'); // 20,000 + 1,600 (8%) + 5,000 + 500 (10%)
    await waitForText(page, '[data-testid=doc-line-reduced-1]', '※');
    assert.equal((await page.locator('[data-testid=doc-line-reduced-2]').innerText()).trim(), '');
    assert.equal(await page.locator('[data-testid=doc-rate-row]').count(), 2, 'one row per rate');
    await screenshot(page, 'purchase-order-form', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, 'h1', 'New purchase order');
    await screenshot(page, 'purchase-order-form', 'en');
    await switchLanguage(page, 'ja');
    await page.locator(d.issue).click();
    const orderId = await issuedView(page);
    await waitForText(page, d.number, 'PO-2026-');

    // ---- Goods receipt of part: 12 bags are more than the 10 ordered.
    await page.locator('[data-testid=doc-create-goods_receipt]').click();
    await waitForText(page, 'h1', '入荷の作成');
    await page.locator(d.date).fill('2026-10-10');
    await page.locator(cell('quantity', 1)).fill('12');
    await page.locator(d.issue).click();
    await waitForText(page, d.error, '残り');
    await page.locator(cell('quantity', 1)).fill('6');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'GR-2026-');
    await waitForText(page, d.chain, '発注書');

    // ---- The bill from the goods receipt: tax per rate, once per bill.
    await page.locator('[data-testid=doc-create-bill]').click();
    await waitForText(page, 'h1', '仕入の作成');
    await page.locator(d.date).fill('2026-10-10');
    await page.locator('[data-testid=doc-reference]').fill('YK-1001');
    await waitForText(page, d.gross, '¥18,460');
    assert.equal((await page.locator(d.tax).innerText()).trim(), '¥1,460');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'BILL-2026-0001');
    await waitForText(page, '[data-testid=doc-line-reduced]', '※');
    await screenshot(page, 'purchase-bill-view', 'ja');

    // ---- Pay it: nothing open afterwards.
    await pay(page, { date: '2026-10-31', amount: '18,460' });
    await page.goto(`/books/${bookId}/purchases`);
    await waitForText(page, `${d.row} [data-testid=doc-number]`, 'BILL-2026-0001');
    const bill = page.locator(d.row).filter({ hasText: 'BILL-2026-0001' });
    assert.equal((await bill.locator('[data-testid=doc-open]').innerText()).trim(), '¥0');
    // The order is still there, with the rest of it not yet received.
    await page.goto(`/books/${bookId}/documents/${orderId}`);
    await waitForText(page, d.chain, '入荷');
    s.assertClean();
  } finally {
    await s.close();
  }
});

// A month's deliveries to one customer billed together (締め請求): 8,000 at 8% (※)
// and 3,000 at 10% on two delivery notes; tax once per rate on the total:
// 640 + 300 → invoice total 11,940. Cancelled and re-issued with 20 bags:
// 8,000 + 640 + 2,000 + 200 = 10,840.
test('consolidated invoice: a month of delivery notes in one invoice', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: 'すずき食品' });
    await addPartner(page, bookId, { name: '喫茶あおば', reading: 'きっさあおば', customer: true });
    const deliveries = [
      { date: '2026-10-05', line: { description: '焼き菓子詰め合わせ', quantity: '4', price: '2000', tax: 'sales8_reduced' } },
      { date: '2026-10-20', line: { description: '紙袋', quantity: '30', price: '100', tax: 'sales10' } },
    ];
    for (const delivery of deliveries) {
      await page.goto(`/books/${bookId}/sales`);
      await page.locator('[data-testid=new-delivery]').click();
      await waitForText(page, 'h1', '納品書の作成');
      await page.locator(d.partnerSelect).selectOption({ label: '喫茶あおば' });
      await page.locator(d.date).fill(delivery.date);
      await fillDocLine(page, 1, delivery.line);
      await page.locator(d.issue).click();
      await issuedView(page);
      await waitForText(page, d.number, 'DN-2026-');
    }

    await page.goto(`/books/${bookId}/sales`);
    await page.locator('[data-testid=consolidate]').click();
    const dialog = page.locator(sel.dialog);
    await dialog.locator('#consolidate-partner').selectOption({ label: '喫茶あおば' });
    // Nothing delivered up to September: said in the dialog.
    await dialog.locator('#consolidate-date').fill('2026-09-30');
    await dialog.locator('[data-testid=confirm-consolidate]').click();
    await waitForText(page, '[data-testid=consolidate-error]', '納品書がありません');
    await dialog.locator('#consolidate-date').fill('2026-10-31');
    await dialog.locator('[data-testid=confirm-consolidate]').click();
    await waitForText(page, 'h1', '請求書の作成');
    assert.equal(await page.locator(cell('description', 1)).inputValue(), '焼き菓子詰め合わせ');
    assert.equal(await page.locator(cell('description', 2)).inputValue(), '紙袋');
    await waitForText(page, d.gross, '¥11,940');
    assert.equal((await page.locator(d.tax).innerText()).trim(), '¥940');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'INV-2026-0001');
    assert.equal(await page.locator(d.chain).filter({ hasText: '納品書' }).count(), 2, 'both delivery notes in the chain');

    // A mistake: cancel it (its entry is reversed, both kept) and issue it again, fixed.
    await page.locator('[data-testid=doc-cancel]').click();
    await page.locator(`${sel.dialog} [data-testid=confirm-doc-cancel]`).click();
    await waitForText(page, '[data-testid=doc-status-cancelled]', '取消済み');
    await page.locator('[data-testid=doc-reversal-link]').waitFor();
    await page.locator('[data-testid=doc-reissue]').click();
    await waitForText(page, 'h1', '請求書の作成');
    assert.equal(await page.locator(cell('description', 2)).inputValue(), '紙袋');
    await page.locator(cell('quantity', 2)).fill('20');
    await waitForText(page, d.gross, '¥10,840');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'INV-2026-0002');
    await waitForText(page, d.chain, 'INV-2026-0001');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('withholding: only the fee lines, and a scrivener\'s formula', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '山本デザイン' });
    await addPartner(page, bookId, { name: '株式会社ひかり', reading: 'ひかり', customer: true });
    await page.goto(`/books/${bookId}/sales`);
    await page.locator('[data-testid=new-invoice]').click();
    await waitForText(page, 'h1', '請求書の作成');
    await page.locator(d.partnerSelect).selectOption({ label: '株式会社ひかり' });
    await page.locator(d.date).fill('2026-11-30');
    await fillDocLine(page, 1, { description: 'パッケージデザイン', quantity: '1', price: '100000' });
    await page.locator(cell('price', 1)).press('Enter');
    await fillDocLine(page, 2, { description: '焼菓子(手土産)', quantity: '1', price: '3000', tax: 'sales8_reduced' });
    await waitForText(page, d.gross, '¥113,240'); // 110,000 + 3,240
    // Withholding on the whole invoice would be 103,000 × 10.21% = 10,516.
    await page.locator(d.withholding).check();
    await waitForText(page, d.withheld, '-¥10,516');
    // The sweets are not a fee: 100,000 × 10.21% = 10,210; due 113,240 − 10,210.
    await page.locator(cell('withheld', 2)).uncheck();
    await waitForText(page, d.withheld, '-¥10,210');
    assert.equal((await page.locator(d.due_).innerText()).trim(), '¥103,030');
    // A judicial scrivener's fee: (100,000 − 10,000) × 10.21% = 9,189.
    await page.locator('[data-testid=doc-withholding-rule]').selectOption('scrivener');
    await waitForText(page, d.withheld, '-¥9,189');
    await screenshot(page, 'invoice-withholding-lines', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=doc-withholding-rule]', 'Scrivener');
    await screenshot(page, 'invoice-withholding-lines', 'en');
    await switchLanguage(page, 'ja');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.withheld, '-¥9,189');
    await waitForText(page, '.kura-doc__facts', '司法書士');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('a credit note without its invoice names the period of the sales', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '花屋みどり' });
    await addPartner(page, bookId, { name: '株式会社あおば', reading: 'あおば', customer: true });
    await page.goto(`/books/${bookId}/documents/new?kind=credit_note`);
    await waitForText(page, 'h1', '返還請求書');
    await page.locator(d.partnerSelect).selectOption({ label: '株式会社あおば' });
    await page.locator(d.date).fill('2026-11-10');
    await fillDocLine(page, 1, { description: '10月分 値引', quantity: '1', price: '5000' });
    // Neither the invoice nor the period: refused, saying what is missing.
    await page.locator(d.issue).click();
    await waitForText(page, d.error, '対象取引期間');
    // A period that ends after the credit note: refused too.
    await page.locator('#doc-supply-from').fill('2026-10-01');
    await page.locator('#doc-supply-to').fill('2026-11-30');
    await page.locator('#doc-supply-to').blur();
    await page.locator(d.issue).click();
    await waitForText(page, d.error, '返還請求書の日付');
    await page.locator('#doc-supply-to').fill('2026-10-31');
    await page.locator('#doc-supply-to').blur();
    await screenshot(page, 'credit-note-supply-period', 'ja');
    await page.locator(d.issue).click();
    await issuedView(page);
    await waitForText(page, d.number, 'CN-2026-');
    await waitForText(page, '[data-testid=doc-supply-period]', '2026/10/01');
    await waitForText(page, '[data-testid=doc-supply-period]', '2026/10/31');
    s.assertClean();
  } finally {
    await s.close();
  }
});
