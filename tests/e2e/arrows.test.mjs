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
