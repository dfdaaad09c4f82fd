// The history chain as a user meets it (docs/history-chain.md): a new book and
// two entries verify on Settings → Data (履歴の検証); a backup checks its own
// sets and says so; a stored change set edited behind the app's back (with the
// browser's tools) is named with its entry, both by the check and by the
// next backup, which is still saved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, sel, waitForApp, waitForText, useApp, postSimpleEntry,
} from './harness.mjs';

const env = useApp();

const h = {
  verify: '[data-testid=history-verify]',
  result: '[data-testid=history-result]',
  problem: 'li[data-testid=history-problem]',
  device: 'tr[data-testid=history-device]',
};

/** Rewrites the stored row of the entry described `description`: its amount. */
async function alterStoredEntry(page, bookId, description) {
  await page.evaluate(async ({ bookId, description }) => {
    const request = (r) => new Promise((ok, ko) => {
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const db = await request(indexedDB.open(`kura-book-${bookId}`));
    try {
      const read = db.transaction('changes', 'readonly').objectStore('changes');
      const rows = (await request(read.getAll())).map((row) => JSON.parse(row));
      const set = rows.find((r) => r.changes.some((c) => c.record?.record === 'journal_entry' && c.record.description === description));
      if (!set) throw new Error(`no change set of “${description}”`);
      if (!set.link) throw new Error('the set has no link');
      for (const change of set.changes) {
        for (const line of change.record?.lines ?? []) {
          line.amount = line.amount.startsWith('-') ? '-9900' : '9900';
        }
      }
      const tx = db.transaction('changes', 'readwrite');
      const done = new Promise((ok, ko) => {
        tx.oncomplete = ok;
        tx.onerror = () => ko(tx.error);
      });
      tx.objectStore('changes').put(JSON.stringify(set), set.id);
      await done;
    } finally {
      db.close();
    }
  }, { bookId, description });
}

test('history: a book verifies, its backup too; an entry edited in storage is named by the check and the backup', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '履歴商店' });
    await postSimpleEntry(page, { date: '2026-03-01', description: '事務用品', debit: '消耗品費', credit: '現金', amount: '3300' });
    await postSimpleEntry(page, { date: '2026-03-05', description: '電車代', debit: '旅費交通費', credit: '現金', amount: '480' });

    await page.goto(`/books/${bookId}/data`);
    await page.locator(h.verify).click();
    await waitForText(page, h.result, '保存されたときのまま');
    assert.equal(await page.locator(h.result).getAttribute('data-intact'), 'true');
    const counts = await page.locator(h.result).textContent();
    assert.match(counts, /[3-9]件の変更を1台の端末の履歴として検証しました/, counts);
    assert.equal(await page.locator(h.device).count(), 1);
    assert.match(await page.locator(h.device).textContent(), /この端末/);

    // A backup checks the sets it writes.
    await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=backup-now]').click()]);
    await waitForText(page, h.result, '保存したバックアップの履歴は、保存されたときのまま');
    await waitForText(page, sel.toast, 'バックアップを保存しました');

    // An amount changed in storage, its link kept.
    await alterStoredEntry(page, bookId, '事務用品');
    await page.reload();
    await waitForApp(page);
    await page.locator(h.verify).click();
    await waitForText(page, h.result, '保存後に変えられた形跡');
    assert.equal(await page.locator(h.result).getAttribute('data-intact'), 'false');
    assert.equal(await page.locator(h.problem).count(), 1);
    const problem = await page.locator(h.problem).textContent();
    assert.match(problem, /保存後に内容が変えられた変更/);
    assert.match(problem, /仕訳 事務用品/, problem);

    // The backup is still saved, with a warning.
    await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=backup-now]').click()]);
    await waitForText(page, sel.toast, '履歴の検証で問題が1件');
    await waitForText(page, h.result, '保存したバックアップの履歴に、保存後に変えられた形跡');

    // In English.
    await page.locator(sel.languageSwitch).selectOption('en');
    await page.locator(h.verify).click();
    await waitForText(page, h.problem, 'A change altered after it was saved');
  } finally {
    await s.close();
  }
});
