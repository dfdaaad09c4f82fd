// Documents on paper, as a new user meets them: the business profile filled in
// (a mistyped registration number refused inline and nothing saved, then the
// right one, a logo and a seal), then every kind of document issued through the
// document form and printed to an A4 PDF by headless Chromium — quote, delivery
// note, invoice with a reduced-rate line and withholding, simplified invoice,
// credit note, purchase order, consolidated invoice, the receipt of a payment,
// an English invoice — and a 30-line invoice that must run over two pages with
// every line whole. Each PDF is also rendered to PNGs (pdftoppm) to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import {
  ARTIFACTS, createBook, openSession, receiptPng, screenshot, switchLanguage, useApp, waitForApp, waitForText,
} from './harness.mjs';

const env = useApp();
const PRINTS = `${ARTIFACTS}print/`;
const REGISTRATION = 'T7000012050002';

const p = {
  paper: '[data-testid=paper]',
  title: '[data-testid=paper-title]',
  registration: '[data-testid=paper-registration]',
  recipient: '[data-testid=paper-recipient]',
  legend: '[data-testid=paper-reduced-legend]',
  taxRow: '[data-testid=paper-tax-row]',
  gross: '[data-testid=paper-gross] td',
  withholding: '[data-testid=paper-withholding] td',
  due: '[data-testid=paper-due] td',
  line: '[data-testid=paper-line]',
  bank: '[data-testid=paper-bank]',
  delivery: '[data-testid=paper-delivery]',
};

/** `¥113,240` → 113240; `-¥10,516` → -10516. */
function yen(text) {
  const n = Number(text.replace(/[^0-9-]/g, ''));
  assert.ok(Number.isFinite(n), `an amount: ${text}`);
  return n;
}

/** Whether a PDF's text shows `expected` (spacing aside: letter-spaced titles come out spaced). */
function assertShows(text, expected, what) {
  const flat = (t) => t.replace(/\s+/g, '');
  assert.ok(flat(text).includes(flat(expected)), `${what} shows ${expected}`);
}

/** Today in Japan, as the app's date fields have it (YYYY-MM-DD). */
function today() {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}

async function addPartner(page, book, { name, customer = true, supplier = false, person = false }) {
  await page.goto(`/books/${book}/partners`);
  await waitForApp(page);
  await page.locator('[data-testid=new-partner]').click();
  await page.locator('#partner-name').fill(name);
  await page.locator('[data-testid=partner-customer]').setChecked(customer);
  await page.locator('[data-testid=partner-supplier]').setChecked(supplier);
  await page.locator('#partner-honorific').selectOption(person ? 'person' : 'company');
  await page.locator('#partner-address').fill('東京都千代田区千代田1-1');
  await page.locator('[data-testid=save-partner]').click();
  const link = page.locator('a[data-testid=partner-link]', { hasText: name });
  await link.waitFor();
  return (await link.getAttribute('href')).split('/').pop();
}

/** Fills the document form's lines: { description, quantity, unit, price, tax }. */
async function fillLines(page, lines) {
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    const cell = (name) => page.locator(`[data-testid=doc-line-${name}-${n}]`);
    if ((await cell('description').count()) === 0) await page.locator('[data-testid=doc-add-line]').click();
    await cell('description').fill(line.description);
    await cell('quantity').fill(String(line.quantity));
    if (line.unit) await cell('unit').fill(line.unit);
    await cell('price').fill(String(line.price));
    if (line.tax) await page.locator(`[data-testid=doc-line-tax-${n}]`).selectOption(line.tax);
  }
}

