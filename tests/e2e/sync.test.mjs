// Device sync by files, with two browser profiles (two contexts: separate
// IndexedDB and localStorage, so two device ids). A makes the book, a partner
// and an entry, and backs it up; B starts from that backup through the book
// list's restore. Then each works offline: an entry each, the partner's
// e-mail on A and its phone on B (different fields: both kept), and its address
// on both (the same field: B's later value wins, and A, whose value B had not
// seen, is shown what was overwritten). Both export, then each imports the
// other's file; both show the same trial balance, partner list and checksum.
// Importing the same file again changes nothing; another book's file is refused.
//
// Numbering: a backup restored in a fresh profile issues at once, in the
// series the backup reserved for it, and says so; clearing localStorage does
// not lose that series. A changes file that deletes
// a posted entry (written by a device whose store was tampered with) is held
// with what it would do; refusing it leaves the book as the import left it,
// and the same file again asks nothing.
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
  held: '[data-testid=sync-held]',
  conflict: '[data-testid=sync-conflict]',
  accept: '[data-testid=sync-accept]',
  refuse: '[data-testid=sync-refuse]',
  series: '[data-testid=device-series]',
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

/** Adds a customer from the partners page. */
async function newPartner(page, bookId, name, reading) {
  await page.goto(`/books/${bookId}/partners`);
  await waitForApp(page);
  await page.locator('[data-testid=new-partner]').click();
  await page.locator('[data-testid=partner-dialog]:visible').waitFor();
  await page.locator('#partner-name').fill(name);
  await page.locator('#partner-reading').fill(reading);
  await page.locator('[data-testid=save-partner]').click();
  await page.locator('[data-testid=partner-dialog]').waitFor({ state: 'hidden' });
}

/** A plain backup from the Data page; returns the downloaded file's path. */
async function backUp(page, bookId) {
  await page.goto(`/books/${bookId}/data`);
  await waitForApp(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'), page.locator('[data-testid=backup-now]').click(),
  ]);
  return download.path();
}

/** Restores a book file from the book list; waits for the book to open. */
async function restore(page, bookId, path) {
  await page.goto('/');
  await waitForApp(page);
  await page.locator('[data-testid=restore-file]').setInputFiles(path);
  await page.locator('[data-testid=restore-now]').click();
  await page.waitForURL(new RegExp(`/books/${bookId}`));
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
  // The list renders after the book has loaded; wait for its row first.
  await page.locator('tr[data-testid=partner-row]').first().waitFor();
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
    await newPartner(a.page, bookId, '山田商事', 'やまだしょうじ');
    await postSimpleEntry(a.page, { date: `${YEAR}-04-01`, description: '開業資金', debit: '普通預金', credit: '元入金', amount: '500000' });

    // B starts from A's backup, restored from the book list; it takes the
    // series the backup reserved for it (one change set of B's own).
    const first = await backUp(a.page, bookId);
    await restore(b.page, bookId, first);
    const [withB, fromA] = [await bookChecksum(b.page, bookId), await bookChecksum(a.page, bookId)];
    assert.notEqual(withB, fromA, "B's book is A's and B's series");

    // Offline, each on its own: an entry, a field of the partner, and the same field.
    await postSimpleEntry(a.page, { date: `${YEAR}-04-10`, description: '消耗品 A', debit: '消耗品費', credit: '現金', amount: '1100' });
    await editPartner(a.page, bookId, '#partner-email', 'info@yamada.example');
    await editPartner(a.page, bookId, '#partner-address', 'A の住所');
    await postSimpleEntry(b.page, { date: `${YEAR}-04-12`, description: '売上 B', debit: '現金', credit: '売上高', amount: '3300' });
    await editPartner(b.page, bookId, '#partner-phone', '03-1234-5678');
    await editPartner(b.page, bookId, '#partner-address', 'B の住所');
    assert.notEqual(await bookChecksum(a.page, bookId), await bookChecksum(b.page, bookId));

    // Each exports what it has, then each imports the other's file: three
    // changes and the series the file reserved (B's file also has B's series).
    const toB = await exportChanges(a.page, bookId);
    const toA = await exportChanges(b.page, bookId);
    await importChanges(b.page, bookId, toB, /4 件の変更を取り込みました/);
    assert.equal(await b.page.locator(sy.overwritten).count(), 0, "B's later address stayed");
    await importChanges(a.page, bookId, toA, /5 件の変更を取り込みました/);

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

    // A sent its book first, so its numbers are INV-2026-0001…; B issues in
    // the series A's backup reserved for it.
    await issueInvoice(a.page, bookId, { partner: '山田商事', number: 'INV-2026-0001' });
    await issueInvoice(b.page, bookId, { partner: '山田商事', number: 'INV-2026-A0001' });
    a.assertClean();
    b.assertClean();
  } finally {
    await a.close();
    await b.close();
  }
});

