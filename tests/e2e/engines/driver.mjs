// One small driver over three browser engines, so that the same user journeys
// run in Chromium (playwright-core), Firefox (puppeteer-core over WebDriver
// BiDi, Debian's firefox-esr) and WebKit (WebKitWebDriver with MiniBrowser
// under Xvfb, plain W3C WebDriver over HTTP). Nothing is downloaded: every
// engine is a system package (scripts/setup.sh installs them).
//
// The driver offers only what the journeys need, by CSS selector, and waits
// the same way everywhere: by polling the page (`waitUntil`), never by the
// engines' own auto-waiting, so a journey behaves alike in all three.
//
// A tab (`Tab`) is one fresh browser profile: its own IndexedDB, caches and
// service workers.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `chromium-bare` is Chromium with the optional APIs Kura must do without
// taken away before the app loads (see BARE_APIS): every journey must still
// finish. KURA_ENGINES=chromium,firefox narrows a run to some engines (a
// developer's choice; the suite runs them all).
export const ENGINES = (process.env.KURA_ENGINES || 'chromium,firefox,webkit,chromium-bare')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);

/**
 * The optional browser APIs a browser may lack (WebKit has no StorageManager,
 * Firefox and WebKit no directory picker, old browsers no Web Locks or
 * BroadcastChannel), removed in `chromium-bare`.
 */
export const BARE_APIS = ['navigator.storage', 'navigator.locks', 'showDirectoryPicker', 'showSaveFilePicker', 'showOpenFilePicker', 'BroadcastChannel'];

function removeApis() {
  for (const name of ['storage', 'locks']) {
    Object.defineProperty(Navigator.prototype, name, { get: () => undefined, configurable: true });
  }
  for (const name of ['showDirectoryPicker', 'showSaveFilePicker', 'showOpenFilePicker', 'BroadcastChannel']) {
    delete window[name];
  }
}