/** Issues a document through the form (`query` as the app's own links make it); returns its id. */
async function issue(page, book, query, { lines, subject, due, form, withholding, edit } = {}) {
  await page.goto(`/books/${book}/documents/new?${query}`);
  await waitForApp(page);
  await page.locator('[data-testid=doc-line-description-1]').waitFor();
  if (subject) await page.locator('#doc-subject').fill(subject);
  if (due) await page.locator('#doc-due').fill(due);
  if (form) await page.locator('#doc-invoice-form').selectOption(form);
  if (withholding) await page.locator('[data-testid=doc-withholding]').check();
  if (lines) await fillLines(page, lines);
  if (edit) await edit(page);
  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]+$/, { timeout: 20_000 }).catch(async (e) => {
    const error = await page.locator('[data-testid=doc-error]').textContent().catch(() => '');
    throw new Error(`issuing ${query} failed: ${error} (${e.message.split('\n')[0]})`);
  });
  await page.locator('[data-testid=doc-print]').waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

/** Waits for the sheet and for its logo and seal to have their pixels. */
async function openSheet(page, path, images = 2) {
  await page.goto(path);
  await waitForApp(page);
  await page.locator(p.paper).waitFor();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('.kura-paper img')].filter((i) => i.complete && i.naturalWidth > 0).length >= n,
    images,
    { timeout: 15_000 },
  );
}

/**
 * Prints the page to an A4 PDF, renders each page to a PNG, and returns the
 * text of each page (pdftotext, split at form feeds).
 */
