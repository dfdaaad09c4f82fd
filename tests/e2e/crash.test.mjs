// The crash screen, for every way the app can stop:
// - a WebAssembly trap thrown out of a timer and out of a promise (the wasm's
//   own allocator asked for more than memory can hold aborts with
//   `unreachable`, as an out-of-memory does): the screen is drawn by
//   public/crash.js without the wasm, which can run nothing more;
// - a Rust panic (the browser's random numbers made to fail, so making an id
//   panics), whose message the screen shows;
// - and the way back: the reload, and the rescue mode the screen's "save a
//   backup" reloads into, which opens the book alone and downloads its backup.
//
// The trap is forced through `window.wasmBindings`, which Trunk's loader sets
// on every page: its `default` (the init function) hands back the running
// instance's exports, and `__wbindgen_malloc` with an impossible size aborts.
// Nothing is added to the app for the test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, fillLine, newEntry, openSession, screenshot, switchLanguage, waitForApp, waitForText, useApp,
  journalSel,
} from './harness.mjs';

const env = useApp();

const screen = '[data-testid=crash-screen]';

/** Makes the running wasm instance trap, from a timer or from a promise. */
async function trap(page, from) {
  await page.evaluate(async (from) => {
    const wasm = await window.wasmBindings.default();
    const abort = () => wasm.__wbindgen_malloc(0xfffffff0, 1);
    if (from === 'timer') setTimeout(abort, 0);
    else Promise.resolve().then(abort);
  }, from);
}

/** The crash screen is up, with a reload and (in a book) a rescue link. */
async function assertCrashScreen(page, { bookId, detail }) {
  await page.locator(screen).waitFor();
  assert.equal(await page.locator(screen).getAttribute('role'), 'alert');
  assert.equal(await page.locator('[data-testid=crash-reload]').getAttribute('href'), page.url());
  assert.equal(await page.locator('[data-testid=crash-rescue]').getAttribute('href'), `/?rescue=${bookId}`);
  assert.match(await page.locator(`${screen} pre`).textContent(), detail);
  assert.equal(await page.locator('header.kura-header').count(), 0, 'the app is gone, the screen replaces it');
}

// Errors the crashes cause on purpose.
const CRASHES = [/RuntimeError|unreachable|panicked|getRandomValues|no randomness/];

test('crash: a wasm trap from a timer and from a promise shows the crash screen, and a reload brings the app back', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '停止確認商店' });
    await page.goto(`/books/${bookId}/dashboard`);
    await waitForApp(page);
    await trap(page, 'timer');
    await assertCrashScreen(page, { bookId, detail: /RuntimeError/ });
    await waitForText(page, screen, 'エラーのためKuraが停止しました');
    await screenshot(page, 'crash-trap', 'ja');

    await page.locator('[data-testid=crash-reload]').click();
    await waitForApp(page);
    await page.locator('[data-testid=dashboard]').waitFor();
    await switchLanguage(page, 'en');
    await trap(page, 'promise');
    await assertCrashScreen(page, { bookId, detail: /RuntimeError/ });
    await waitForText(page, screen, 'Kura stopped because of an error');
    await screenshot(page, 'crash-trap', 'en');
    s.assertClean({ ignoreErrors: CRASHES });
  } finally {
    await s.close();
  }
});

test('crash: a panic shows its message; the rescue mode downloads the book\'s backup', { timeout: 2 * TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  const { page } = s;
  try {
    const bookId = await createBook(page, { name: '救出商店' });
    await newEntry(page, { date: '2026-04-01', description: '文具' });
    await fillLine(page, 1, '消耗品費', { debit: '550' });
    await fillLine(page, 2, '現金', { credit: '550' });
    // The browser's random numbers fail: making the new entry's id panics.
    await page.evaluate(() => {
      crypto.getRandomValues = () => {
        throw new Error('no randomness');
      };
    });
    await page.locator(journalSel.post).click();
    await assertCrashScreen(page, { bookId, detail: /panicked at .*getRandomValues/s });
    await screenshot(page, 'crash-panic', 'ja');

    // ---- The rescue mode: the book alone, only its backup.
    await page.locator('[data-testid=crash-rescue]').click();
    await page.waitForURL(new RegExp(`/\\?rescue=${bookId}$`));
    await waitForText(page, '[data-testid=rescue-book-name]', '救出商店');
    await waitForText(page, 'h1', 'バックアップの保存(救出モード)');
    assert.equal(await page.locator('header.kura-header').count(), 0, 'no shell, no screens');
    await screenshot(page, 'rescue', 'ja');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=rescue-backup]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^救出商店-\d{4}-\d{2}-\d{2}\.kura$/);
    assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK', 'a book file (a ZIP)');
    await waitForText(page, '[data-testid=rescue-saved]', 'バックアップを保存しました');
    await page.evaluate(() => localStorage.setItem('kura.locale', 'en'));
    await page.reload();
    await waitForText(page, 'h1', 'Save a backup (rescue mode)');
    await screenshot(page, 'rescue', 'en');
    await page.evaluate(() => localStorage.setItem('kura.locale', 'ja'));

    // The book opens again (the unposted entry was never saved).
    await page.goto(`/books/${bookId}/journal`);
    await waitForApp(page);
    await waitForText(page, 'h1', '仕訳帳');
    assert.equal(await page.locator(journalSel.entryRow).count(), 0, 'nothing half-saved');
    s.assertClean({ ignoreErrors: CRASHES });
  } finally {
    await s.close();
  }
});
