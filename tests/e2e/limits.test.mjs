// Magnitude limits as a user meets them: values Kura cannot hold are refused
// where they are typed or read, with a message naming the limit, never the
// crash screen; and a book an earlier build wrote with two balanced entries of
// 6 × 10²⁸ opens, its dashboard, trial balance and ledger work, a notice on
// every screen names both entries, and reversing one through the journal
// repairs it. Screens in Japanese and English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, openSession, screenshot, switchLanguage, waitForApp, waitForText, useApp, fillLine, newEntry,
  createBook, postSimpleEntry, bookChecksum, journalSel, sel,
} from './harness.mjs';

const env = useApp();

const HUGE = '50000000000000000000000000000';
const SIX = '60000000000000000000000000000';

const notice = {
  box: '[data-testid=out-of-range-notice]',
  record: '[data-testid=out-of-range-record]',
  link: '[data-testid=out-of-range-link]',
};

/** No crash screen: the app's panic handler shows `.kura-crash`. */
async function assertNoCrash(page) {
  assert.equal(await page.locator('.kura-crash').count(), 0, 'the crash screen is shown');
}

/** Adds a customer on the partners page. */
async function addCustomer(page, bookId, name) {
  await page.goto(`/books/${bookId}/partners`);
  await page.locator('[data-testid=new-partner]').click();
  const dialog = page.locator(sel.dialog);
  await dialog.locator('#partner-name').fill(name);
  await dialog.locator('#partner-reading').fill('やまだ');
  await dialog.locator('[data-testid=partner-customer]').check();
  await dialog.locator('[data-testid=save-partner]').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('limits: the entry form, the document form and a journal CSV refuse values beyond the limits', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '上限テスト', chart: 'japan_sole_proprietor' });

    // ---- Two debit lines of 5 × 10²⁸: a message at line 1, no crash.
    await newEntry(page, { date: '2026-03-01', description: '巨額の仕訳' });
    await fillLine(page, 1, '現金', { debit: HUGE });
    await fillLine(page, 2, '普通預金', { debit: HUGE });
    await waitForText(page, journalSel.difference, '読めない金額があります');
    await page.locator(journalSel.post).click();
    await waitForText(page, journalSel.entryError, '1行目: 金額が大きすぎます。Kuraで扱える金額は999,999,999,999,999までです。');
    await assertNoCrash(page);
    assert.match(page.url(), /\/journal\/new$/, 'nothing was saved');
    await screenshot(page, 'limits-entry-form', 'ja');
    await switchLanguage(page, 'en');
    await page.locator(journalSel.post).click();
    await waitForText(page, journalSel.entryError, 'Line 1: The amount is too large: Kura accepts up to 999,999,999,999,999.');
    await screenshot(page, 'limits-entry-form', 'en');
    await switchLanguage(page, 'ja');

    // ---- Quantity 10¹⁶ × price 10¹³ on an invoice: a message, no crash.
    await addCustomer(page, bookId, '山田商事');
    await page.goto(`/books/${bookId}/sales`);
    await page.locator('[data-testid=new-invoice]').click();
    await page.locator('#doc-partner').selectOption({ label: '山田商事' });
    await page.locator('#doc-date').fill('2026-03-31');
    await page.locator('#doc-date').press('Tab');
    await page.locator('[data-testid=doc-line-description-1]').fill('部品');
    await page.locator('[data-testid=doc-line-quantity-1]').fill('10000000000000000');
    await page.locator('[data-testid=doc-line-price-1]').fill('10000000000000');
    await page.locator('[data-testid=doc-issue]').click();
    await waitForText(page, '[data-testid=doc-error]', '1行目 数量: 数量が大きすぎます。Kuraで扱える数量は999,999,999までです。');
    await assertNoCrash(page);
    // Within the quantity's limit, the line's amount is not: said as typed.
    await page.locator('[data-testid=doc-line-quantity-1]').fill('999999999');
    await waitForText(page, '[data-testid=doc-totals-error]', '1行目: 金額が大きすぎます。');
    await screenshot(page, 'limits-document-form', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, '[data-testid=doc-totals-error]', 'Line 1: The amount is too large: Kura accepts up to 999,999,999,999,999.');
    await screenshot(page, 'limits-document-form', 'en');
    await switchLanguage(page, 'ja');
    await page.locator('[data-testid=doc-issue]').click();
    await waitForText(page, '[data-testid=doc-error]', '金額が大きすぎます');
    assert.match(page.url(), /\/documents\/new/, 'nothing was issued');
    await assertNoCrash(page);

    // ---- A journal CSV whose vouchers sum past the limit: problems, nothing written.
    const before = await bookChecksum(page, bookId);
    await page.goto(`/books/${bookId}/csv`);
    await page.locator('[data-testid=csv-page]').waitFor();
    const csv = [
      '伝票番号,日付,勘定科目,借方金額,貸方金額',
      `1,2026-04-01,現金,${HUGE},`,
      `1,2026-04-01,現金,${HUGE},`,
      `1,2026-04-01,売上高,,${HUGE}`,
      `1,2026-04-01,売上高,,${HUGE}`,
      '2,2026-04-02,現金,600000000000000,',
      '2,2026-04-02,普通預金,600000000000000,',
      '2,2026-04-02,売上高,,600000000000000',
      '2,2026-04-02,売上高,,600000000000000',
    ].join('\r\n');
    await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-testid=csv-mapping]').waitFor();
    await page.locator('[data-testid=csv-check]').click();
    await page.locator('[data-testid=csv-problems] li').first().waitFor();
    const problems = await page.locator('[data-testid=csv-problems] li').allInnerTexts();
    const tooLarge = '金額が大きすぎます。Kuraで扱える金額は999,999,999,999,999までです。';
    assert.deepEqual(problems, [
      `2行目 4列目: ${tooLarge}`,
      `3行目 4列目: ${tooLarge}`,
      `4行目 5列目: ${tooLarge}`,
      `5行目 5列目: ${tooLarge}`,
      '6行目: 仕訳の合計が大きすぎます。999,999,999,999,999までにしてください(仕訳を分けて入力できます)。',
    ]);
    assert.ok(await page.locator('[data-testid=csv-import]').isDisabled(), 'nothing to import');
    await assertNoCrash(page);
    await screenshot(page, 'limits-csv-problems', 'ja');
    assert.equal(await bookChecksum(page, bookId), before, 'the book is unchanged');
    s.assertClean();
  } finally {
    await s.close();
  }
});

