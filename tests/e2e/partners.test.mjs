// Partners, payments and receivables, as a freelancer uses them: a customer
// with a registration number (a typo refused inline, nothing saved), found by
// its kana reading; an invoice with withholding issued through the document
// form; a partial payment (withholding deducted) and a final one (bank fee
// deducted), allocated on the payment form; the aging, the open items, the
// statement and the dashboard along the way. Screenshots of each screen in ja
// and en are saved (KURA_SHOTS copies them for review).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, axeSerious, createBook, openSession, screenshot, switchLanguage, useApp, waitForApp,
  waitForText,
} from './harness.mjs';

const env = useApp();

/** A document's page (not the new-document form). */
const DOCUMENT_URL = /\/documents\/[0-9a-f-]{36}$/;

const ps = {
  newPartner: '[data-testid=new-partner]',
  dialog: '[data-testid=partner-dialog]',
  name: '#partner-name',
  reading: '#partner-reading',
  supplier: '[data-testid=partner-supplier]',
  customer: '[data-testid=partner-customer]',
  registration: '#partner-registration',
  registrationError: '#partner-registration-error',
  registered: '[data-testid=partner-registered]',
  save: '[data-testid=save-partner]',
  row: 'tr[data-testid=partner-row]',
  search: '[data-testid=partner-search]',
  noPartners: '[data-testid=no-partners]',
};

const pay = {
  amount: '#payment-amount',
  fee: '#payment-fee',
  withholding: '#payment-withholding',
  check: '[data-testid=allocation-check]',
  save: '[data-testid=save-payment]',
  amountError: '#payment-amount-error',
  allocationError: '[data-testid=allocation-error]',
  row: 'tr[data-testid=allocation-row]',
};

