// Device sync by files, with two browser profiles (two contexts: separate
// IndexedDB and localStorage, so two device ids). A makes the book, a partner
// and an entry, and exports all its changes; B starts from that file through the
// book list's restore. Then each works offline: an entry each, the partner's
// e-mail on A and its phone on B (different fields: both kept), and its address
// on both (the same field: B's later value wins, and A, whose value B had not
// seen, is shown what was overwritten). Both export, then each imports the
// other's file; both show the same trial balance, partner list and checksum.
// Importing the same file again changes nothing; another book's file is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, bookChecksum, createBook, issueInvoice, openSession, postSimpleEntry, screenshot, switchLanguage,
  trialBalanceText, useApp, waitForApp, waitForText,
} from './harness.mjs';

const env = useApp();

const sy = {
  exportAll: '[data-testid=sync-export-all]',
  export: '[data-testid=sync-export]',
  import: '[data-testid=sync-import]',
  status: '[data-testid=sync-status]',
  overwritten: 'table[data-testid=sync-overwritten]',
  restore: '[data-testid=sync-restore]',
};

const YEAR = new Date().getFullYear();

async function openSync(page, bookId) {
  await page.goto(`/books/${bookId}/sync`);
  await waitForApp(page);
  await page.locator(sy.export).waitFor();
}

/** Exports from the sync page; returns the downloaded file's path. */
async function exportChanges(page, bookId, { all = false } = {}) {
  await openSync(page, bookId);
  if (all) await page.locator(sy.exportAll).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(sy.export).click()]);
  assert.match(download.suggestedFilename(), /-changes-\d{4}-\d{2}-\d{2}\.kura$/);
  return download.path();
}

async function importChanges(page, bookId, path, expected) {
  await openSync(page, bookId);
  await page.locator(sy.import).setInputFiles(path);
  await waitForText(page, sy.status, expected);
}

async function editPartner(page, bookId, field, value) {
  await page.goto(`/books/${bookId}/partners`);
  await waitForApp(page);
  await page.locator('[data-testid=partner-link]').click();
  await page.locator('[data-testid=partner-page]').waitFor();
  await page.locator('[data-testid=edit-partner]').click();
  await page.locator('[data-testid=partner-dialog]:visible').waitFor();
  await page.locator(field).fill(value);
  await page.locator('[data-testid=save-partner]').click();
  await page.locator('[data-testid=partner-dialog]').waitFor({ state: 'hidden' });
}

/** The partner's page as text (name, e-mail, phone, address). */
async function partnerPage(page, bookId) {
  await page.goto(`/books/${bookId}/partners`);
  await waitForApp(page);
  const list = await page.locator('tr[data-testid=partner-row]').allInnerTexts();
  await page.locator('[data-testid=partner-link]').click();
  await page.locator('[data-testid=partner-page]').waitFor();
  return { list, page: await page.locator('[data-testid=partner-facts]').innerText() };
}

