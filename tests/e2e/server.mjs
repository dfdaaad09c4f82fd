// A tiny static server over dist/ for the end-to-end tests.
// - 127.0.0.1, a free port by default;
// - SPA fallback: a path without a file extension gets index.html;
// - correct MIME types (.wasm is application/wasm, or instantiateStreaming fails);
// - Cache-Control: no-cache on everything;
// - records every request path (server.requests), and can play "network down"
//   (server.setOffline(true): every request's connection is dropped).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// KURA_DIST serves another build (a developer's own dist while the shared one is in use).
export const DIST = resolve(process.env.KURA_DIST || fileURLToPath(new URL('../../dist/', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Start the server. Returns { url, port, requests, setOffline(bool), clearRequests(), close() }.
 * requests: array of { method, path, status } in arrival order (status 0 = dropped while offline).
 */
export async function startServer({ root = DIST, port = 0, host = '127.0.0.1' } = {}) {
  const requests = [];
  let offline = false;

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const entry = { method: req.method, path, status: 0 };
    requests.push(entry);
    if (offline) {
      req.socket.destroy();
      return;
    }
    try {
      let rel = normalize(path).replace(/^([/\\])+/, '');
      if (rel === '' || !extname(rel)) rel = 'index.html'; // SPA fallback
      const file = join(root, rel);
      if (!file.startsWith(root + sep) && file !== root) throw Object.assign(new Error('outside root'), { code: 'ENOENT' });
      const st = await stat(file);
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      const body = await readFile(file);
      entry.status = 200;
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      entry.status = err.code === 'ENOENT' || err.code === 'EISDIR' ? 404 : 500;
      res.writeHead(entry.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(entry.status === 404 ? 'not found' : String(err));
    }
  });

  await new Promise((ok, ko) => {
    server.once('error', ko);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;

  return {
    url: `http://${host}:${actual}`,
    port: actual,
    requests,
    setOffline(value) {
      offline = Boolean(value);
      if (offline) server.closeIdleConnections?.();
    },
    clearRequests() {
      requests.length = 0;
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

// `node tests/e2e/server.mjs [port]` serves dist/ by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = await startServer({ port: Number(process.argv[2] || 8081) });
  console.log(`serving ${DIST} at ${s.url}`);
}
