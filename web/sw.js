// sw.js — the site's service worker (registered by main.js once the engine is up), with two jobs:
// 1. Offline: after one visit the whole site (page, engine, demo data) is in a cache named after the
//    build, so it works offline. A new build installs its own cache in full, takes over, and
//    deletes the old ones. web/tools/make-sw.mjs writes BUILD and FILES at build time.
// 2. Headers a static host may not send, added to every same-origin response it serves:
//    Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp make the
//    page cross-origin isolated from the next visit on (isolation is fixed when a page loads; the
//    page never reloads itself), so the engine worker may load the threaded engine (engine-mt/,
//    which needs SharedArrayBuffer); Cross-Origin-Resource-Policy: same-origin lets every file of
//    the site be embedded under that policy. The engine worker's script also gets the page's
//    Content-Security-Policy: a <meta> policy does not reach a worker, a header does.
// The page loads nothing from other origins (photos arrive as files and blob: URLs).
const BUILD = 'dev';
const FILES = [];
// One site per scope: two copies under different paths of one host keep their own caches.
const PREFIX = `cnnlab ${self.registration.scope} `;
const CACHE = `${PREFIX}${BUILD}`;

const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' blob: data:; object-src 'none'";

function extraHeaders(request) {
  const isolation = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  return request.destination === 'worker' ? { ...isolation, 'Content-Security-Policy': WORKER_CSP } : isolation;
}

function withHeaders(request, response) {
  if (response.type === 'opaque' || response.status === 0) return response;  // headers cannot be changed
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(extraHeaders(request))) headers.set(name, value);
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
    await self.clients.claim();
  })());
});

// The site's own files come from the cache (it is exactly this build); other same-origin requests
// go to the network; both get the headers above. Other origins are left to the browser.
const OWN = new Set(['./', ...FILES].map((f) => new URL(f, self.registration.scope).href));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== 'GET') return;
  if (request.mode === 'navigate') url.search = '';
  const own = OWN.has(url.href);
  // fetch() throws on this combination (a reload while offline may ask for it): the cache answers it.
  if (!own && request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith((async () => {
    const hit = own ? (await (await caches.open(CACHE)).match(url.href)) ?? (await caches.match(url.href)) : undefined;
    return withHeaders(request, hit ?? (await fetch(request)));
  })());
});
