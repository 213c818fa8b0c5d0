// sw.js — the site's service worker: after one visit the whole site (page, engine, demo data) is in a
// cache named after the build, so it works offline. A new build installs its own cache in full,
// takes over, and deletes the old ones. web/tools/make-sw.mjs writes BUILD and FILES at build time.
const BUILD = 'dev';
const FILES = [];
// One site per scope: two copies under different paths of one host keep their own caches.
const PREFIX = `cnnlab ${self.registration.scope} `;
const CACHE = `${PREFIX}${BUILD}`;

// Headers a static host may not send, added to the same-origin responses this worker serves. The
// engine worker's script gets the page's Content-Security-Policy: a <meta> policy does not reach a
// worker, a header does. (A threaded engine would add Cross-Origin-Opener/Embedder-Policy to
// documents here.)
const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: data:; object-src 'none'";

function extraHeaders(request) {
  return request.destination === 'worker' ? { 'Content-Security-Policy': WORKER_CSP } : {};
}

function withHeaders(request, response) {
  const extra = Object.entries(extraHeaders(request));
  if (!extra.length || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of extra) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(['./', ...FILES]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  })());
});

// The site's own files come from the cache (it is exactly this build); any other request is left to
// the browser, as if there were no service worker.
const OWN = new Set(['./', ...FILES].map((f) => new URL(f, self.registration.scope).href));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.mode === 'navigate') url.search = '';
  if (request.method !== 'GET' || !OWN.has(url.href)) return;
  event.respondWith((async () => {
    const hit = await (await caches.open(CACHE)).match(url.href);
    return withHeaders(request, hit ?? (await fetch(request)));
  })());
});
