#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml). Runs on the staging dir after Trunk
// has written index.html and every asset, before staging replaces dist/.
//
// 1. Content-Security-Policy: computes the sha256 of every inline <script>
//    (Trunk's module loader) and inline <style> in index.html and puts them in
//    place of the __KURA_SCRIPT_HASHES__ / __KURA_STYLE_HASHES__ placeholders.
// 2. Service worker: lists every file in the staging dir (except sw.js) and a
//    version hash over their contents, and writes both into sw.js in place of
//    self.__KURA_ASSETS__ and __KURA_VERSION__. The crash screen's script
//    (public/crash.js) must be among them and loaded by index.html as a
//    same-origin script, or a crash offline would show nothing.
//
// Usage: TRUNK_STAGING_DIR=<dir> node tools/postbuild.mjs   (or: node tools/postbuild.mjs <dir>)
// Pure Node, no dependencies.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const stagingDir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!stagingDir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set and no directory was given');
  process.exit(2);
}
const publicUrl = (process.env.TRUNK_PUBLIC_URL || '/').replace(/\/?$/, '/');

function fail(msg) {
  console.error(`postbuild: ${msg}`);
  process.exit(1);
}

const sha256b64 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');

// --- 1. CSP hashes --------------------------------------------------------
const indexPath = join(stagingDir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// The HTML parser turns CRLF into LF before the browser hashes a script's text.
const inlineHashes = (tag) => {
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  const hashes = [];
  for (const m of html.matchAll(re)) {
    const attrs = m[1];
    if (tag === 'script' && /\bsrc\s*=/i.test(attrs)) continue;
    if (tag === 'script' && /\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs)) continue;
    hashes.push(`'sha256-${sha256b64(m[2].replace(/\r\n?/g, '\n'))}'`);
  }
  return [...new Set(hashes)];
};

// Hash against the html *with* the placeholders (they sit in the meta tag, not in any script).
const scriptHashes = inlineHashes('script');
const styleHashes = inlineHashes('style');

if (!html.includes('__KURA_SCRIPT_HASHES__') || !html.includes('__KURA_STYLE_HASHES__')) {
  fail('index.html has no __KURA_SCRIPT_HASHES__/__KURA_STYLE_HASHES__ placeholder in its CSP meta');
}
html = html
  .replace('__KURA_SCRIPT_HASHES__', scriptHashes.join(' '))
  .replace('__KURA_STYLE_HASHES__', styleHashes.join(' '))
  .replace(/(content="[^"]*?) +;/g, '$1;'); // tidy "'self' ;" when a list is empty

// Inline style="" attributes would need 'unsafe-hashes'; the page must not have any.
const styleAttrs = html.match(/<[a-z][^>]*\sstyle\s*=/gi);
if (styleAttrs) fail(`index.html has inline style attributes, which the CSP blocks: ${styleAttrs.join(', ')}`);

writeFileSync(indexPath, html);
console.log(`postbuild: CSP script-src hashes: ${scriptHashes.join(' ') || '(none)'}`);
if (styleHashes.length) console.log(`postbuild: CSP style-src hashes: ${styleHashes.join(' ')}`);

// --- 2. service worker precache list and version --------------------------
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const swPath = join(stagingDir, 'sw.js');
let sw;
try {
  sw = readFileSync(swPath, 'utf8');
} catch {
  fail(`no sw.js in ${stagingDir} (index.html must copy public/sw.js to the dist root)`);
}

const files = walk(stagingDir)
  .map((p) => relative(stagingDir, p).split(sep).join('/'))
  .filter((rel) => rel !== 'sw.js' && !rel.endsWith('.map'));

const CRASH_SCRIPT = 'crash.js';
if (!files.includes(CRASH_SCRIPT)) fail(`no ${CRASH_SCRIPT} in ${stagingDir} (index.html must copy public/${CRASH_SCRIPT})`);
if (!new RegExp(`<script src="${publicUrl}${CRASH_SCRIPT}"></script>`).test(html)) {
  fail(`index.html does not load ${publicUrl}${CRASH_SCRIPT} as a same-origin script`);
}

const version = createHash('sha256');
for (const rel of files) {
  version.update(rel + '\0');
  version.update(readFileSync(join(stagingDir, rel)));
  version.update('\0');
}
const versionHex = version.digest('hex').slice(0, 16);
const assets = files.map((rel) => publicUrl + rel);

if (!sw.includes('self.__KURA_ASSETS__') || !sw.includes('__KURA_VERSION__')) {
  fail('sw.js has no self.__KURA_ASSETS__ / __KURA_VERSION__ placeholder');
}
sw = sw.replaceAll('self.__KURA_ASSETS__', JSON.stringify(assets)).replaceAll('__KURA_VERSION__', versionHex);
writeFileSync(swPath, sw);
console.log(`postbuild: service worker version ${versionHex}, ${assets.length} files precached`);
