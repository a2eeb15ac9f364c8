// Keeps Rampart working offline once it has been loaded: the app's own files are
// cached when the service worker installs; requests go to the network first (so
// an updated app is picked up) and fall back to the cache when there is none.
// Registers never pass through here: they stay in the page and its storage.
const CACHE = 'rampart-app-v1';
const FILES = ['./', 'index.html', 'boot.js', 'rampart_app.js', 'rampart_app_bg.wasm', 'styles/app.css',
  'examples/online-banking.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })),
  );
});
