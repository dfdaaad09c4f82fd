// CSP is enforced (no inline script runs, the loader is hashed), no request
// leaves the origin, and axe-core finds no serious/critical violation on the
// main screens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  TEST_TIMEOUT, axeSerious, createBook, openSession, sel, switchLanguage, waitForApp, useApp,
} from './harness.mjs';

const env = useApp();

test('the page CSP allows the hashed loader and blocks injected inline script', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    await page.goto('/');
    await waitForApp(page); // the app ran: the loader's hash is in script-src

    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /__KURA_|unsafe-inline|\*|https?:/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /connect-src 'self'/);

    const violations = page.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = [];
          document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
          setTimeout(() => resolve(seen), 1000);
        }),
    );
    await page.addScriptTag({ content: 'window.__kuraInjected = true;' }).catch(() => {});
    assert.equal(await page.evaluate(() => window.__kuraInjected), undefined, 'inline script must not run');
    const seen = await violations;
    assert.ok(seen.some((d) => d.startsWith('script-src')), `a script-src violation was reported: ${seen}`);

    // The only console error allowed is the CSP refusal we provoked.
    s.assertClean({ ignoreErrors: [/Content Security Policy/i] });
  } finally {
    await s.close();
  }
});

test('no request goes to another origin and every request is answered', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openSession(env.browser, env.server);
  try {
    const { page } = s;
    env.server.clearRequests();
    const id = await createBook(page, { name: 'Origin Check' });
    for (const path of ['/', '/new', `/books/${id}/settings`, `/books/${id}/data`]) {
      await page.goto(path);
      await waitForApp(page);
    }
    assert.ok(s.requests.length > 0);
    assert.deepEqual(s.foreignRequests(), []);
    const failed = env.server.requests.filter((r) => r.status !== 200);
    assert.deepEqual(failed, [], 'every request to the server succeeded (no 404s)');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('axe-core: no serious or critical violations on the main screens', { timeout: TEST_TIMEOUT }, async () => {
  // bypassCSP only so that axe-core can be injected.
  const s = await openSession(env.browser, env.server, { bypassCSP: true });
  try {
    const { page } = s;
    const report = [];
    const check = async (label) => {
      const v = await axeSerious(page);
      if (v.length) report.push(`${label}: ${JSON.stringify(v, null, 1)}`);
    };
    await page.goto('/');
    await waitForApp(page);
    await check('book list (empty, with create form)');
    await page.goto('/new');
    await waitForApp(page);
    await check('create form');
    const id = await createBook(page, { name: 'アクセシビリティ' });
    await check('settings');
    await page.goto(`/books/${id}/data`);
    await waitForApp(page);
    await page.locator(sel.storageUsed).waitFor();
    await check('data');
    await page.goto('/');
    await waitForApp(page);
    await page.locator(sel.bookRow).first().waitFor();
    await check('book list');
    await switchLanguage(page, 'en');
    await check('book list (en)');
    assert.deepEqual(report, [], report.join('\n'));
    s.assertClean();
  } finally {
    await s.close();
  }
});
