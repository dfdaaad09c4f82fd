// Backup and restore as a user does them: a book with entries and a receipt is
// backed up with a passphrase from Settings → Data (the file downloads, the last
// backup time shows), deleted, and restored from the book list: a wrong
// passphrase is refused, the right one gives back the same trial balance and the
// receipt. A damaged copy and a garbage file are refused with their reason and
// the book list stays as it was. A file of changes (Sync) is refused as a
// backup; a restore that fills the browser's storage says so and leaves no book
// and no database behind.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, waitForApp, waitForText, useApp,
  receiptPng, rowFor, postSimpleEntry, trialBalanceText, switchLanguage,
} from './harness.mjs';

const env = useApp();

const b = {
  passphrase: '[data-testid=backup-passphrase]',
  again: '[data-testid=backup-passphrase-again]',
  backupNow: '[data-testid=backup-now]',
  lastBackup: '[data-testid=last-backup]',
  changesSince: '[data-testid=changes-since-backup]',
  restoreFile: '[data-testid=restore-file]',
  restoreSummary: '[data-testid=restore-summary]',
  restorePassphrase: '[data-testid=restore-passphrase]',
  restoreNow: '[data-testid=restore-now]',
  restoreError: '[data-testid=restore-error]',
  attachmentInput: '[data-testid=attachment-input]',
  attachment: 'li[data-testid=attachment]',
};

const BOOK = 'バックアップ商店';
const PASSPHRASE = 'くらの 合言葉 2026';

async function restoreCard(page) {
  await page.goto('/');
  await waitForApp(page);
  await page.locator(b.restoreFile).waitFor();
}

