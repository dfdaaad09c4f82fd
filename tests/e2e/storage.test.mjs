// The browser's storage as a user meets it.
//
// With the origin's quota shrunk below what is stored (Chromium's
// Storage.overrideQuotaForOrigin over CDP, in a profile on disk, where Chromium
// enforces it), a CSV import, an attached receipt and a plain save each fail
// with the one message (the storage is full, nothing was saved, what to do)
// and leave the book as it was: its checksum after a reload, with the quota
// back, is the one before. A new book is not created at all.
//
// The dashboard says whether the storage is persistent (granted, refused, or
// unknown where the browser has no navigator.storage), how old the last backup
// is, with the backup one click away, and reminds by the default that matches
// the risk: after a week unless the storage is persistent, after 30 days if it is.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROME_PATH, TEST_TIMEOUT, bookChecksum, createBook, fillLine, newEntry, openSession, postEntry, receiptPng, rowFor, screenshot,
  sel, switchLanguage, waitForApp, waitForText, useApp, journalSel,
} from './harness.mjs';

const env = useApp();

const FULL_JA = 'ブラウザーの保存領域がいっぱいのため、保存できませんでした';
const NOTHING_KEPT_JA = 'この操作の内容は何も保存されていません';
const ERROR_TOAST = '.kura-toast--error';

/** Shrinks the origin's quota below its usage (`full`), or gives the real one back. */
async function storageFull(cdp, origin, full) {
  await cdp.send('Storage.overrideQuotaForOrigin', full ? { origin, quotaSize: 1 } : { origin });
  const { quota, overrideActive } = await cdp.send('Storage.getUsageAndQuota', { origin });
  assert.equal(overrideActive && quota === 1, full, 'the quota is as the test set it');
}

/**
 * Fills the storage, then opens `path` as a user coming back to Kura would.
 * Chromium keeps the space it found free while the origin's IndexedDB is in
 * use, and looks again once every page has left it for 2 s: so the page is
 * left first, or a small write would still fit.
 */
async function openWithStorageFull(page, cdp, origin, path) {
  await storageFull(cdp, origin, true);
  await page.goto('about:blank');
  await page.waitForTimeout(3_000);
  await page.goto(path);
  await waitForApp(page);
}

/**
 * A session in a browser profile on disk: Chromium enforces a quota override
 * there, not in the in-memory profile of `openSession`'s contexts (whose
 * writes it lets through). Its errors are collected the same way.
 */
async function openProfileSession(server) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kura-quota-')), {
    executablePath: CHROME_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    baseURL: server.url,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(20_000);
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console.error: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return {
    context,
    page,
    assertClean({ ignoreErrors = [] } = {}) {
      const real = errors.filter((e) => !ignoreErrors.some((re) => re.test(e)));
      assert.deepEqual(real, [], `console/page errors:\n${real.join('\n')}`);
    },
    close: () => context.close().catch(() => {}),
  };
}

/** The checksum after a reload with the real quota back. */
async function checksumAfterReload(page, cdp, origin, bookId) {
  await storageFull(cdp, origin, false);
  await page.reload();
  await waitForApp(page);
  return bookChecksum(page, bookId);
}

