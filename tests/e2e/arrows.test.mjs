// The app's house, as absences (ARCHITECTURE.md): no page and no shared
// component names `crate::storage`; they reach the book through the session
// (`crate::app`: `OpenBook`, `app::library`). Read from the sources, so a new
// arrow pointing past the session fails here before it is merged.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith('.rs') ? [path] : [];
  });
}

test('no page or component reaches storage past the session', () => {
  const files = [...rustFiles(join(root, 'src/pages')), ...rustFiles(join(root, 'src/components'))];
  assert.ok(files.length > 30, `the pages were found (${files.length})`);
  const offenders = files
    .filter((path) => /crate::storage\b|\bIdbStore\b/.test(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path));
  assert.deepEqual(offenders, []);
});

// The module a `super::NAME` path names, from a file under src/pages: the
// area module (src/pages/<area>.rs) itself, or a sibling page when NAME is one.
function siblingPages(path) {
  const dir = path.replace(/\/[^/]+\.rs$/, '');
  return new Set(readdirSync(dir).filter((n) => n.endsWith('.rs')).map((n) => n.slice(0, -3)));
}

test('no page imports another page: what two pages share is a component', () => {
  const pages = rustFiles(join(root, 'src/pages'));
  const offenders = [];
  for (const path of pages) {
    const text = readFileSync(path, 'utf8');
    const rel = relative(join(root, 'src/pages'), path);
    const depth = rel.split('/').length;
    if (/crate::pages\b/.test(text)) offenders.push(`${rel}: crate::pages`);
    if (/super::super\b/.test(text)) offenders.push(`${rel}: super::super`);
    // A page in an area folder (pages/<area>/<page>.rs) may not reach its
    // siblings; a page's own child module (pages/<area>/<page>/<part>.rs)
    // may use its page (`super::`), which is the same page.
    if (depth === 2) {
      const siblings = siblingPages(path);
      for (const [, name] of text.matchAll(/\bsuper::(\w+)/g)) {
        if (siblings.has(name)) offenders.push(`${rel}: super::${name}`);
      }
    }
  }
  assert.ok(pages.length > 30, `the pages were found (${pages.length})`);
  assert.deepEqual(offenders, []);
});

test('no component and no session module imports a page', () => {
  const files = [
    ...rustFiles(join(root, 'src/components')),
    ...rustFiles(join(root, 'src/app')),
    join(root, 'src/routes.rs'),
    join(root, 'src/platform.rs'),
  ];
  const offenders = files
    .filter((path) => /crate::pages\b/.test(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path));
  assert.deepEqual(offenders, []);
});

test('every link is made from the typed routes: no other module spells a book URL', () => {
  const files = rustFiles(join(root, 'src')).filter(
    (path) => !path.endsWith('src/routes.rs') && !path.endsWith('src/app.rs'),
  );
  const offenders = [];
  for (const path of files) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/["`]\/books\//.test(code) || /"\/(new)?"/.test(code)) {
          offenders.push(`${relative(root, path)}:${i + 1}`);
        }
      });
  }
  assert.deepEqual(offenders, []);
});