test('backup: encrypted backup, delete, restore (wrong then right passphrase), same books; bad files change nothing', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const dir = mkdtempSync(join(tmpdir(), 'kura-backup-'));
  try {
    const bookId = await createBook(page, { name: BOOK });
    await postSimpleEntry(page, { date: '2026-03-01', description: '事務用品', debit: '消耗品費', credit: '現金', amount: '3300' });
    await postSimpleEntry(page, { date: '2026-03-05', description: '電車代', debit: '旅費交通費', credit: '現金', amount: '480' });
    // A receipt on the second entry.
    await page.locator('tr[data-testid=entry-row]').filter({ hasText: '電車代' }).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    const entryPath = new URL(page.url()).pathname;
    await page.locator(b.attachmentInput).setInputFiles({ name: 'ticket.png', mimeType: 'image/png', buffer: receiptPng() });
    await waitForText(page, b.attachment, 'ticket.png');
    const before = await trialBalanceText(page, bookId, 2026);
    assert.match(before, /3,780/);

    // ---- Back up with a passphrase: mismatched confirmation first.
    await page.goto(`/books/${bookId}/data`);
    await waitForText(page, b.lastBackup, 'まだ');
    await page.locator(b.passphrase).fill(PASSPHRASE);
    await page.locator(b.again).fill('違う');
    await page.locator(b.backupNow).click();
    await waitForText(page, '.kura-field--invalid', '一致しません');
    await page.locator(b.again).fill(PASSPHRASE);
    let started = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(b.backupNow).click()]);
    console.log(`encrypted backup (one key derivation): ${Date.now() - started} ms`);
    assert.match(download.suggestedFilename(), new RegExp(`^${BOOK}-\\d{4}-\\d{2}-\\d{2}\\.kura$`));
    const file = join(dir, 'backup.kura');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP');
    assert.ok(!bytes.includes(Buffer.from('電車代')), 'entries are encrypted');
    await waitForText(page, sel.toast, 'バックアップを保存しました');
    await page.waitForFunction((s) => !document.querySelector(s).textContent.includes('まだ'), b.lastBackup);
    await waitForText(page, b.changesSince, '0');
    await screenshot(page, 'backup-data', 'ja');

    // ---- A garbage file: refused, nothing changes (the damaged copy is tried after the deletion).
    const damaged = Buffer.from(bytes);
    damaged[Math.floor(damaged.length / 3)] ^= 0x40;
    writeFileSync(join(dir, 'damaged.kura'), damaged);
    writeFileSync(join(dir, 'garbage.kura'), Buffer.alloc(200_000, 7));
    await restoreCard(page);
    await page.locator(sel.bookRow).first().waitFor(); // the list is read after the page shows
    const booksBefore = await page.locator(sel.bookRow).count();
    await page.locator(b.restoreFile).setInputFiles(join(dir, 'garbage.kura'));
    await waitForText(page, b.restoreError, 'Kura のバックアップファイルではありません');
    await page.goto('/');
    await waitForApp(page);
    await rowFor(page, BOOK).waitFor();
    assert.equal(await page.locator(sel.bookRow).count(), booksBefore);

    // ---- The book already exists: restoring is refused with a pointer to sync.
    await page.locator(b.restoreFile).setInputFiles(file);
    await waitForText(page, b.restoreSummary, BOOK);
    await page.locator(b.restorePassphrase).fill(PASSPHRASE);
    await page.locator(b.restoreNow).click();
    await waitForText(page, b.restoreError, 'すでにこのブラウザにあります');

    // ---- Delete the book, then restore it.
    await rowFor(page, BOOK).locator(sel.deleteBook).click();
    await page.locator(sel.confirmName).fill(BOOK);
    await page.locator(sel.confirmDelete).click();
    await waitForText(page, sel.toast, '削除しました');
    await restoreCard(page);
    assert.equal(await rowFor(page, BOOK).count(), 0);
    await page.locator(b.restoreFile).setInputFiles(join(dir, 'damaged.kura'));
    // Either the manifest shows and the restore names the damaged part, or the
    // damage hit the ZIP's own bookkeeping and is reported at once.
    await page.waitForSelector(`${b.restoreSummary}, ${b.restoreError}`);
    if (await page.locator(b.restorePassphrase).count()) {
      await page.locator(b.restorePassphrase).fill(PASSPHRASE);
      await page.locator(b.restoreNow).click();
    }
    await waitForText(page, b.restoreError, '壊れて');
    await restoreCard(page);
    assert.equal(await rowFor(page, BOOK).count(), 0, 'nothing restored from the damaged copy');
    await page.locator(b.restoreFile).setInputFiles(file);
    await waitForText(page, b.restoreSummary, BOOK);
    await waitForText(page, b.restoreSummary, '添付ファイル 1 件');
    await page.locator(b.restorePassphrase).fill('まちがい');
    await page.locator(b.restoreNow).click();
    await waitForText(page, b.restoreError, 'パスフレーズが違います');
    await screenshot(page, 'backup-restore-wrong-passphrase', 'ja');
    await page.locator(b.restorePassphrase).fill(PASSPHRASE);
    started = Date.now();
    await page.locator(b.restoreNow).click();
    await page.waitForURL(new RegExp(`/books/${bookId}`), { timeout: 30_000 });
    await waitForText(page, sel.openBookName, BOOK);
    console.log(`encrypted restore and open: ${Date.now() - started} ms`);

    assert.equal(await trialBalanceText(page, bookId, 2026), before, 'the same trial balance');
    await page.goto(entryPath);
    await waitForApp(page);
    await waitForText(page, b.attachment, 'ticket.png');
    await page.waitForFunction(
      () => [...document.querySelectorAll('img[data-testid=attachment-thumb]')].some((img) => img.complete && img.naturalWidth === 120),
    );

    // ---- The reminder: "remind after 2 changes", then one change. The
    // restored book has one set the backup lacks: this browser's number series.
    await page.goto(`/books/${bookId}/data`);
    await waitForText(page, b.changesSince, '1');
    await page.locator('[data-testid=remind-changes]').fill('2');
    await page.locator('[data-testid=remind-changes]').press('Tab');
    await postSimpleEntry(page, { date: '2026-03-09', description: '切手', debit: '通信費', credit: '現金', amount: '110' });
    await page.goto(`/books/${bookId}/dashboard`);
    await waitForText(page, '[data-testid=backup-reminder]', 'バックアップをおすすめします');
    await screenshot(page, 'backup-reminder', 'ja');
    s.assertClean();
  } finally {
    await s.close();
  }
});

/** Downloads what clicking `button` saves; returns the file's path. */
async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return download.path();
}

/** The names of this origin's IndexedDB databases. */
async function databases(page) {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
}