test('storage full: a CSV import, an attachment and a plain save say so and change nothing', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openProfileSession(env.server);
  const { page } = s;
  const origin = env.server.url;
  const cdp = await s.context.newCDPSession(page);
  try {
    const bookId = await createBook(page, { name: '満杯商店', chart: 'japan_sole_proprietor' });
    // A draft to attach a receipt to, saved while there is room.
    await newEntry(page, { date: '2026-05-10', description: '事務用品' });
    await fillLine(page, 1, '消耗品費', { debit: '1100' });
    await fillLine(page, 2, '現金', { credit: '1100' });
    await page.locator(journalSel.saveDraft).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    const draftUrl = page.url();
    const before = await bookChecksum(page, bookId);

    // ---- A CSV import of two entries.
    await openWithStorageFull(page, cdp, origin, `/books/${bookId}/csv`);
    await page.locator('[data-testid=csv-page]').waitFor();
    const csv = [
      '伝票番号,日付,勘定科目,借方金額,貸方金額,摘要',
      '1,2026-06-01,現金,1000,,売上',
      '1,2026-06-01,売上高,,1000,売上',
      '2,2026-06-02,消耗品費,500,,文具',
      '2,2026-06-02,現金,,500,文具',
    ].join('\r\n');
    await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'journal.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-testid=csv-mapping]').waitFor();
    await page.locator('[data-testid=csv-check]').click();
    await waitForText(page, '[data-testid=csv-summary]', '仕訳 2件');
    await page.locator('[data-testid=csv-import]').click();
    await waitForText(page, ERROR_TOAST, FULL_JA);
    await waitForText(page, ERROR_TOAST, NOTHING_KEPT_JA);
    await waitForText(page, ERROR_TOAST, 'デモの帳簿');
    await screenshot(page, 'storage-full-csv', 'ja');
    assert.equal(await page.locator('[data-testid=csv-saved]').count(), 0, 'no "saved"');
    assert.equal(await checksumAfterReload(page, cdp, origin, bookId), before, 'the CSV import changed nothing');

    // ---- A receipt attached to the draft.
    await openWithStorageFull(page, cdp, origin, draftUrl);
    await page.locator('[data-testid=attachment-input]').waitFor({ state: 'attached' });
    await page.locator('[data-testid=attachment-input]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receiptPng() });
    await waitForText(page, '[data-testid=attachment-error]', FULL_JA);
    assert.equal(await page.locator('li[data-testid=attachment]').count(), 0, 'no attachment shown');
    await screenshot(page, 'storage-full-attachment', 'ja');
    assert.equal(await checksumAfterReload(page, cdp, origin, bookId), before, 'the attachment changed nothing');
    await page.goto(draftUrl);
    await waitForApp(page);
    await page.locator('[data-testid=attachment-input]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('li[data-testid=attachment]').count(), 0, 'no attachment kept');

    // ---- A plain save: posting an entry, in English this time.
    await switchLanguage(page, 'en');
    await openWithStorageFull(page, cdp, origin, `/books/${bookId}/journal`);
    await newEntry(page, { date: '2026-05-11', description: 'Stamps' });
    await fillLine(page, 1, '通信費', { debit: '110' });
    await fillLine(page, 2, '現金', { credit: '110' });
    await page.locator(journalSel.post).click();
    await waitForText(page, ERROR_TOAST, "The browser's storage is full, so this could not be saved. Nothing of it was kept");
    assert.match(page.url(), /\/journal\/new$/, 'still on the form, with what was typed');
    assert.equal(await page.locator('#entry-description').inputValue(), 'Stamps');
    await screenshot(page, 'storage-full-save', 'en');
    assert.equal(await checksumAfterReload(page, cdp, origin, bookId), before, 'the save changed nothing');

    // ---- A new book: not created at all.
    await switchLanguage(page, 'ja');
    await openWithStorageFull(page, cdp, origin, '/new');
    await page.locator(sel.bookName).fill('作れない帳簿');
    await page.locator(sel.ownerName).fill('山田 太郎');
    await page.locator(sel.createBook).click();
    await waitForText(page, ERROR_TOAST, FULL_JA);
    await storageFull(cdp, origin, false);
    await page.goto('/');
    await waitForApp(page);
    await rowFor(page, '満杯商店').waitFor();
    assert.equal(await rowFor(page, '作れない帳簿').count(), 0, 'no half-made book');

    // With room again, the same entry posts.
    await page.goto(`/books/${bookId}/journal`);
    await waitForApp(page);
    await newEntry(page, { date: '2026-05-11', description: '切手' });
    await fillLine(page, 1, '通信費', { debit: '110' });
    await fillLine(page, 2, '現金', { credit: '110' });
    await postEntry(page, '切手');
    assert.notEqual(await bookChecksum(page, bookId), before, 'a save with room changes the book');
    // A quota error is what the test causes; nothing else may be logged.
    s.assertClean({ ignoreErrors: [/QuotaExceeded|quota|Quota/] });
  } finally {
    await cdp.detach().catch(() => {});
    await s.close();
  }
});