async function printPdf(page, name) {
  mkdirSync(PRINTS, { recursive: true });
  const pdf = `${PRINTS}${name}.pdf`;
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  execFileSync('pdftoppm', ['-r', '90', '-png', pdf, `${PRINTS}${name}`]);
  const review = process.env.KURA_SHOTS;
  if (review) {
    mkdirSync(review, { recursive: true });
    for (const f of readdirSync(PRINTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) {
      copyFileSync(`${PRINTS}${f}`, `${review}/print-${f}`);
    }
  }
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((pageText) => pageText.trim() !== '');
}

test('documents print on A4 with everything a qualified invoice needs', { timeout: 900_000 }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const book = await createBook(page, { name: '山田デザイン事務所' });

  // ---- the business profile, from the settings page ----
  await page.locator('[data-testid=profile-link]').click();
  await page.waitForURL(/\/profile$/);
  await page.locator('#profile-postal-code').fill('100-0001');
  await page.locator('#profile-address').fill('東京都千代田区千代田1-1\n山田ビル3階');
  await page.locator('#profile-phone').fill('03-1234-5678');
  await page.locator('#profile-registration').fill('T7000012050003');
  await page.locator('[data-testid=save-profile]').click();
  await waitForText(page, '#profile-registration-error', 'チェックディジット');
  assert.equal(await page.locator('#profile-registration').getAttribute('aria-invalid'), 'true');
  // An individual's number may not follow the check digit rule: the user can keep it as typed.
  await page.locator('[data-testid=profile-check-digit-confirmed]').waitFor();
  await page.reload();
  await waitForApp(page);
  await page.locator('#profile-postal-code').waitFor();
  assert.equal(await page.locator('#profile-postal-code').inputValue(), '', 'a refused profile saves nothing');

  await page.locator('#profile-postal-code').fill('100-0001');
  await page.locator('#profile-address').fill('東京都千代田区千代田1-1\n山田ビル3階');
  await page.locator('#profile-phone').fill('03-1234-5678');
  await page.locator('#profile-email').fill('info@yamada-design.example');
  await page.locator('#profile-registration').fill(REGISTRATION);
  await page.locator('#profile-bank').fill('みずほ銀行');
  await page.locator('#profile-branch').fill('丸の内支店');
  await page.locator('#profile-account-number').fill('1234567');
  await page.locator('#profile-holder').fill('ヤマダ タロウ');
  await page.locator('#profile-note').fill('お振込手数料は貴社にてご負担ください。');
  await page.locator('[data-testid=profile-logo-input]').setInputFiles({
    name: 'logo.png', mimeType: 'image/png', buffer: receiptPng(240, 60),
  });
  await page.locator('[data-testid=profile-seal-input]').setInputFiles({
    name: 'seal.png', mimeType: 'image/png', buffer: receiptPng(90, 90),
  });
  await page.locator('[data-testid=profile-seal-input]').setInputFiles({
    name: 'seal.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
  });
  await waitForText(page, '[data-testid=profile-seal] [role=alert]', 'PNGかJPEG');
  await page.locator('[data-testid=profile-seal-input]').setInputFiles({
    name: 'seal.png', mimeType: 'image/png', buffer: receiptPng(90, 90),
  });
  await page.locator('[data-testid=save-profile]').click();
  await waitForText(page, '[role=status]', '保存しました');
  await page.reload();
  await waitForApp(page);
  await page.locator('#profile-registration').waitFor();
  assert.equal(await page.locator('#profile-registration').inputValue(), REGISTRATION);
  await page.waitForFunction(
    () => [...document.querySelectorAll('.kura-profile__preview')].filter((i) => i.complete && i.naturalWidth > 0).length === 2,
    null,
    { timeout: 15_000 },
  );
  await screenshot(page, 'print-profile', 'ja');

  // ---- partners ----
  const shop = await addPartner(page, book, { name: '株式会社サンプル商事' });
  const hanako = await addPartner(page, book, { name: '佐藤 花子', person: true });
  const farm = await addPartner(page, book, { name: '有限会社みどり農園', customer: false, supplier: true });

  // ---- an invoice with a reduced-rate line and withholding ----
  const invoice = await issue(page, book, `kind=invoice&partner=${shop}`, {
    subject: 'ウェブサイト制作',
    withholding: true,
    lines: [
      { description: 'デザイン制作費', quantity: 1, unit: '式', price: 100000, tax: 'sales10' },
      { description: '打合せ用茶菓子', quantity: 3, unit: '箱', price: 1000, tax: 'sales8_reduced' },
    ],
  });
  await openSheet(page, `/books/${book}/documents/${invoice}/print`);
  await screenshot(page, 'print-invoice-screen', 'ja');
  assert.equal(await page.locator(p.title).textContent(), '請求書');
  await waitForText(page, p.recipient, '株式会社サンプル商事 御中');
  await waitForText(page, p.registration, `登録番号 ${REGISTRATION}`);
  await waitForText(page, p.paper, '下記の通りご請求申し上げます。');
  await waitForText(page, p.bank, 'みずほ銀行 丸の内支店 普通 1234567 ヤマダ タロウ');
  const rates = await page.locator(p.taxRow).allTextContents();
  assert.deepEqual(rates, ['10%対象¥100,000¥10,000', '8%対象(軽減税率)¥3,000¥240'], 'net and tax per rate');
  const gross = yen(await page.locator(p.gross).textContent());
  const held = yen(await page.locator(p.withholding).textContent());
  const due = yen(await page.locator(p.due).textContent());
  assert.equal(gross, 113_240);
  assert.equal(held, -Math.floor(103_000 * 0.1021), '10.21% of the fee without tax');
  assert.equal(due, gross + held, 'the amount due is net of the withholding');
  let pages = await printPdf(page, 'invoice.ja');
  let text = pages.join('\n');
  for (const expected of [`登録番号 ${REGISTRATION}`, '※は軽減税率対象', '10%対象', '8%対象(軽減税率)', '源泉徴収税額',
    'ご請求金額', `¥${due.toLocaleString('en-US')}`, 'デザイン制作費', '打合せ用茶菓子']) {
    assertShows(text, expected, 'the invoice PDF');
  }
  assert.equal(pages.length, 1, 'a short invoice is one page');
  assert.ok(!text.includes('書類に戻る') && !text.includes('保存しました'), 'no app chrome in print');

  // ---- a credit note against part of it ----
  const credit = await issue(page, book, `kind=credit_note&from=${invoice}`, {
    edit: async (form) => {
      await form.locator('[data-testid=doc-remove-line-1]').click();
      await form.locator('[data-testid=doc-line-quantity-1]').fill('1');
    },
  });
  await openSheet(page, `/books/${book}/documents/${credit}/print`);
  await waitForText(page, p.title, '適格返還請求書');
  text = (await printPdf(page, 'credit-note.ja')).join('\n');
  for (const expected of ['対象の請求書', 'INV-', '※は軽減税率対象', `登録番号 ${REGISTRATION}`]) {
    assertShows(text, expected, 'the credit note');
  }

  // ---- a quote with a validity date, a delivery note, a purchase order ----
  const quote = await issue(page, book, `kind=quote&partner=${shop}`, {
    subject: 'ロゴ制作',
    due: '2099-12-31',
    lines: [{ description: 'ロゴデザイン', quantity: 1, unit: '式', price: 50000, tax: 'sales10' }],
  });
  await openSheet(page, `/books/${book}/documents/${quote}/print`);
  text = (await printPdf(page, 'quote.ja')).join('\n');
  for (const expected of ['御見積書', '有効期限', '2099/12/31', '下記の通りお見積り申し上げます。', '¥55,000']) {
    assertShows(text, expected, 'the quote');
  }

  const deliveries = [];
  for (const [description, price] of [['名刺印刷', 8000], ['封筒印刷', 12000]]) {
    deliveries.push(await issue(page, book, `kind=delivery&partner=${shop}`, {
      lines: [
        { description, quantity: 1, unit: '式', price, tax: 'sales10' },
        { description: 'お茶(ペットボトル)', quantity: 2, unit: 'ケース', price: 2000, tax: 'sales8_reduced' },
      ],
    }));
  }
  await openSheet(page, `/books/${book}/documents/${deliveries[0]}/print`);
  text = (await printPdf(page, 'delivery-note.ja')).join('\n');
  for (const expected of ['納品書', '下記の通り納品いたします。', '名刺印刷', '※は軽減税率対象']) {
    assertShows(text, expected, 'the delivery note');
  }

  const order = await issue(page, book, `kind=purchase_order&partner=${farm}`, {
    lines: [{ description: '有機りんご', quantity: 20, unit: 'kg', price: 600, tax: 'purchase8_reduced' }],
  });
  await openSheet(page, `/books/${book}/documents/${order}/print`);
  await waitForText(page, p.recipient, '有限会社みどり農園 御中');
  text = (await printPdf(page, 'purchase-order.ja')).join('\n');
  for (const expected of ['発注書', '下記の通り発注いたします。', '有機りんご', '¥12,960']) {
    assertShows(text, expected, 'the purchase order');
  }

  // ---- the month's delivery notes in one consolidated invoice ----
  const monthly = await issue(page, book, `kind=invoice&partner=${shop}&closing=${today()}`);
  await openSheet(page, `/books/${book}/documents/${monthly}/print`);
  await waitForText(page, p.title, '合計請求書');
  assert.equal(await page.locator(p.delivery).count(), 2, 'both delivery notes listed');
  const monthlyRates = await page.locator(p.taxRow).allTextContents();
  assert.deepEqual(monthlyRates, ['10%対象¥20,000¥2,000', '8%対象(軽減税率)¥8,000¥640'], 'tax on the total per rate');
  text = (await printPdf(page, 'consolidated-invoice.ja')).join('\n');
  for (const expected of ['合計請求書', '納品明細', 'DN-', '名刺印刷', '封筒印刷', '¥30,640']) {
    assertShows(text, expected, 'the consolidated invoice');
  }

  // ---- a simplified invoice to a person, paid, and its receipt ----
  const simplified = await issue(page, book, `kind=invoice&partner=${hanako}`, {
    form: 'simplified',
    lines: [
      { description: '写真プリント', quantity: 10, unit: '枚', price: 100, tax: 'sales10' },
      { description: 'クッキー', quantity: 1, unit: '袋', price: 500, tax: 'sales8_reduced' },
    ],
  });
  await openSheet(page, `/books/${book}/documents/${simplified}/print`);
  await waitForText(page, p.title, '適格簡易請求書');
  assert.equal(await page.locator(p.recipient).count(), 0, 'a simplified invoice may omit the recipient');
  text = (await printPdf(page, 'simplified-invoice.ja')).join('\n');
  for (const expected of [`登録番号 ${REGISTRATION}`, '10%対象', '8%対象(軽減税率)', '¥100', '¥40', '※は軽減税率対象']) {
    assertShows(text, expected, 'the simplified invoice');
  }

  // ---- a 30-line invoice runs over pages, header repeated, no line cut ----
  const many = Array.from({ length: 30 }, (_, i) => ({
    description: `撮影素材第${String(i + 1).padStart(2, '0')}点`,
    quantity: i + 1,
    unit: '点',
    price: 1500,
    tax: i % 5 === 4 ? 'sales8_reduced' : 'sales10',
  }));
  const long = await issue(page, book, `kind=invoice&partner=${shop}`, { lines: many });
  await openSheet(page, `/books/${book}/documents/${long}/print`);
  assert.equal(await page.locator(p.line).count(), 30);
  pages = await printPdf(page, 'invoice-30-lines.ja');
  assert.ok(pages.length >= 2, `30 lines run over ${pages.length} pages`);
  text = pages.join('\n');
  for (const line of many) {
    const found = pages.filter((pageText) => pageText.includes(line.description));
    assert.equal(found.length, 1, `${line.description} is printed whole, on one page`);
  }
  for (const [i, pageText] of pages.entries()) {
    const hasLines = many.some((l) => pageText.includes(l.description));
    if (hasLines) assert.ok(pageText.includes('品名・内容'), `page ${i + 1} repeats the table header`);
  }
  assert.ok(pages.some((pageText) => pageText.includes('税率別内訳') && pageText.includes('合計(税込)')),
    'the tax per rate and the totals stay together on one page');
  // The whole sheet as print media lays it out, at A4 width, to look at.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await screenshot(page, 'print-invoice-30-lines-emulated', 'ja');
  await page.emulateMedia({ media: null });
  await page.setViewportSize({ width: 1280, height: 800 });

  // ---- the English layout ----
  await page.goto(`/books/${book}/documents/${invoice}/print`);
  await waitForApp(page);
  await switchLanguage(page, 'en');
  await openSheet(page, page.url());
  await waitForText(page, p.title, 'Invoice');
  await waitForText(page, p.paper, 'Bill to');
  await waitForText(page, p.registration, `Registration No. ${REGISTRATION}`);
  await screenshot(page, 'print-invoice-screen', 'en');
  text = (await printPdf(page, 'invoice.en')).join('\n');
  for (const expected of ['Tax summary', '10% (standard)', '8% (reduced)', '* Reduced tax rate item', 'Income tax withheld',
    'Amount due', 'Pay by bank transfer to', '株式会社サンプル商事']) {
    assertShows(text, expected, 'the English invoice');
  }
  assert.ok(!text.includes('御中'), 'no Japanese honorific in the English layout');

  // ---- the receipt of the simplified invoice's payment, recorded from the customer's page ----
  await page.goto(`/books/${book}/partners/${hanako}`);
  await waitForApp(page);
  await switchLanguage(page, 'ja');
  await page.locator('[data-testid=record-receipt]').click();
  await page.locator('#payment-amount').fill('1640');
  await page.locator('#payment-memo').fill('写真プリント代');
  await page.locator('[data-testid=save-payment]').click();
  await page.locator('[data-testid=print-receipt]').click().catch(async (e) => {
    const errors = await page.locator('.kura-payment [role=alert]:visible').allTextContents();
    throw new Error(`recording the payment failed: ${errors.join(" / ")} ${s.errors.join("\n")} (${e.message.split("\n")[0]})`);
  });
  await openSheet(page, page.url());
  await waitForText(page, p.title, '領収書');
  await waitForText(page, p.recipient, '佐藤 花子 様');
  text = (await printPdf(page, 'receipt.ja')).join('\n');
  for (const expected of ['領収書', '¥1,640', '但し 写真プリント代として', '上記正に領収いたしました。', `登録番号 ${REGISTRATION}`]) {
    assertShows(text, expected, 'the receipt');
  }

  s.assertClean();
  await s.close();
});