test('backup: a file of changes is refused as a backup, and the Sync export can be encrypted', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '変更ファイル商店' });
    await postSimpleEntry(page, { date: '2026-03-01', description: '事務用品', debit: '消耗品費', credit: '現金', amount: '3300' });
    await page.goto(`/books/${bookId}/sync`);
    await waitForApp(page);
    // The export's passphrase, mistyped then right: the file is encrypted.
    await page.locator('[data-testid=sync-export-passphrase]').fill('合言葉');
    await page.locator('[data-testid=sync-export-passphrase-again]').fill('ちがう');
    await page.locator('[data-testid=sync-export]').click();
    await waitForText(page, '.kura-field--invalid', '一致しません');
    await screenshot(page, 'sync-export-passphrase', 'ja');
    await page.locator('[data-testid=sync-export-passphrase-again]').fill('合言葉');
    const changes = await downloaded(page, '[data-testid=sync-export]');
    assert.ok(!readFileSync(changes).includes(Buffer.from('事務用品')), 'the changes are encrypted');
    await switchLanguage(page, 'en');
    await screenshot(page, 'sync-export-passphrase', 'en');
    await switchLanguage(page, 'ja');

    await restoreCard(page);
    await page.locator(sel.bookRow).first().waitFor(); // the list is read after the page shows
    const booksBefore = await page.locator(sel.bookRow).count();
    await page.locator(b.restoreFile).setInputFiles(changes);
    await waitForText(page, b.restoreError, 'バックアップではありません');
    await waitForText(page, b.restoreError, 'バックアップから始めてください');
    assert.equal(await page.locator(b.restoreNow).count(), 0, 'nothing to restore');
    await screenshot(page, 'restore-changes-file', 'ja');
    await switchLanguage(page, 'en');
    await page.locator(b.restoreFile).setInputFiles(changes);
    await waitForText(page, b.restoreError, 'not a backup');
    await screenshot(page, 'restore-changes-file', 'en');
    assert.equal(await page.locator(sel.bookRow).count(), booksBefore);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('backup: a restore that fills the browser\'s storage says so and leaves no book, no database', { timeout: 3 * TEST_TIMEOUT }, async () => {
  // The backup is made in one browser profile, restored in a fresh one (in a
  // profile that has just written and deleted as much, Chromium's override of
  // the quota does not take).
  const made = await openSession(env.browser, env.server);
  const name = '満杯商店';
  let file;
  let bookId;
  try {
    const { page } = made;
    // Two scanned receipts of 8 MB (PDFs of random bytes: they do not compress).
    bookId = await createBook(page, { name });
    await postSimpleEntry(page, { date: '2026-03-05', description: '電車代', debit: '旅費交通費', credit: '現金', amount: '480' });
    await page.locator('tr[data-testid=entry-row]').filter({ hasText: '電車代' }).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    for (const n of [1, 2]) {
      const buffer = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(8_000_000)]);
      await page.locator(b.attachmentInput).setInputFiles({ name: `scan-${n}.pdf`, mimeType: 'application/pdf', buffer });
      await waitForText(page, b.attachment, `scan-${n}.pdf`);
    }
    await page.goto(`/books/${bookId}/data`);
    await waitForApp(page);
    const dir = mkdtempSync(join(tmpdir(), 'kura-quota-'));
    file = join(dir, 'full.kura');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(b.backupNow).click()]);
    await download.saveAs(file);
    made.assertClean();
  } finally {
    await made.close();
  }

  const s = await openSession(env.browser, env.server);
  const { page } = s;
  const origin = env.server.url;
  const cdp = await s.context.newCDPSession(page);
  try {
    await restoreCard(page);
    // Room for the database to be made, not for the book.
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 2_000_000 });
    await page.locator(b.restoreFile).setInputFiles(file);
    await waitForText(page, b.restoreSummary, name);
    await page.locator(b.restoreNow).click();
    await waitForText(page, b.restoreError, '保存領域がいっぱい', 60_000);
    await screenshot(page, 'restore-storage-full', 'ja');
    assert.ok(!(await databases(page)).includes(`kura-book-${bookId}`), 'the unfinished database removed');
    await restoreCard(page);
    assert.equal(await rowFor(page, name).count(), 0, 'no new book');
    await switchLanguage(page, 'en');
    await page.locator(b.restoreFile).setInputFiles(file);
    await page.locator(b.restoreNow).click();
    await waitForText(page, b.restoreError, 'storage is full', 60_000);
    await screenshot(page, 'restore-storage-full', 'en');
    await switchLanguage(page, 'ja');
    await restoreCard(page);
    assert.equal(await rowFor(page, name).count(), 0, 'still no new book');
    assert.ok(!(await databases(page)).includes(`kura-book-${bookId}`));

    // With room again, the same file restores.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.locator(b.restoreFile).setInputFiles(file);
    await waitForText(page, b.restoreSummary, name);
    await page.locator(b.restoreNow).click();
    await page.waitForURL(new RegExp(`/books/${bookId}`), { timeout: 60_000 });
    await waitForText(page, sel.openBookName, name);
    // The browser logs the writes it refused.
    s.assertClean({ ignoreErrors: [/QuotaExceeded|quota/i] });
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => {});
    await s.close();
  }
});