test('dashboard: persistent storage and the age of the last backup, the backup one click away', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '保管確認商店' });
    await page.goto(`/books/${bookId}/dashboard`);
    await waitForApp(page);
    const shown = page.locator('[data-testid=dashboard-persistence]');
    await page.waitForFunction(() => document.querySelector('[data-testid=dashboard-persistence]')?.dataset.persistence);
    const persisted = await page.evaluate(() => navigator.storage.persisted());
    assert.equal(await shown.getAttribute('data-persistence'), persisted ? 'granted' : 'refused',
      'what the browser says, after the dashboard asked');
    await waitForText(page, '[data-testid=dashboard-persistence]', persisted ? '永続保存:' : '永続保存ではありません');
    await waitForText(page, '[data-testid=dashboard-backup-age]', 'まだバックアップしていません');

    // The reminder's default follows the risk: a book never backed up is due a
    // week after this device first saw it when the storage is not persistent,
    // after 30 days when it is. Eight days ago, then:
    await page.evaluate((id) => {
      const key = `kura.backup.${id}`;
      const state = JSON.parse(localStorage.getItem(key));
      localStorage.setItem(key, JSON.stringify({ ...state, since_ms: Date.now() - 8 * 86_400_000 }));
    }, bookId);
    await page.reload();
    await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=dashboard-persistence]')?.dataset.persistence);
    assert.equal(await page.locator('[data-testid=backup-reminder]').count(), persisted ? 0 : 1,
      `due after 8 days only when the storage is not persistent (${persisted ? 'granted' : 'refused'})`);
    await screenshot(page, 'dashboard-safety', 'ja');

    // One click: the backup downloads, and its age shows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=dashboard-backup-now]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^保管確認商店-\d{4}-\d{2}-\d{2}\.kura$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a book file (a ZIP)');
    await waitForText(page, '[data-testid=dashboard-backup-age]', /^今日 \(/);
    assert.equal(await page.locator('[data-testid=backup-reminder]').count(), 0, 'not due after a backup');

    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=dashboard-backup-age]', /^Today \(/);
    await waitForText(page, '[data-testid=dashboard-persistence]', persisted ? 'Persistent:' : 'Not persistent:');
    await screenshot(page, 'dashboard-safety', 'en');
    assert.equal(await page.locator('[data-testid=dashboard-backup-settings]').getAttribute('href'), `/books/${bookId}/data`);

    // The other answers a browser gives, with the last backup 8 days old: granted
    // (reminded after 30 days: not yet), and none at all, without
    // navigator.storage (as at risk as refused: reminded after a week).
    await page.evaluate((id) => {
      const key = `kura.backup.${id}`;
      const state = JSON.parse(localStorage.getItem(key));
      localStorage.setItem(key, JSON.stringify({ ...state, last_ms: Date.now() - 8 * 86_400_000 }));
    }, bookId);
    const browsers = [
      ['granted', () => { navigator.storage.persisted = async () => true; }, 'Persistent:', 0],
      ['unknown', () => { Object.defineProperty(Navigator.prototype, 'storage', { get: () => undefined }); }, 'Unknown:', 1],
    ];
    for (const [answer, init, text, due] of browsers) {
      const other = await s.newPage();
      await other.addInitScript(init);
      await other.goto(`/books/${bookId}/dashboard`);
      await waitForApp(other);
      await waitForText(other, '[data-testid=dashboard-persistence]', text);
      assert.equal(await other.locator('[data-testid=dashboard-persistence]').getAttribute('data-persistence'), answer);
      await waitForText(other, '[data-testid=dashboard-backup-age]', /^8 days ago \(/);
      assert.equal(await other.locator('[data-testid=backup-reminder]').count(), due, `reminder when ${answer}`);
      await other.close();
    }
    s.assertClean();
  } finally {
    await s.close();
  }
});
