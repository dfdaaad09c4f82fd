// Offline: after the first visit the service worker serves the app, including
// deep links (the app routes by path), with the network really gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  TEST_TIMEOUT, createBook, openSession, sel, startAll, waitForApp, waitForServiceWorkerControl, waitForText,
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

test('online, navigations go to the network first (a new build is picked up on the next load)', { timeout: TEST_TIMEOUT }, async () => {
  // The worker caches by version and navigations go to the network first, so
  // the page always asks for the current index.html; check that the served
  // index.html is not answered from a stale cache when online.
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    await page.goto('/');
    await waitForApp(page);
    await waitForServiceWorkerControl(page);
    env.server.clearRequests();
    await page.reload();
    await waitForApp(page);
    const nav = env.server.requests.filter((r) => r.path === '/' && r.method === 'GET');
    assert.ok(nav.length >= 1, `the reload reached the server: ${JSON.stringify(env.server.requests)}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