/**
 * Writes two more rows into the book's `changes` store, as a build without
 * limits stored them: copies of the change set of the posted entry described
 * `template`, each an entry of `amount` debit and credit with its own ids.
 */
async function writeHugeEntries(page, bookId, template, descriptions, amount) {
  await page.evaluate(async ({ bookId, template, descriptions, amount }) => {
    const request = (r) => new Promise((ok, ko) => {
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const db = await request(indexedDB.open(`kura-book-${bookId}`));
    try {
      const read = db.transaction('changes', 'readonly').objectStore('changes');
      const rows = (await request(read.getAll())).map((row) => JSON.parse(row));
      const set = rows.find((r) => r.changes.some((c) => c.record?.record === 'journal_entry' && c.record.description === template));
      if (!set) throw new Error(`no change set of “${template}”`);
      const tx = db.transaction('changes', 'readwrite');
      const store = tx.objectStore('changes');
      const done = new Promise((ok, ko) => {
        tx.oncomplete = ok;
        tx.onerror = () => ko(tx.error);
      });
      descriptions.forEach((description, n) => {
        // Ids stay UUIDv7: the same time, other random bits.
        const other = (id) => `${id.slice(0, 24)}${(0xabc000000000 + n + 1).toString(16)}`;
        const copy = structuredClone(set);
        copy.id = other(set.id);
        const [, ms, counter, device] = /^(\d+)-(\d+)-(.+)$/.exec(set.stamp);
        copy.stamp = `${ms}-${String(Number(counter) + 100 + n).padStart(10, '0')}-${device}`;
        copy.changes = copy.changes.filter((c) => c.record?.record === 'journal_entry');
        for (const change of copy.changes) {
          change.record.id = other(change.record.id);
          change.record.description = description;
          for (const line of change.record.lines) {
            line.amount = line.amount.startsWith('-') ? `-${amount}` : amount;
          }
        }
        store.put(JSON.stringify(copy), copy.id);
      });
      await done;
    } finally {
      db.close();
    }
  }, { bookId, template, descriptions, amount });
}

test('limits: a book holding two entries of 6 × 10²⁸ opens, names them, and is repaired by reversal', { timeout: 4 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '古い帳簿', chart: 'japan_sole_proprietor' });
    await postSimpleEntry(page, { date: '2026-02-01', description: '通常の売上', debit: '現金', credit: '売上高', amount: '1000' });
    await writeHugeEntries(page, bookId, '通常の売上', ['巨額の売上A', '巨額の売上B'], SIX);

    // ---- The dashboard opens, with the notice naming both entries.
    await page.goto(`/books/${bookId}/dashboard`);
    await waitForApp(page);
    await page.locator('[data-testid=dashboard]').waitFor();
    await page.locator(notice.box).waitFor();
    const listed = await page.locator(notice.record).allInnerTexts();
    assert.equal(listed.length, 2, listed.join('\n'));
    assert.match(listed[0], /仕訳 2026\/02\/01 巨額の売上[AB]/);
    assert.ok(listed.some((l) => l.includes('巨額の売上A')) && listed.some((l) => l.includes('巨額の売上B')));
    assert.match(listed[0], /金額が大きすぎます。Kuraで扱える金額は999,999,999,999,999までです。/);
    await assertNoCrash(page);
    await screenshot(page, 'limits-notice-dashboard', 'ja');
    await switchLanguage(page, 'en');
    await waitForText(page, notice.box, "Some records hold values beyond Kura's limits");
    await waitForText(page, notice.record, 'Entry 1 Feb 2026 巨額の売上');
    await screenshot(page, 'limits-notice-dashboard', 'en');
    await switchLanguage(page, 'ja');

    // ---- The trial balance and the ledger open, with only the ordinary entry.
    await page.goto(`/books/${bookId}/reports/trial-balance?from=2026-01-01&to=2026-12-31`);
    await page.locator('tr[data-testid=tb-row]').first().waitFor();
    const tb = await page.locator('table[data-testid=trial-balance]').innerText();
    assert.match(tb, /売上高/);
    assert.doesNotMatch(tb, /60,000,000/);
    await page.locator('tr[data-testid=tb-row]', { hasText: '現金' }).locator('[data-testid=drill]').first().click();
    await page.waitForURL(/\/reports\/general-ledger\?/);
    await waitForText(page, '[data-testid=ledger-account-name]', '現金');
    assert.equal(await page.locator('tr[data-testid=ledger-row]').count(), 1);
    await page.locator(notice.box).waitFor();
    await assertNoCrash(page);
    await screenshot(page, 'limits-notice-ledger', 'ja');

    // ---- Reversing one through the journal: the notice then names the other.
    await page.locator(notice.record, { hasText: '巨額の売上A' }).locator(notice.link).click();
    await page.waitForURL(/\/journal\/[0-9a-f-]{36}$/);
    await waitForText(page, '[data-testid=entry-description]', '巨額の売上A');
    await waitForText(page, '[data-testid=entry-beyond-limits]', '集計・レポートに含めていません');
    await page.locator('[data-testid=reverse-entry]').click();
    const dialog = page.locator('[data-testid=reverse-dialog]');
    await dialog.locator('#reverse-date').fill('2026-02-02');
    await dialog.locator('[data-testid=confirm-reverse]').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=out-of-range-record]').length === 1,
      null,
      { timeout: 15_000 },
    );
    const left = await page.locator(notice.record).allInnerTexts();
    assert.match(left[0], /巨額の売上B/);
    await waitForText(page, '[data-testid=entry-description]', '巨額の売上A');
    await assertNoCrash(page);
    await screenshot(page, 'limits-notice-repaired', 'ja');

    // ---- Still there after a reload (it was written), and the dashboard opens.
    await page.goto(`/books/${bookId}/dashboard`);
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await page.locator(notice.record).count(), 1);
    s.assertClean();
  } finally {
    await s.close();
  }
});
