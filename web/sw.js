// sw.js — the site's service worker (registered by coi.js). Its one job so far: make the page
// cross-origin isolated on hosts that cannot send the headers themselves (most static hosts), so
// that the engine worker may load the threaded engine (engine-mt/, which needs SharedArrayBuffer).
// Every same-origin response passes through unchanged except for three added headers:
//   Cross-Origin-Opener-Policy: same-origin      the page gets its own browsing-context group
//   Cross-Origin-Embedder-Policy: require-corp   it may only embed resources that opt in…
//   Cross-Origin-Resource-Policy: same-origin    …which every file of this site then does.
// The page loads nothing from other origins (photos arrive as files and blob: URLs). A later
// change can add offline caching in the fetch handler; keep the headers on cached responses too.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;  // the browser handles it
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;  // would throw
  event.respondWith(fetch(request).then(isolated));
});

function isolated(response) {
  if (response.status === 0) return response;  // opaque: headers cannot be changed
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
