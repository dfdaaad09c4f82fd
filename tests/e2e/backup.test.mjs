// Backup and restore as a user does them: a book with entries and a receipt is
// backed up with a passphrase from Settings → Data (the file downloads, the last
// backup time shows), deleted, and restored from the book list: a wrong
// passphrase is refused, the right one gives back the same trial balance and the
// receipt. A damaged copy and a garbage file are refused with their reason and
// the book list stays as it was.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, waitForApp, waitForText, useApp,
  receiptPng, rowFor, postSimpleEntry, trialBalanceText,
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