test('a backup restored in a fresh browser profile issues at once, in a series of its own', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const a = await openSession(env.browser, env.server);
  const b = await openSession(env.browser, env.server);
  try {
    const bookId = await createBook(a.page, { name: '新しいノート商店' });
    await newPartner(a.page, bookId, '山田商事', 'やまだしょうじ');
    await issueInvoice(a.page, bookId, { partner: '山田商事', number: 'INV-2026-0001' });
    const backup = await backUp(a.page, bookId);

    // The new laptop: a fresh profile restores last night's backup.
    await restore(b.page, bookId, backup);
    await waitForText(b.page, '[role=status]', `INV-${YEAR}-A0001 から番号を付けます`);
    await openSync(b.page, bookId);
    await waitForText(b.page, sy.series, `次の請求書番号は INV-${YEAR}-A0001`);
    await screenshot(b.page, 'sync-series', 'ja');
    await switchLanguage(b.page, 'en');
    await waitForText(b.page, sy.series, `its next invoice is INV-${YEAR}-A0001`);
    await screenshot(b.page, 'sync-series', 'en');
    await b.page.goto(`/books/${bookId}/profile`);
    await waitForText(b.page, sy.series, `INV-${YEAR}-A0001`);
    await screenshot(b.page, 'business-profile-series', 'en');
    await switchLanguage(b.page, 'ja');
    await waitForText(b.page, sy.series, `INV-${YEAR}-A0001`);
    await screenshot(b.page, 'business-profile-series', 'ja');

    // It issues at once; the old laptop carries on in its own series.
    await issueInvoice(b.page, bookId, { partner: '山田商事', number: 'INV-2026-A0001' });
    await issueInvoice(a.page, bookId, { partner: '山田商事', number: 'INV-2026-0002' });

    // The browser forgets its local values (cleared, or evicted by Safari):
    // the book keeps the device id it is written as, and so its series.
    await b.page.evaluate(() => localStorage.clear());
    await b.page.reload();
    await waitForApp(b.page);
    await issueInvoice(b.page, bookId, { partner: '山田商事', number: 'INV-2026-A0002' });
    a.assertClean();
    b.assertClean();
  } finally {
    await a.close();
    await b.close();
  }
});

/**
 * Writes a change set deleting entry `entryId` straight into the stored log
 * of the book open on `page`, as a buggy or tampered-with device would, under
 * that browser's device id for the book; then reloads so the book folds it.
 */
async function tamperDeleteEntry(page, bookId, entryId) {
  await page.evaluate(async ({ bookId, entryId }) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(`kura-book-${bookId}`);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['meta', 'changes'], 'readwrite');
    const device = await new Promise((resolve) => {
      const get = tx.objectStore('meta').get('device');
      get.onsuccess = () => resolve(get.result);
    });
    const now = Date.now();
    const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const time = now.toString(16).padStart(12, '0');
    const random = hex(crypto.getRandomValues(new Uint8Array(10)));
    const id = `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-8${random.slice(3, 6)}-${random.slice(6, 18)}`;
    const set = {
      id,
      stamp: `${String(now).padStart(18, '0')}-${'0'.repeat(10)}-${device}`,
      changes: [{ op: 'delete', key: { kind: 'journal_entry', id: entryId } }],
    };
    tx.objectStore('changes').put(JSON.stringify(set), id);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { bookId, entryId });
  await page.reload();
  await waitForApp(page);
}

test('a changes file that deletes a posted entry is held; refusing leaves the book as it was', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const a = await openSession(env.browser, env.server);
  const b = await openSession(env.browser, env.server);
  try {
    const bookId = await createBook(a.page, { name: '家賃の帳簿' });
    await postSimpleEntry(a.page, { date: '2026-03-01', description: '家賃', debit: '地代家賃', credit: '現金', amount: '100000' });
    await restore(b.page, bookId, await backUp(a.page, bookId));

    // On B the posted entry is deleted behind the app's back, and B exports.
    await b.page.goto(`/books/${bookId}/journal`);
    await b.page.locator('tr[data-testid=entry-row]').filter({ hasText: '家賃' }).click();
    await b.page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    const entryId = b.page.url().split('/').pop();
    await tamperDeleteEntry(b.page, bookId, entryId);
    const hostile = await exportChanges(b.page, bookId);

    // A imports: B's series comes in, the deletion is held with what it does.
    await importChanges(a.page, bookId, hostile, /1 件の変更は確認待ち/);
    const held = a.page.locator(sy.held);
    await held.waitFor();
    const conflicts = await held.locator(sy.conflict).allInnerTexts();
    assert.deepEqual(conflicts, ['記帳済みの仕訳 2026/03/01 家賃 ¥100,000 を削除します。']);
    const imported = await bookChecksum(a.page, bookId);
    await screenshot(a.page, 'sync-held', 'ja');
    await switchLanguage(a.page, 'en');
    await waitForText(a.page, sy.conflict, 'Deletes the posted entry 1 Mar 2026 家賃 ¥100,000.');
    await screenshot(a.page, 'sync-held', 'en');
    await switchLanguage(a.page, 'ja');

    // Refused: the book is as the import left it, the entry is there.
    await a.page.locator(sy.refuse).click();
    await held.waitFor({ state: 'detached' });
    assert.equal(await bookChecksum(a.page, bookId), imported, 'refusing changes nothing');
    const tb = await trialBalanceText(a.page, bookId, 2026);
    assert.ok(tb.includes('100,000'), tb);

    // The same file again: nothing new, nothing asked.
    await importChanges(a.page, bookId, hostile, 'すべて取り込み済み');
    assert.equal(await a.page.locator(sy.held).count(), 0);
    assert.equal(await bookChecksum(a.page, bookId), imported);
    a.assertClean();
    b.assertClean();
  } finally {
    await a.close();
    await b.close();
  }
});

