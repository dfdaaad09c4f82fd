// Screenshots of each screen in Japanese and English, saved under
// tests/e2e/artifacts/<screen>.<lang>.png (gitignored).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, screenshot, sel, switchLanguage, waitForApp, useApp,
} from './harness.mjs';

const env = useApp();

test('screenshots of every screen in ja and en', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    const saved = [];

    await page.goto('/');
    await waitForApp(page);
    await page.locator(sel.bookName).waitFor();
    for (const lang of ['ja', 'en']) {
      await switchLanguage(page, lang);
      saved.push(await screenshot(page, 'first-visit', lang));
    }
    await switchLanguage(page, 'ja');

    const id = await createBook(page, { name: '山田商店', owner: '山田 花子' });
    await createBook(page, { name: 'Yamada Design', owner: 'Hanako Yamada', locale: 'en' });

    const screens = [
      ['book-list', '/', () => page.locator(sel.bookRow).first().waitFor()],
      ['create-book', '/new', () => page.locator(sel.bookName).waitFor()],
      ['settings', `/books/${id}/settings`, () => page.locator(sel.saveSettings).waitFor()],
      ['data', `/books/${id}/data`, () => page.locator(sel.lastBackup).waitFor()],
    ];
    for (const [name, path, ready] of screens) {
      await page.goto(path);
      await waitForApp(page);
      await ready();
      for (const lang of ['ja', 'en']) {
        await switchLanguage(page, lang);
        saved.push(await screenshot(page, name, lang));
      }
    }
    // The delete dialog, too.
    await page.goto('/');
    await waitForApp(page);
    await page.locator(sel.bookRow).filter({ hasText: '山田商店' }).locator(sel.deleteBook).click();
    await page.locator(sel.dialog).waitFor();
    for (const lang of ['ja', 'en']) {
      await switchLanguage(page, lang);
      saved.push(await screenshot(page, 'delete-dialog', lang));
    }
    for (const p of saved) assert.ok(statSync(p).size > 1000, `${p} is a real image`);
    console.log(`screenshots:\n${saved.join('\n')}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
