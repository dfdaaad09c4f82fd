// End-to-end harness: system Chromium driven by playwright-core (no browser
// download), one fresh context per test (fresh IndexedDB, caches and service
// workers), and collectors for console errors, page errors and request URLs.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DIST, startServer } from './server.mjs';

export { startServer, DIST };

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Time limit for one e2e test (node:test option). */
export const TEST_TIMEOUT = 120_000;

export function assertDistBuilt() {
  assert.ok(
    existsSync(`${DIST}/index.html`),
    `${DIST}/index.html is missing: run "trunk build --release --offline" first (scripts/test.sh does)`,
  );
}

export async function launchBrowser() {
  assertDistBuilt();
  return chromium.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Start the server and the browser for one test file; returns { server, browser, stop() }.
 */
export async function startAll() {
  const server = await startServer();
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async stop() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * A fresh browser context on `server` with collectors.
 * options.bypassCSP: only for injecting axe-core.
 * Returns { context, page, newPage(), errors, requests, foreignRequests(), assertClean(opts), close() }.
 */
export async function openSession(browser, server, { bypassCSP = false, locale = 'ja-JP' } = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    bypassCSP,
    locale,
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'allow',
  });
  context.setDefaultTimeout(20_000);
  const errors = [];
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  context.on('weberror', (e) => errors.push(`weberror: ${e.error()?.message ?? e}`));

  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error on ${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror on ${page.url()}: ${err.message}`));
    page.on('crash', () => errors.push(`page crashed: ${page.url()}`));
    return page;
  };

  const session = {
    context,
    server,
    errors,
    requests,
    page: watch(await context.newPage()),
    async newPage() {
      return watch(await context.newPage());
    },
    /** URLs of requests that went anywhere but the test server. */
    foreignRequests() {
      return requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        // The browser's own pages (its PDF viewer's style sheet) never leave
        // the machine: they are not requests to another origin.
        if (u.startsWith('chrome://') || u.startsWith('chrome-extension://')) return false;
        try {
          return new URL(u).origin !== server.url;
        } catch {
          return true;
        }
      });
    },
    /** No console error, no page error, no request to another origin. */
    assertClean({ ignoreErrors = [] } = {}) {
      const real = errors.filter((e) => !ignoreErrors.some((re) => re.test(e)));
      assert.deepEqual(real, [], `console/page errors:\n${real.join('\n')}`);
      assert.deepEqual(session.foreignRequests(), [], 'requests to another origin');
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  return session;
}

// ---- app helpers (DOM contract in the issue) ------------------------------

export const sel = {
  header: 'header.kura-header',
  openBookName: '[data-testid=open-book-name]',
  languageSwitch: 'select[data-testid=language-switch]',
  navBooks: '[data-testid=nav-books]',
  navSettings: '[data-testid=nav-settings]',
  navData: '[data-testid=nav-data]',
  bookName: '#book-name',
  ownerName: '#owner-name',
  currency: '#currency',
  fiscalYearStart: '#fiscal-year-start',
  locale: '#locale',
  chartTemplate: '#chart-template',
  createBook: '[data-testid=create-book]',
  saveSettings: '[data-testid=save-settings]',
  bookRow: 'tr[data-testid=book-row]',
  renameBook: '[data-testid=rename-book]',
  deleteBook: '[data-testid=delete-book]',
  // Closed <dialog> elements stay in the DOM: only the visible one counts (Playwright selector).
  dialog: '[role=dialog]:visible',
  confirmName: 'input[data-testid=confirm-name]',
  confirmDelete: '[data-testid=confirm-delete]',
  renameInput: 'input[data-testid=rename-input]',
  confirmRename: '[data-testid=confirm-rename]',
  toast: '[role=status]',
  fieldError: '[role=alert], .kura-field__error',
  storageUsed: '[data-testid=storage-used]',
  storageAvailable: '[data-testid=storage-available]',
  persistStatus: '[data-testid=persist-status]',
  lastBackup: '[data-testid=last-backup]',
};

/** Wait until the wasm app has rendered its shell. */
export async function waitForApp(page) {
  await page.locator(sel.header).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Wait until the element matching `selector` has text containing `text` (string or RegExp). */
export async function waitForText(page, selector, text, timeout = 15_000) {
  const pattern = text instanceof RegExp ? { source: text.source, flags: text.flags } : null;
  await page.waitForFunction(
    ({ selector, text, pattern }) => {
      return [...document.querySelectorAll(selector)].some((el) => {
        const t = (el.value !== undefined && el.tagName === 'INPUT' ? el.value : el.textContent) || '';
        return pattern ? new RegExp(pattern.source, pattern.flags).test(t) : t.includes(text);
      });
    },
    { selector, text: pattern ? null : text, pattern },
    { timeout },
  ).catch(async (e) => {
    const seen = await page.locator(selector).allTextContents().catch(() => []);
    const lang = await page.evaluate(() => document.documentElement.lang).catch(() => '?');
    throw new Error(
      `waiting for ${selector} to contain ${text}: at the timeout it held ${JSON.stringify(seen)}, ` +
        `<html lang="${lang}">, url ${page.url()} (${e.message.split('\n')[0]})`,
    );
  });
}

export async function switchLanguage(page, lang) {
  await page.locator(sel.languageSwitch).selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });
}

const BOOK_URL = /\/books\/([^/?#]+)\/settings$/;

/**
 * Create a book through the form at `/new` (or `/` when given), returns its id.
 * `chart` picks the chart template and `taxAccounting` ('exclusive') the tax
 * setting; left out, the form's defaults stand.
 */
export async function createBook(page, { name, owner = '山田 太郎', locale = 'ja', from = '/new', chart, taxAccounting } = {}) {
  await page.goto(from);
  await waitForApp(page);
  await page.locator(sel.bookName).fill(name);
  await page.locator(sel.ownerName).fill(owner);
  await page.locator(sel.locale).selectOption(locale);
  if (chart) await page.locator(sel.chartTemplate).selectOption(chart);
  if (taxAccounting) await page.locator('#tax-accounting').selectOption(taxAccounting);
  await page.locator(sel.createBook).click();
  await page.waitForURL(BOOK_URL, { timeout: 20_000 });
  await waitForText(page, sel.openBookName, name);
  return BOOK_URL.exec(new URL(page.url()).pathname)[1];
}

/** Poll until a locator is enabled (e.g. a confirm button that waits for input). */
export async function waitEnabled(locator, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await locator.isEnabled())) {
    if (Date.now() > end) throw new Error(`${locator} stayed disabled for ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function rowFor(page, name) {
  return page.locator(sel.bookRow).filter({ hasText: name });
}

/**
 * Save a full-page screenshot as artifacts/<name>.<lang>.png, and a copy in the
 * folder KURA_SHOTS names if set (a developer's own, outside the repository); returns the path.
 */
export async function screenshot(page, name, lang) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.${lang}.png`;
  await page.screenshot({ path, fullPage: true });
  const review = process.env.KURA_SHOTS;
  if (review) {
    mkdirSync(review, { recursive: true });
    copyFileSync(path, `${review}/${name}.${lang}.png`);
  }
  return path;
}

/** Run axe-core on the page (the context must have bypassCSP: true). Returns serious/critical violations. */
export async function axeSerious(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Wait until a service worker controls the page (after a reload if needed). */
export async function waitForServiceWorkerControl(page) {
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, ko) => setTimeout(() => ko(new Error('no service worker became ready within 20 s')), 20_000)),
    ]).then(() => undefined),
  );
  await page.reload();
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

// ---- the journal, as the tests drive it --------------------------------------

/** The journal screens' test ids, shared by every test that enters entries. */
export const journalSel = {
  navJournal: '[data-testid=nav-journal]',
  navAccounts: '[data-testid=nav-accounts]',
  newEntry: '[data-testid=new-entry]',
  quickEntry: '[data-testid=quick-entry]',
  entryRow: 'tr[data-testid=entry-row]',
  difference: '[data-testid=entry-difference]',
  entryError: '[data-testid=entry-error]',
  saveDraft: '[data-testid=save-draft]',
  post: '[data-testid=post-entry]',
  history: '[data-testid=history-item]',
  closedThrough: '[data-testid=closed-through]',
};

/**
 * Declares the server and browser for one test file (node:test `before`/`after`)
 * and returns the object they are put in: `{ server, browser }` once started.
 */
export function useApp() {
  const env = {};
  before(async () => {
    Object.assign(env, await startAll());
  });
  after(async () => {
    await env.stop?.();
  });
  return env;
}

/** Fills line `n` of the entry form; the account by its name (Tab commits the pick). */
export async function fillLine(page, n, account, { debit = '', credit = '' } = {}) {
  const acc = page.locator(`[data-testid=line-account-${n}]`);
  await acc.fill(account);
  await acc.press('Tab');
  if (debit) await page.locator(`[data-testid=line-debit-${n}]`).fill(debit);
  if (credit) await page.locator(`[data-testid=line-credit-${n}]`).fill(credit);
}

/** Opens a new entry from the journal and fills its header. */
export async function newEntry(page, { date, description, partner = '' }) {
  await page.locator(journalSel.navJournal).click();
  await page.locator(journalSel.newEntry).click();
  await page.locator('[data-testid=line-account-1]').waitFor();
  await page.locator('#entry-date').fill(date);
  await page.locator('#entry-description').fill(description);
  if (partner) await page.locator('#entry-partner').fill(partner);
}

/**
 * Issues an invoice of ¥50,000 + 10% to `partner` from the sales list, dated
 * 2026-06-30, and waits for its page to show the `number` it was given.
 */
export async function issueInvoice(page, bookId, { partner, number }) {
  await page.goto(`/books/${bookId}/sales`);
  await page.locator('[data-testid=new-invoice]').click();
  await page.locator('#doc-partner').selectOption({ label: partner });
  await page.locator('#doc-date').fill('2026-06-30');
  await page.locator('#doc-date').press('Tab');
  await page.locator('[data-testid=doc-line-description-1]').fill('店舗改装工事');
  await page.locator('[data-testid=doc-line-quantity-1]').fill('1');
  await page.locator('[data-testid=doc-line-price-1]').fill('50000');
  await waitForText(page, '[data-testid=doc-gross]', '¥55,000');
  await page.locator('[data-testid=doc-issue]').click();
  await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
  await waitForText(page, 'dd[data-testid=doc-number]', number);
}

/** Posts one quick entry: `kind` as the quick-entry form names it, the account by its Japanese name. */
export async function quickEntry(page, bookId, { kind, account, amount, date, description }) {
  await page.goto(`/books/${bookId}/journal/quick`);
  await page.locator('[data-testid=quick-kind]').selectOption(kind);
  const value = await page.locator('[data-testid=quick-account] option').evaluateAll(
    (os, name) => os.find((o) => o.textContent.trim().endsWith(name))?.value,
    account,
  );
  if (!value) throw new Error(`no account named ${account} for ${kind}`);
  await page.locator('[data-testid=quick-account]').selectOption(value);
  await page.locator('[data-testid=quick-amount]').fill(amount);
  await page.locator('#quick-date').fill(date);
  await page.locator('[data-testid=quick-description]').fill(description);
  await page.locator('[data-testid=quick-post]').click();
  await page.waitForURL(/\/journal$/);
}

/** Enters and posts a two-line entry: `debit` and `credit` accounts, one amount. */
export async function postSimpleEntry(page, { date, description, debit, credit, amount }) {
  await newEntry(page, { date, description });
  await fillLine(page, 1, debit, { debit: amount });
  await fillLine(page, 2, credit, { credit: amount });
  await postEntry(page, description);
}

/** The trial balance of calendar year `year`, as the table's text. */
export async function trialBalanceText(page, bookId, year) {
  await page.goto(`/books/${bookId}/reports/trial-balance?from=${year}-01-01&to=${year}-12-31`);
  await page.locator('tr[data-testid=tb-row]').first().waitFor();
  return page.locator('table[data-testid=trial-balance]').innerText();
}

/** The book's checksum as the Sync page shows it: equal checksums, equal books. */
export async function bookChecksum(page, bookId) {
  await page.goto(`/books/${bookId}/sync`);
  await waitForApp(page);
  const shown = page.locator('[data-testid=sync-checksum]');
  await shown.waitFor();
  return (await shown.innerText()).trim();
}

/** Posts the entry form and waits for the journal to list `description`. */
export async function postEntry(page, description) {
  await page.locator(journalSel.post).click();
  await page.waitForURL(/\/journal$/);
  await waitForText(page, journalSel.entryRow, description);
}

/** A real PNG: a 120×160 white receipt with grey text lines and a dark total line. */
export function receiptPng(width = 120, height = 160) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    const line = y % 14 >= 10 && y > 20 && y < 130 && y % 28 !== 13;
    const total = y >= 136 && y < 142;
    for (let x = 0; x < width; x++) {
      const edge = x < 2 || y < 2 || x >= width - 2 || y >= height - 2;
      const ink = (line && x > 12 && x < 100 - (y % 3) * 10) || (total && x > 50 && x < 108);
      const v = edge ? 170 : ink ? (total ? 40 : 140) : 255;
      raw.fill(v, row + 1 + x * 3, row + 4 + x * 3);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