test('two devices exchange change files both ways and end with the same book', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const a = await openSession(env.browser, env.server);
  const b = await openSession(env.browser, env.server);
  try {
    const bookId = await createBook(a.page, { name: '同期テスト商店' });
    await a.page.goto(`/books/${bookId}/partners`);
    await waitForApp(a.page);
    await a.page.locator('[data-testid=new-partner]').click();
    await a.page.locator('[data-testid=partner-dialog]:visible').waitFor();
    await a.page.locator('#partner-name').fill('山田商事');
    await a.page.locator('#partner-reading').fill('やまだしょうじ');
    await a.page.locator('[data-testid=save-partner]').click();
    await a.page.locator('[data-testid=partner-dialog]').waitFor({ state: 'hidden' });
    await postSimpleEntry(a.page, { date: `${YEAR}-04-01`, description: '開業資金', debit: '普通預金', credit: '元入金', amount: '500000' });

    // B starts from A's backup, restored from the book list (a file of changes
    // is refused there: it may hold only part of a book).
    await a.page.goto(`/books/${bookId}/data`);
    await waitForApp(a.page);
    const [backup] = await Promise.all([a.page.waitForEvent('download'), a.page.locator('[data-testid=backup-now]').click()]);
    const first = await backup.path();
    await b.page.goto('/');
    await waitForApp(b.page);
    await b.page.locator('[data-testid=restore-file]').setInputFiles(first);
    await b.page.locator('[data-testid=restore-now]').click();
    await b.page.waitForURL(new RegExp(`/books/${bookId}`));
    assert.equal(await bookChecksum(b.page, bookId), await bookChecksum(a.page, bookId), 'the same book');

    // Offline, each on its own: an entry, a field of the partner, and the same field.
    await postSimpleEntry(a.page, { date: `${YEAR}-04-10`, description: '消耗品 A', debit: '消耗品費', credit: '現金', amount: '1100' });
    await editPartner(a.page, bookId, '#partner-email', 'info@yamada.example');
    await editPartner(a.page, bookId, '#partner-address', 'A の住所');
    await postSimpleEntry(b.page, { date: `${YEAR}-04-12`, description: '売上 B', debit: '現金', credit: '売上高', amount: '3300' });
    await editPartner(b.page, bookId, '#partner-phone', '03-1234-5678');
    await editPartner(b.page, bookId, '#partner-address', 'B の住所');
    assert.notEqual(await bookChecksum(a.page, bookId), await bookChecksum(b.page, bookId));

    // Each exports what it has, then each imports the other's file.
    const toB = await exportChanges(a.page, bookId);
    const toA = await exportChanges(b.page, bookId);
    await importChanges(b.page, bookId, toB, /3 件の変更を取り込みました/);
    assert.equal(await b.page.locator(sy.overwritten).count(), 0, "B's later address stayed");
    await importChanges(a.page, bookId, toA, /3 件の変更を取り込みました/);

    // A's address was overwritten by B's later one: listed, with "restore ours".
    const table = a.page.locator(sy.overwritten);
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], /山田商事[\s\S]*住所[\s\S]*A の住所[\s\S]*B の住所/);
    await screenshot(a.page, 'sync-overwritten', 'ja');
    await switchLanguage(a.page, 'en');
    await waitForText(a.page, 'h1', 'Sync between devices');
    await screenshot(a.page, 'sync-overwritten', 'en');
    await switchLanguage(a.page, 'ja');

    // "Restore ours": a new edit of that one field, which then travels to B.
    await a.page.locator(sy.restore).click();
    await waitForText(a.page, '[role=status]', 'こちらの値に戻しました');
    await table.waitFor({ state: 'detached' });

    // The same file again: nothing new, nothing listed.
    await importChanges(a.page, bookId, toA, 'すべて取り込み済み');
    assert.equal(await a.page.locator(sy.overwritten).count(), 0);
    const restored = await exportChanges(a.page, bookId);
    await importChanges(b.page, bookId, restored, /件の変更を取り込みました/);

    const [tbA, tbB] = [await trialBalanceText(a.page, bookId, YEAR), await trialBalanceText(b.page, bookId, YEAR)];
    assert.equal(tbA, tbB, 'the same trial balance');
    for (const figure of ['500,000', '1,100', '3,300']) assert.ok(tbA.includes(figure), `${figure} in\n${tbA}`);
    const [pA, pB] = [await partnerPage(a.page, bookId), await partnerPage(b.page, bookId)];
    assert.deepEqual(pA, pB, 'the same partners');
    assert.match(pA.page, /info@yamada\.example/, "A's e-mail kept");
    assert.match(pA.page, /03-1234-5678/, "B's phone kept");
    assert.match(pA.page, /A の住所/, "A's address, restored after B's overwrote it");
    const [sumA, sumB] = [await bookChecksum(a.page, bookId), await bookChecksum(b.page, bookId)];
    assert.match(sumA, /^[0-9a-f]{12}$/);
    assert.equal(sumA, sumB, 'both screens show the same checksum');
    await screenshot(b.page, 'sync-in-sync', 'ja');

    // A file of another book is refused, and the book is unchanged.
    const other = await createBook(a.page, { name: '別の帳簿' });
    const foreign = await exportChanges(a.page, other, { all: true });
    await importChanges(a.page, bookId, foreign, '別の帳簿');
    assert.equal(await bookChecksum(a.page, bookId), sumA, 'nothing changed');

    // A sent its book first, so its numbers are INV-2026-0001…; A gave B a
    // series of its own when it merged B's file, and B issues in it.
    await issueInvoice(a.page, bookId, { partner: '山田商事', number: 'INV-2026-0001' });
    await issueInvoice(b.page, bookId, { partner: '山田商事', number: 'INV-2026-A0001' });
    a.assertClean();
    b.assertClean();
  } finally {
    await a.close();
    await b.close();
  }
});
