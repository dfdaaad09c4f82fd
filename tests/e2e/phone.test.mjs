// A phone in the hand: the screens a sole proprietor uses away from the desk,
// at 390×844 (an iPhone's CSS size) with touch, in Japanese and English.
// Each screen must fit the width (no sideways scrolling) and every control a
// thumb presses must be at least 44×44 px (inline links in a sentence and
// controls inside a larger label excepted, as WCAG's target-size rule does).
// Screenshots land in artifacts/phone-<screen>.<lang>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, issueInvoice, receiptPng, screenshot, switchLanguage, useApp, waitForApp,
} from './harness.mjs';

const env = useApp();
const PHONE = { width: 390, height: 844 };

/** What does not fit the phone: elements past the right edge, controls under 44 px. */
async function fit(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const onScreen = box.bottom > 0 && box.right > 0; // a skip link waits above the page
      return onScreen && box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && !el.closest('[hidden], .kura-visually-hidden');
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
    const past = [...document.querySelectorAll('body *')]
      .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1 && !el.closest('.kura-table-wrap, .kura-scroll-x'))
      .slice(0, 5)
      .map((el) => `${name(el)} right=${Math.round(el.getBoundingClientRect().right)}`);
    // In-sentence links are exempt; a control inside a label counts the label.
    const inSentence = (el) => el.tagName === 'A' && getComputedStyle(el).display === 'inline'
      && ['P', 'LI', 'DD', 'SPAN', 'TD'].includes(el.parentElement.tagName) && el.parentElement.innerText.trim() !== el.innerText.trim();
    const target = (el) => (el.closest('label') ?? el).getBoundingClientRect();
    const small = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button]')]
      .filter((el) => visible(el) && !inSentence(el))
      .filter((el) => { const box = target(el); return box.height < 43.5 || box.width < 43.5; })
      .slice(0, 8)
      .map((el) => { const box = target(el); return `${name(el)} ${Math.round(box.width)}×${Math.round(box.height)}`; });
    return { scrollWidth: document.documentElement.scrollWidth, width, past, small };
  });
}

/** Opens `path`, waits for `ready`, checks the fit, screenshots. */
async function check(page, { name, path, ready, lang }) {
  if (path) await page.goto(path);
  await waitForApp(page);
  await page.locator(ready).first().waitFor();
  const found = await fit(page);
  await screenshot(page, `phone-${name}`, lang);
  assert.ok(found.scrollWidth <= found.width, `${name} (${lang}) scrolls sideways: ${found.scrollWidth} > ${found.width}: ${found.past.join('; ')}`);
  assert.deepEqual(found.small, [], `${name} (${lang}): controls under 44 px`);
}

test('phone: dashboard, quick entry, a receipt photographed, journal, invoice and its print, a customer\'s open items fit 390 px in ja and en', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const context = await env.browser.newContext({
    baseURL: env.server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo',
    viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto('/');
    await waitForApp(page);
    await page.locator('[data-testid=create-demo-book]').click();
    await page.waitForURL(/\/books\/[^/]+\/dashboard$/, { timeout: 90_000 });
    const book = /\/books\/([^/]+)\//.exec(new URL(page.url()).pathname)[1];

    // The menu: the navigation is behind one button, and opens over the page.
    await page.locator('[data-testid=nav-menu]').click();
    await page.locator('[data-testid=nav-journal]').waitFor();
    await check(page, { name: 'menu', ready: '[data-testid=nav-journal]', lang: 'ja' });
    await page.locator('[data-testid=nav-journal]').click();
    await page.waitForURL(/\/journal$/);
    assert.equal(await page.locator('[data-testid=nav-journal]').isVisible(), false, 'the menu folds after a choice');

    // A customer and an invoice, made at the phone's size.
    await page.goto(`/books/${book}/partners`);
    await page.locator('[data-testid=new-partner]').click();
    await page.locator('#partner-name').fill('山田商事');
    await page.locator('#partner-reading').fill('やまだしょうじ');
    await page.locator('[data-testid=save-partner]').click();
    await page.locator('[data-testid=partner-dialog]').waitFor({ state: 'hidden' });
    const partner = await page.locator('[data-testid=partner-link]', { hasText: '山田商事' }).getAttribute('href');
    await issueInvoice(page, book, { partner: '山田商事', number: 'INV-' });
    const invoice = new URL(page.url()).pathname;

    // Quick entry at the phone's size: a cash expense, then a photo of its
    // receipt through the camera's own input.
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
    await page.goto(`/books/${book}/journal/quick`);
    await page.locator('[data-testid=quick-kind]').selectOption('expense-cash');
    const supplies = await page.locator('[data-testid=quick-account] option').evaluateAll(
      (os) => os.find((o) => o.textContent.includes('消耗品費'))?.value,
    );
    await page.locator('[data-testid=quick-account]').selectOption(supplies);
    await page.locator('[data-testid=quick-amount]').fill('1,980');
    await page.locator('#quick-date').fill(today);
    await page.locator('[data-testid=quick-description]').fill('文具 レシート撮影');
    await page.locator('[data-testid=quick-post]').click();
    await page.waitForURL(/\/journal$/);
    await page.locator('tr[data-testid=entry-row]', { hasText: '文具 レシート撮影' }).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    const entry = new URL(page.url()).pathname;
    assert.equal(await page.locator('[data-testid=attachment-camera]').isVisible(), true, 'a camera button on a phone');
    const cameraInput = page.locator('[data-testid=attachment-camera-input]');
    assert.equal(await cameraInput.getAttribute('capture'), 'environment', 'the camera, not the files');
    await cameraInput.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receiptPng() });
    await page.locator('li[data-testid=attachment]').first().waitFor();

    for (const lang of ['ja', 'en']) {
      if (lang === 'en') {
        await page.goto(`/books/${book}/dashboard`);
        await waitForApp(page);
        await switchLanguage(page, 'en');
      }
      await check(page, { name: 'dashboard', path: `/books/${book}/dashboard`, ready: '[data-testid=safety-card]', lang });
      await check(page, { name: 'quick-entry', path: `/books/${book}/journal/quick`, ready: 'main form', lang });
      await check(page, { name: 'journal', path: `/books/${book}/journal`, ready: 'tr[data-testid=entry-row]', lang });
      await check(page, { name: 'receipt', path: entry, ready: 'li[data-testid=attachment]', lang });
      await check(page, { name: 'invoice', path: invoice, ready: 'dd[data-testid=doc-number]', lang });
      await check(page, { name: 'invoice-print', path: `${invoice}/print`, ready: '.kura-paper', lang });
      await check(page, { name: 'open-items', path: partner, ready: '[data-testid=partner-page]', lang });
    }
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await context.close();
  }
});
