// Kura service worker. tools/postbuild.mjs fills in the asset list and the
// version at build time; the app registers it (navigator.serviceWorker.register('/sw.js')).
//
// - install: precache every built file into the cache "kura-<version>", then skipWaiting().
// - activate: delete every other "kura-*" cache, then clients.claim().
// - fetch (GET, same origin only):
//     navigations -> network first; offline, the cached /index.html (the app
//                    routes by path, so /books/<id>/settings works offline too);
//     other files -> cache first, then network.
// A new build changes index.html (new hashed file names) and therefore this
// file's version: the browser installs the new worker on the next navigation,
// and the navigation itself already gets the new index.html from the network.
const VERSION = '__KURA_VERSION__';
const ASSETS = self.__KURA_ASSETS__;
const CACHE = `kura-${VERSION}`;
const INDEX = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('kura-') && key !== CACHE).map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const cached = await caches.match(INDEX, { cacheName: CACHE });
    if (cached) return cached;
    throw err;
  }
}

async function asset(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
  } else {
    event.respondWith(asset(request));
  }
});