export const PATHS = {
  chromium: process.env.CHROME_PATH || '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
  webkitDriver: process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver',
  miniBrowser: process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws `what` with the last value at the timeout. */
export async function waitUntil(probe, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > end) throw new Error(`${what}: still not so after ${timeout} ms (last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

// Page-side helpers, sent as source text so every engine runs the same code.
const PAGE = {
  // The text of every element matching `s` (an input's value for inputs).
  texts: `(s) => [...document.querySelectorAll(s)].map((e) => (e.tagName === 'INPUT' || e.tagName === 'SELECT' || e.tagName === 'TEXTAREA') ? e.value : e.innerText)`,
  // Sets an input's value as typing would (React-style frameworks and Leptos listen to 'input').
  fill: `(s, v) => { const e = document.querySelector(s); if (!e) return false; e.focus();
    const proto = e.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);
    e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; }`,
  select: `(s, want) => { const e = document.querySelector(s); if (!e) return false;
    const o = [...e.options].find((o) => o.value === want || o.label === want || o.textContent.trim() === want);
    if (!o) return 'no option ' + want; e.value = o.value;
    e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; }`,
  // Hands a file to an <input type=file>, as choosing it in the dialog would.
  setFile: `(s, name, b64, type) => { const e = document.querySelector(s); if (!e) return false;
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer(); dt.items.add(new File([bytes], name, { type }));
    e.files = dt.files; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; }`,
  // Keeps every file the page downloads (an <a download> with a blob: URL) in
  // window.__kuraDownloads. The blob is taken when its URL is made: the page's
  // CSP (connect-src 'self') forbids fetching a blob: URL back.
  catchDownloads: `() => { if (window.__kuraDownloads) return true; window.__kuraDownloads = [];
    const blobs = new Map(); const make = URL.createObjectURL;
    URL.createObjectURL = function (blob) { const url = make.call(URL, blob); blobs.set(url, blob); return url; };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      const blob = this.download && blobs.get(this.href);
      if (!blob) return click.call(this);
      const name = this.download;
      blob.arrayBuffer().then((buf) => {
        let s = ''; const b = new Uint8Array(buf);
        for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
        window.__kuraDownloads.push({ name, b64: btoa(s) });
      });
    }; return true; }`,
  downloads: `() => (window.__kuraDownloads || []).map((d) => d.name)`,
  download: `(i) => window.__kuraDownloads[i]`,
};

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * What every engine's tab offers. `impl` supplies the few primitives
 * (goto, url, evaluate, click, key, screenshot, pdf, close).
 */
class Tab {
  constructor(engine, baseUrl, impl) {
    this.engine = engine;
    this.baseUrl = baseUrl;
    this.impl = impl;
  }

  /** Runs `fnSource` (a function's source text) in the page with JSON arguments. */
  async run(fnSource, ...args) {
    return this.impl.evaluate(fnSource, args);
  }

  async goto(path) {
    await this.impl.goto(new URL(path, this.baseUrl).href);
  }

  async reload() {
    await this.impl.goto(await this.impl.url());
  }

  async url() {
    return this.impl.url();
  }

  async path() {
    return new URL(await this.url()).pathname;
  }

  async waitForPath(re, timeout) {
    return waitUntil(async () => re.test(await this.path()) && (await this.path()), `path ${re}`, timeout);
  }

  async texts(selector) {
    return this.run(PAGE.texts, selector);
  }

  async waitFor(selector, timeout) {
    await waitUntil(async () => (await this.texts(selector)).length > 0, `${selector} present`, timeout);
  }

  async waitForText(selector, text, timeout) {
    const match = (t) => (text instanceof RegExp ? text.test(t) : t.includes(text));
    return waitUntil(async () => (await this.texts(selector)).find(match), `${selector} shows ${text}`, timeout);
  }

  async fill(selector, value) {
    await this.waitFor(selector);
    const done = await this.run(PAGE.fill, selector, value);
    if (done !== true) throw new Error(`fill ${selector}: ${done}`);
  }

  async select(selector, option) {
    await this.waitFor(selector);
    const done = await waitUntil(async () => (await this.run(PAGE.select, selector, option)) === true, `option ${option} in ${selector}`);
    if (done !== true) throw new Error(`select ${selector}: ${done}`);
  }

  /** Clicks the first element matching `selector` once it is there and enabled. */
  async click(selector) {
    await waitUntil(
      () => this.run(`(s) => { const e = document.querySelector(s); return !!e && !e.disabled && e.getClientRects().length > 0; }`, selector),
      `${selector} clickable`,
    );
    await this.impl.click(selector);
  }

  /** Presses Tab in the focused field (commits a pick in the entry grid). */
  async tab(selector) {
    await this.impl.key(selector, 'Tab');
  }

  async setFile(selector, name, bytes, type = 'application/octet-stream') {
    await this.waitFor(selector);
    const done = await this.run(PAGE.setFile, selector, name, Buffer.from(bytes).toString('base64'), type);
    if (done !== true) throw new Error(`setFile ${selector}: ${done}`);
  }

  /** From now on, downloads are kept in the page instead of going to disk. */
  async catchDownloads() {
    await this.run(PAGE.catchDownloads);
  }

  /** Waits for the n-th caught download (0-based); returns { name, bytes }. */
  async download(n = 0) {
    await waitUntil(async () => (await this.run(PAGE.downloads)).length > n, `download ${n + 1}`);
    const d = await this.run(PAGE.download, n);
    return { name: d.name, bytes: Buffer.from(d.b64, 'base64') };
  }

  async screenshot(path) {
    writeFileSync(path, await this.impl.screenshot());
    return path;
  }

  /** The page printed to PDF (A4), as the browser's print would make it; `null` where the engine cannot. */
  async pdf() {
    return this.impl.pdf();
  }

  async close() {
    await this.impl.close();
  }
}

// ---- Chromium: playwright-core ------------------------------------------------

async function chromium({ bare = false } = {}) {
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({
    executablePath: PATHS.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    async newTab(baseUrl, { width = 1280, height = 800, locale = 'ja-JP' } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Asia/Tokyo' });
      if (bare) await context.addInitScript(removeApis);
      const page = await context.newPage();
      return new Tab(bare ? 'chromium-bare' : 'chromium', baseUrl, {
        goto: (url) => page.goto(url),
        url: async () => page.url(),
        evaluate: (src, args) => page.evaluate(([src, args]) => (0, eval)(src)(...args), [src, args]),
        click: (s) => page.locator(s).first().click(),
        key: (s, key) => page.locator(s).first().press(key),
        screenshot: () => page.screenshot({ fullPage: true }),
        pdf: () => page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }),
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}

// ---- Firefox: puppeteer-core over WebDriver BiDi --------------------------------

async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = mkdtempSync(join(tmpdir(), 'kura-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: PATHS.firefox,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      // No first-run pages, no network beyond the test server.
      'browser.shell.checkDefaultBrowser': false,
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
    },
  });
  return {
    async newTab(baseUrl, { width = 1280, height = 800 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height });
      return new Tab('firefox', baseUrl, {
        goto: (url) => page.goto(url, { waitUntil: 'load' }),
        url: async () => page.url(),
        evaluate: (src, args) => page.evaluate((src, args) => (0, eval)(src)(...args), src, args),
        click: async (s) => {
          const el = await page.$(s);
          await el.click();
        },
        key: async (s, key) => {
          await page.focus(s);
          await page.keyboard.press(key);
        },
        screenshot: () => page.screenshot({ fullPage: true }),
        pdf: () => page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }),
        close: () => context.close(),
      });
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---- WebKit: WebKitWebDriver + MiniBrowser under Xvfb, plain W3C WebDriver -------

async function webkit() {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x1000x24', PATHS.webkitDriver, `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const started = Date.now();
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A command that never answers fails the step instead of the whole test.
      signal: AbortSignal.timeout(60_000),
    }).catch((e) => {
      throw new Error(`WebDriver ${method} ${path} ${JSON.stringify(body ?? '').slice(0, 200)}: no answer after ${Date.now() - started} ms (${e.message})`);
    });
    const json = await r.json();
    if (json.value && json.value.error) throw new Error(`WebDriver ${method} ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  await waitUntil(async () => (await call('GET', '/status')).ready !== undefined, 'WebKitWebDriver up', 20_000);
  const sessions = new Set();
  return {
    async newTab(baseUrl, { width = 1280, height = 800 } = {}) {
      const capabilities = {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: PATHS.miniBrowser, args: ['--automation'] },
        },
      };
      // WebKitWebDriver now and then never answers a new session (MiniBrowser
      // not starting under Xvfb): ask once more before failing the test.
      const created = await call('POST', '/session', { capabilities }).catch((error) => {
        console.log(`webkit: ${error.message}; asking for a session once more`);
        return call('POST', '/session', { capabilities });
      });
      const id = created.sessionId;
      sessions.add(id);
      const s = (path) => `/session/${id}${path}`;
      await call('POST', s('/window/rect'), { width, height }).catch(() => {});
      const element = async (selector) => {
        const found = await call('POST', s('/element'), { using: 'css selector', value: selector });
        return Object.values(found)[0];
      };
      return new Tab('webkit', baseUrl, {
        goto: (url) => call('POST', s('/url'), { url }),
        url: () => call('GET', s('/url')),
        // The function's source goes into the script itself: the page's CSP
        // forbids eval, and WebKit applies it to what a script evaluates.
        evaluate: (src, args) => call('POST', s('/execute/async'), {
          script: `const done = arguments[arguments.length - 1];
            Promise.resolve((${src})(...arguments[0])).then(done, (e) => done({ __error: String(e) }));`,
          args: [args],
        }).then((v) => {
          if (v && v.__error) throw new Error(v.__error);
          return v;
        }),
        click: async (selector) => call('POST', s(`/element/${await element(selector)}/click`), {}),
        key: async (selector, key) => {
          const code = { Tab: '\uE004', Enter: '\uE007' }[key];
          await call('POST', s(`/element/${await element(selector)}/value`), { text: code });
        },
        screenshot: async () => Buffer.from(await call('GET', s('/screenshot')), 'base64'),
        pdf: async () => {
          try {
            return Buffer.from(await call('POST', s('/print'), { page: { width: 21, height: 29.7 }, background: true }), 'base64');
          } catch {
            return null;
          }
        },
        close: async () => {
          sessions.delete(id);
          await call('DELETE', s('')).catch(() => {});
        },
      });
    },
    async close() {
      for (const id of sessions) await call('DELETE', `/session/${id}`).catch(() => {});
      try {
        process.kill(-driver.pid);
      } catch {
        driver.kill();
      }
    },
  };
}

/** Launches an engine; returns { newTab(baseUrl, opts), close() }. */
export async function launch(engine) {
  if (engine === 'chromium') return chromium();
  if (engine === 'chromium-bare') return chromium({ bare: true });
  if (engine === 'firefox') return firefox();
  if (engine === 'webkit') return webkit();
  throw new Error(`unknown engine ${engine}`);
}