/** `2026-05-01`: the first of the month `months` before today (local time). */
function monthsAgo(months) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - months);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-01`;
}

async function shoot(page, name, saved) {
  for (const lang of ['ja', 'en']) {
    await switchLanguage(page, lang);
    saved.push(await screenshot(page, name, lang));
  }
  await switchLanguage(page, 'ja');
}

async function addPartner(page, { name, reading, supplier = false, registration = '' }) {
  await page.locator(ps.newPartner).click();
  await page.locator(`${ps.dialog}:visible`).waitFor();
  await page.locator(ps.name).fill(name);
  await page.locator(ps.reading).fill(reading);
  if (supplier) {
    await page.locator(ps.customer).uncheck();
    await page.locator(ps.supplier).check();
  }
  if (registration) {
    await page.locator(ps.registration).fill(registration);
    await page.locator(ps.registered).check();
  }
  await page.locator(ps.save).click();
}

/** Records the payment on screen and waits for the page it leads to; fails with the refusal shown, if any. */
async function savePayment(page, next) {
  await page.locator(pay.save).click();
  const refused = page.locator('.kura-error:visible, .kura-field__error:visible').first();
  await Promise.race([
    page.waitForURL(next),
    refused.waitFor().then(async () => {
      throw new Error(`the payment was refused: ${await refused.textContent()}`);
    }),
  ]);
}

/** Types an amount and leaves the field, as a user does (the field parses on blur). */
async function typeAmount(page, selector, text) {
  await page.locator(selector).fill(text);
  await page.locator(selector).press('Tab');
}

test('a customer with a registration number, found by its reading', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    const saved = [];
    const id = await createBook(page, { name: '山田デザイン事務所', owner: '山田 花子' });
    await page.goto(`/books/${id}/partners`);
    await waitForApp(page);
    await page.locator(ps.noPartners).waitFor();

    // A typo in the check digit: refused next to the field, nothing saved.
    await addPartner(page, {
      name: '株式会社テスト商事', reading: 'てすとしょうじ', registration: 'T1000012050002',
    });
    await waitForText(page, ps.registrationError, 'チェックディジット');
    assert.equal(await page.locator(`${ps.dialog}:visible`).count(), 1, 'the form stays open');
    await shoot(page, 'partner-form-error', saved);
    await switchLanguage(page, 'en');
    await waitForText(page, ps.registrationError, 'check digit');
    await switchLanguage(page, 'ja');
    assert.equal(await page.locator(ps.row).count(), 0, 'nothing was saved');

    await page.locator(ps.registration).fill('T7000012050002');
    // A trading company: goods resold to it are wholesale (第一種) under the simplified method.
    await page.locator('#partner-class').selectOption('1');
    await page.locator(ps.save).click();
    await page.locator(ps.dialog).waitFor({ state: 'hidden' });
    await page.locator(ps.row).first().waitFor();
    await waitForText(page, ps.row, 'T7000012050002');
    assert.equal(await page.locator(ps.registrationError).isVisible(), false);

    await addPartner(page, { name: '紙の森', reading: 'かみのもり', supplier: true });
    await waitForText(page, ps.row, '紙の森');
    assert.equal(await page.locator(ps.row).count(), 2);

    // Found by the reading alone (not in the name), and by a katakana query.
    await page.locator(ps.search).fill('しょうじ');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, ps.row);
    await waitForText(page, ps.row, '株式会社テスト商事');
    await page.locator(ps.search).fill('カミノ');
    await waitForText(page, ps.row, '紙の森');
    assert.equal(await page.locator(ps.row).count(), 1);
    await page.locator(ps.search).fill('');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, ps.row);
    await shoot(page, 'partners', saved);

    // Its page shows what was saved, with the default terms.
    await page.locator(ps.row).filter({ hasText: 'テスト商事' }).locator('[data-testid=partner-link]').click();
    await page.locator('[data-testid=partner-facts]').waitFor();
    await waitForText(page, '[data-testid=partner-facts]', 'T7000012050002');
    await waitForText(page, '[data-testid=partner-facts]', '月末締め翌月末払い');
    await waitForText(page, '[data-testid=partner-facts]', '第1種(卸売業)');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('an individual\'s number is kept once confirmed, and its registration date decides a bill\'s tax code', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    const saved = [];
    const id = await createBook(page, { name: '佐藤写真館' });
    await page.goto(`/books/${id}/partners`);
    await waitForApp(page);
    // The check digit does not match: a warning, with the choice to keep the number.
    await addPartner(page, { name: '個人デザイナー 鈴木', reading: 'すずき', supplier: true, registration: 'T1234567890123' });
    await waitForText(page, ps.registrationError, 'チェックディジット');
    await page.locator('[data-testid=partner-check-digit-confirmed]').check();
    // Registered from 2026-07-01; an end before the start is refused first.
    await page.locator('#partner-registered-from').fill('2026-07-01');
    await page.locator('#partner-registered-until').fill('2026-07-01');
    await page.locator('#partner-registered-until').blur();
    await page.locator(ps.save).click();
    await waitForText(page, '#partner-registered-until-error', '失効年月日は登録年月日より後');
    await shoot(page, 'partner-registration-dates', saved);
    await page.locator('#partner-registered-until').fill('');
    await page.locator('#partner-registered-until').blur();
    await page.locator(ps.save).click();
    await page.locator(ps.dialog).waitFor({ state: 'hidden' });
    await waitForText(page, ps.row, 'T1234567890123');

    // A bill dated before the registration proposes the unregistered code; one
    // dated on it, the registered code.
    const codeOn = async (date) => {
      await page.goto(`/books/${id}/purchases`);
      await page.locator('[data-testid=new-bill]').click();
      await page.locator('#doc-date').fill(date);
      await page.locator('#doc-date').blur();
      await page.locator('#doc-partner').selectOption({ label: '個人デザイナー 鈴木' });
      return page.locator('[data-testid=doc-line-tax-1]').inputValue();
    };
    assert.equal(await codeOn('2026-06-30'), 'purchase10_unregistered');
    assert.equal(await codeOn('2026-07-01'), 'purchase10');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('the payment form refuses what does not add up, and saves nothing', { timeout: TEST_TIMEOUT }, async () => {
  // bypassCSP only so that axe-core can be injected.
  const s = await openSession(env.browser, env.server, { bypassCSP: true });
  try {
    const { page } = s;
    const id = await createBook(page, { name: '入金テスト', owner: '山田 花子' });
    await page.goto(`/books/${id}/partners`);
    await waitForApp(page);
    await addPartner(page, { name: '青空商店', reading: 'あおぞらしょうてん' });
    await page.locator(ps.row).first().waitFor();
    await page.locator('[data-testid=partner-link]').click();
    await page.locator('[data-testid=record-receipt]').click();
    await page.locator('[data-testid=payment-page]').waitFor();
    await page.locator('[data-testid=no-open-items]').waitFor();

    // No amount.
    await page.locator(pay.save).click();
    await waitForText(page, pay.amountError, '金額');
    // An amount with nothing open to settle.
    await typeAmount(page, pay.amount, '5,000');
    await page.locator(pay.save).click();
    await waitForText(page, pay.allocationError, '¥5,000');
    assert.match(page.url(), /\/payments\/new/, 'still on the form');
    assert.deepEqual(await axeSerious(page), [], 'the payment form is accessible');

    await page.goto(`/books/${id}/partners`);
    await waitForApp(page);
    await page.locator('[data-testid=partner-link]').click();
    await page.locator('[data-testid=partner-page]').waitFor();
    await waitForText(page, '#partner-payments', '入金・支払');
    assert.equal(await page.locator('[data-testid=partner-payment]').count(), 0, 'no payment was recorded');
    assert.deepEqual(await axeSerious(page), [], 'the partner page is accessible');
    await page.locator('[data-testid=edit-partner]').click();
    await page.locator(`${ps.dialog}:visible`).waitFor();
    assert.deepEqual(await axeSerious(page), [], 'the partner form is accessible');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('an invoice with withholding, paid in two parts, through aging and the statement', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const s = await openSession(env.browser, env.server, { bypassCSP: true });
  try {
    const { page } = s;
    const saved = [];
    const id = await createBook(page, { name: 'デザイン帳簿', owner: '山田 花子' });
    await page.goto(`/books/${id}/partners`);
    await waitForApp(page);
    await addPartner(page, { name: '株式会社テスト商事', reading: 'てすとしょうじ', registration: 'T7000012050002' });
    await page.locator(ps.row).first().waitFor();
    await page.locator('[data-testid=partner-link]').click();
    const partnerUrl = page.url();

    // The invoice, from the partner's page: ¥100,000 + 10% tax, withholding 10.21%.
    await page.locator('[data-testid=new-invoice]').click();
    await page.locator('[data-testid=doc-line-description-1]').waitFor();
    await page.locator('#doc-date').fill(monthsAgo(6));
    await page.locator('#doc-date').press('Tab');
    await page.locator('[data-testid=doc-line-description-1]').fill('ロゴデザイン');
    await page.locator('[data-testid=doc-line-quantity-1]').fill('1');
    await page.locator('[data-testid=doc-line-price-1]').fill('100000');
    await page.locator('[data-testid=doc-line-price-1]').press('Tab');
    await page.locator('[data-testid=doc-withholding]').check();
    await page.locator('[data-testid=doc-issue]').click();
    await page.waitForURL(DOCUMENT_URL);

    // The partner's open item, settled from its row: the form starts with the
    // money expected (net of the withholding) and the withholding.
    await page.goto(partnerUrl);
    await waitForApp(page);
    await waitForText(page, '[data-testid=open-item-open]', '¥110,000');
    assert.equal(await page.locator('[data-testid=overdue]').count(), 1, 'the invoice is overdue');
    await shoot(page, 'partner', saved);
    await page.locator('[data-testid=settle-item]').click();
    await page.locator(pay.row).waitFor();
    assert.equal(await page.locator(pay.amount).inputValue(), '99,790');
    assert.equal(await page.locator(pay.withholding).inputValue(), '10,210');
    await waitForText(page, pay.check, '¥110,000 / ¥110,000');

    // A partial payment: the allocation follows, and a wrong one is refused.
    await typeAmount(page, pay.amount, '50000');
    await waitForText(page, pay.check, '¥60,210 / ¥60,210');
    await typeAmount(page, '#allocation-0', '70000');
    await waitForText(page, pay.check, '¥70,000 / ¥60,210');
    await page.locator(pay.save).click();
    await waitForText(page, pay.allocationError, '¥60,210');
    await page.locator('[data-testid=refill]').click();
    await waitForText(page, pay.check, '¥60,210 / ¥60,210');
    await shoot(page, 'payment', saved);
    await savePayment(page, DOCUMENT_URL);

    // Aging: ¥49,790 left, over 90 days past due; the dashboard lists it.
    await page.goto(`/books/${id}/receivables`);
    await waitForApp(page);
    await page.locator('[data-testid=aging-row]').waitFor();
    const cells = await page.locator('[data-testid=aging-row] td').allTextContents();
    assert.deepEqual(cells, ['¥0', '¥0', '¥0', '¥0', '¥49,790', '¥49,790']);
    await shoot(page, 'receivables-aging', saved);
    assert.deepEqual(await axeSerious(page), [], 'the aging is accessible');
    await page.locator('[data-testid=aging-partner]').click();
    await page.locator('[data-testid=open-item]').waitFor();
    await waitForText(page, '[data-testid=open-item-open]', '¥49,790');
    await shoot(page, 'receivables-open-items', saved);
    await page.locator('[data-testid=tab-forecast]').click();
    await page.locator('[data-testid=forecast-week]').first().waitFor();
    assert.equal(await page.locator('[data-testid=forecast-week]').count(), 8);
    await waitForText(page, '[data-testid=forecast-in]', '¥49,790');
    await shoot(page, 'receivables-forecast', saved);
    await page.goto(`/books/${id}/dashboard`);
    await waitForApp(page);
    await waitForText(page, '[data-testid=overdue-item]', '¥49,790');
    await shoot(page, 'dashboard-due', saved);

    // The final payment, less a bank fee the customer deducted.
    await page.goto(partnerUrl);
    await waitForApp(page);
    await page.locator('[data-testid=record-receipt]').click();
    await page.locator(pay.row).waitFor();
    await typeAmount(page, pay.amount, '49230');
    await typeAmount(page, pay.fee, '560');
    await waitForText(page, pay.check, '¥49,790 / ¥49,790');
    await savePayment(page, /\/partners\/[^/]+\?payment=/);
    await page.locator('[data-testid=payment-saved]').waitFor();
    await page.locator('[data-testid=no-open-items]').waitFor();
    assert.equal(await page.locator('[data-testid=partner-payment]').count(), 2);
    assert.match(
      await page.locator('[data-testid=print-receipt]').getAttribute('href'),
      /\/payments\/[^/]+\/print$/,
    );

    // The statement: charged once, paid twice, nothing left; and its CSV.
    await page.locator('[data-testid=partner-statement]').click();
    await page.locator('[data-testid=statement]').waitFor();
    await page.locator('#statement-from').fill(monthsAgo(7));
    await page.locator('#statement-from').press('Tab');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=statement-row]').length === 3);
    await waitForText(page, '[data-testid=statement-closing]', '¥0');
    await waitForText(page, '[data-testid=statement-recipient]', '株式会社テスト商事 御中');
    await shoot(page, 'receivables-statement', saved);
    assert.deepEqual(await axeSerious(page), [], 'the statement is accessible');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=csv]').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\ufeff日付,'), csv.slice(0, 40));
    assert.match(csv, /,110000,0,110000\r\n/);
    assert.match(csv, /,0,49790,0\r\n/);

    await page.goto(`/books/${id}/receivables`);
    await waitForApp(page);
    await page.locator('[data-testid=no-aging]').waitFor();
    console.log(`screenshots:\n${saved.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
