// Offline and updates: after the first visit the service worker serves the app,
// deep links included, with the network really gone; a new build takes over on
// the next load.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DIST, TEST_TIMEOUT, createBook, openSession, sel, startAll, startServer, waitForApp, waitForServiceWorkerControl,
  waitForText,
} from './harness.mjs';

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  env?.server.setOffline(false);
  await env?.stop();
});

test('the app loads and works with the network off after the first visit', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page, context } = s;
    const id = await createBook(page, { name: 'オフライン商店' });
    await waitForServiceWorkerControl(page);

    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { script: reg?.active?.scriptURL, caches: await caches.keys() };
    });
    assert.equal(new URL(sw.script).pathname, '/sw.js');
    assert.ok(sw.caches.some((k) => k.startsWith('kura-')), `a kura-* cache exists: ${sw.caches}`);

    // Network off: the browser is offline and the server drops every connection.
    await context.setOffline(true);
    env.server.setOffline(true);

    await page.reload();
    await waitForApp(page);
    await waitForText(page, sel.openBookName, 'オフライン商店');

    // A deep link that was never loaded as a document before.
    await page.goto(`/books/${id}/data`);
    await waitForApp(page);
    await page.locator(sel.storageUsed).waitFor({ state: 'visible' });

    await page.goto('/');
    await waitForApp(page);
    await page.locator(sel.bookRow).filter({ hasText: 'オフライン商店' }).waitFor();

    // Offline the browser reports its failed network attempts as console errors; nothing else may fail.
    s.assertClean({ ignoreErrors: [/ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_CONNECTION|Failed to fetch|NetworkError/] });
  } finally {
    env.server.setOffline(false);
    await s.close();
  }
});

test('a new build is picked up on the next load, without clearing anything', { timeout: TEST_TIMEOUT }, async () => {
  // Serve a copy of dist/ so that a "deploy" can be simulated by editing it.
  const root = mkdtempSync(join(tmpdir(), 'kura-dist-'));
  cpSync(DIST, root, { recursive: true });
  const server = await startServer({ root });
  const s = await openSession(env.browser, server);
  try {
    const { page } = s;
    await page.goto('/');
    await waitForApp(page);
    await waitForServiceWorkerControl(page);
    const oldCaches = await page.evaluate(() => caches.keys());
    assert.equal(oldCaches.filter((k) => k.startsWith('kura-')).length, 1, `one kura cache: ${oldCaches}`);

    // Deploy a new build: a new worker version and a changed index.html.
    const swPath = join(root, 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    assert.match(sw, /const VERSION = '[0-9a-f]{16}';/);
    writeFileSync(swPath, sw.replace(/const VERSION = '[0-9a-f]{16}';/, "const VERSION = 'e2e-next';"));
    const htmlPath = join(root, 'index.html');
    writeFileSync(
      htmlPath,
      readFileSync(htmlPath, 'utf8').replace('<title>Kura</title>', '<title>Kura</title><meta name="kura-build" content="e2e-next">'),
    );

    // One ordinary reload: the navigation goes to the network first, so the new page is live at once...
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.locator('meta[name=kura-build]').getAttribute('content'), 'e2e-next');
    // ...and the new worker takes over and drops the old cache.
    let keys = [];
    for (const end = Date.now() + 15_000; Date.now() < end; await page.waitForTimeout(200)) {
      keys = (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('kura-'));
      if (keys.length === 1 && keys[0] === 'kura-e2e-next') break;
    }
    assert.deepEqual(keys, ['kura-e2e-next']);
    s.assertClean();
  } finally {
    await s.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