/** The device id the browser of `page` writes book `bookId` as. */
async function bookDevice(page, bookId) {
  return page.evaluate(async (bookId) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(`kura-book-${bookId}`);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const device = await new Promise((resolve) => {
      const get = db.transaction('meta').objectStore('meta').get('device');
      get.onsuccess = () => resolve(get.result);
    });
    db.close();
    return device;
  }, bookId);
}

test('one backup restored on two devices: the shared series is held at merge, one device moves, numbers used twice are listed', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const a = await openSession(env.browser, env.server);
  const c = await openSession(env.browser, env.server);
  const d = await openSession(env.browser, env.server);
  try {
    const bookId = await createBook(a.page, { name: '二重復元商店' });
    await newPartner(a.page, bookId, '山田商事', 'やまだしょうじ');
    const backup = await backUp(a.page, bookId);
    // Against the rule, one backup is restored on two laptops: one series.
    await restore(c.page, bookId, backup);
    await restore(d.page, bookId, backup);
    await issueInvoice(c.page, bookId, { partner: '山田商事', number: 'INV-2026-A0001' });
    await issueInvoice(d.page, bookId, { partner: '山田商事', number: 'INV-2026-A0001' });

    // A merges C's file, then D's: D's series and its invoice are held.
    await importChanges(a.page, bookId, await exportChanges(c.page, bookId), /件の変更を取り込みました/);
    // (D's series, its invoice, and the reservation it made for this file.)
    await importChanges(a.page, bookId, await exportChanges(d.page, bookId), /3 件の変更は確認待ち/);
    const conflicts = (await a.page.locator(sy.conflict).allInnerTexts()).join('\n');
    assert.match(conflicts, /採番枠「A」を使います/);
    assert.match(conflicts, /請求書 INV-2026-A0001/);
    await screenshot(a.page, 'sync-held-shared-series', 'ja');
    // The invoice was sent: accepting keeps the record, and the number used
    // twice is listed.
    for (let left = await a.page.locator(sy.accept).count(); left > 0; left -= 1) {
      await a.page.locator(sy.accept).first().click();
      await a.page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=sync-accept]').length < n, left);
    }
    const twice = a.page.locator('[data-testid=sync-duplicates]');
    await waitForText(a.page, '[data-testid=sync-duplicates]', 'INV-2026-A0001');
    await screenshot(a.page, 'sync-duplicates', 'ja');
    await switchLanguage(a.page, 'en');
    await waitForText(a.page, 'h2', 'Numbers on more than one document');
    await screenshot(a.page, 'sync-duplicates', 'en');
    await switchLanguage(a.page, 'ja');
    assert.deepEqual(await twice.locator('a').allInnerTexts(), ['2026/06/30 の請求書（山田商事）', '2026/06/30 の請求書（山田商事）']);

    // Each of C and D learns of the other from A: the larger device id moves
    // to a series of its own, the smaller keeps A.
    const [idC, idD] = [await bookDevice(c.page, bookId), await bookDevice(d.page, bookId)];
    const [keeper, mover] = idC < idD ? [c, d] : [d, c];
    await importChanges(keeper.page, bookId, await exportChanges(a.page, bookId), /件の変更/);
    assert.equal(await keeper.page.locator('[data-testid=sync-moved]').count(), 0);
    await importChanges(mover.page, bookId, await exportChanges(a.page, bookId), /件の変更/);
    await waitForText(mover.page, '[data-testid=sync-moved]', 'この端末がその枠を譲り');
    const note = await mover.page.locator(sy.series).innerText();
    const next = note.match(/INV-\d{4}-([A-Z]+)0001/);
    assert.ok(next && next[1] !== 'A', note);
    assert.notEqual(await bookDevice(mover.page, bookId), idC < idD ? idD : idC, 'a new device id');
    await screenshot(mover.page, 'sync-moved', 'ja');
    await issueInvoice(mover.page, bookId, { partner: '山田商事', number: `INV-2026-${next[1]}0001` });
    await issueInvoice(keeper.page, bookId, { partner: '山田商事', number: 'INV-2026-A0002' });
    a.assertClean();
    c.assertClean();
    d.assertClean();
  } finally {
    await a.close();
    await c.close();
    await d.close();
  }
});
