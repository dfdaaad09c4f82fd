// Books: create, reload, validate, switch language, rename and delete from the
// list, and two pages on one book seeing each other's writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, rowFor, sel, switchLanguage, waitEnabled, waitForApp, waitForText, useApp,
} from './harness.mjs';

const env = useApp();

async function withSession(fn, opts) {
  const s = await openSession(env.browser, env.server, opts);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

test('first visit shows the create-book form with its defaults', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    await page.goto('/');
    await waitForApp(page);
    // No book yet: the form is right there on the book list.
    for (const id of [sel.bookName, sel.ownerName, sel.currency, sel.fiscalYearStart, sel.locale, sel.chartTemplate]) {
      await page.locator(id).waitFor({ state: 'visible' });
      const labelled = await page.locator(`label[for="${id.slice(1)}"]`).count();
      assert.equal(labelled, 1, `${id} has a <label for>`);
    }
    assert.equal(await page.locator(sel.currency).inputValue(), 'JPY');
    assert.equal(await page.locator(sel.fiscalYearStart).inputValue(), '1');
    const months = await page.locator(`${sel.fiscalYearStart} option`).evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(months, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    const locales = await page.locator(`${sel.locale} option`).evaluateAll((os) => os.map((o) => o.value).sort());
    assert.deepEqual(locales, ['en', 'ja']);
    s.assertClean();
  }));

test('an empty book name shows an inline error and does not navigate', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    await page.goto('/new');
    await waitForApp(page);
    await page.locator(sel.bookName).fill('');
    await page.locator(sel.createBook).click();
    await page.locator(sel.fieldError).first().waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).pathname, '/new');
    s.assertClean();
  }));

test('create a book in Japanese, reload, it is still there', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    const name = '山田商店';
    const id = await createBook(page, { name, owner: '山田 花子', locale: 'ja' });
    assert.match(id, /^[A-Za-z0-9_-]+$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');

    await page.reload();
    await waitForApp(page);
    assert.equal(new URL(page.url()).pathname, `/books/${id}/settings`);
    await waitForText(page, sel.openBookName, name);
    assert.equal(await page.locator(sel.bookName).inputValue(), name);
    assert.equal(await page.locator(sel.ownerName).inputValue(), '山田 花子');

    await page.goto('/');
    await waitForApp(page);
    await rowFor(page, name).waitFor({ state: 'visible' });
    assert.equal(await page.locator(sel.bookRow).count(), 1);
    s.assertClean();
  }));

test('the language switch changes <html lang> and every label', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    await createBook(page, { name: 'Lang Test', locale: 'ja' });
    await waitForText(page, sel.navData, 'データ');

    await switchLanguage(page, 'en');
    await waitForText(page, sel.navData, 'Data');
    const en = await page.locator('body').innerText();

    await switchLanguage(page, 'ja');
    await waitForText(page, sel.navData, 'データ');
    const ja = await page.locator('body').innerText();
    assert.notEqual(en, ja);
    // The labels of the settings form change too.
    const label = (p) => p.locator(`label[for="book-name"]`).innerText();
    const jaLabel = await label(page);
    await switchLanguage(page, 'en');
    assert.notEqual(await label(page), jaLabel);
    s.assertClean();
  }));

test('rename and delete a book from the list (delete asks for the name)', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    await createBook(page, { name: '残す帳簿' });
    await createBook(page, { name: '古い名前' });
    await page.goto('/');
    await waitForApp(page);
    await rowFor(page, '古い名前').waitFor();
    assert.equal(await page.locator(sel.bookRow).count(), 2);

    // Rename.
    await rowFor(page, '古い名前').locator(sel.renameBook).click();
    const renameDialog = page.locator(sel.dialog);
    await renameDialog.waitFor({ state: 'visible' });
    await renameDialog.locator(sel.renameInput).fill('新しい名前');
    await renameDialog.locator(sel.confirmRename).click();
    await rowFor(page, '新しい名前').waitFor();
    assert.equal(await rowFor(page, '古い名前').count(), 0);

    // Delete: the confirm button stays disabled until the exact name is typed.
    await rowFor(page, '新しい名前').locator(sel.deleteBook).click();
    const dialog = page.locator(sel.dialog);
    await dialog.waitFor({ state: 'visible' });
    const confirm = dialog.locator(sel.confirmDelete);
    assert.equal(await confirm.isDisabled(), true, 'disabled before typing');
    await dialog.locator(sel.confirmName).fill('新しい');
    assert.equal(await confirm.isDisabled(), true, 'disabled with a partial name');
    await dialog.locator(sel.confirmName).fill('新しい名前');
    await waitEnabled(confirm);
    await confirm.click();
    await page.waitForFunction(
      (q) => ![...document.querySelectorAll(q)].some((r) => r.textContent.includes('新しい名前')),
      sel.bookRow,
    );
    assert.equal(await page.locator(sel.bookRow).count(), 1);

    await page.reload();
    await waitForApp(page);
    await rowFor(page, '残す帳簿').waitFor();
    assert.equal(await rowFor(page, '新しい名前').count(), 0);
    s.assertClean();
  }));

test('two pages on one book: a rename in one shows in the other without reload', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const a = s.page;
    const id = await createBook(a, { name: '二つのタブ' });
    const b = await s.newPage();
    await b.goto(`/books/${id}/settings`);
    await waitForApp(b);
    await waitForText(b, sel.openBookName, '二つのタブ');

    await a.locator(sel.bookName).fill('名前を変えた');
    await a.locator(sel.saveSettings).click();
    await waitForText(a, sel.toast, '保存しました');
    await waitForText(b, sel.openBookName, '名前を変えた');

    // And the other way round: neither page loses the other's write.
    await b.locator(sel.ownerName).fill('佐藤 一郎');
    await b.locator(sel.saveSettings).click();
    await waitForText(b, sel.toast, '保存しました');
    await a.reload();
    await waitForApp(a);
    await waitForText(a, sel.openBookName, '名前を変えた');
    assert.equal(await a.locator(sel.ownerName).inputValue(), '佐藤 一郎');
    s.assertClean();
  }));

test('settings save shows a toast in the current language', { timeout: TEST_TIMEOUT }, () =>
  withSession(async (s) => {
    const { page } = s;
    await createBook(page, { name: 'Toast', locale: 'ja' });
    await page.locator(sel.saveSettings).click();
    await waitForText(page, sel.toast, '保存しました');
    await switchLanguage(page, 'en');
    await page.locator(sel.saveSettings).click();
    await waitForText(page, sel.toast, 'Saved');
    s.assertClean();
  }));
