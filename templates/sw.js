// Service worker of the knowledge base: after a first visit every page,
// style sheet, script and the search index are kept in the browser, so the
// site also works without a connection. Each build writes its own version
// below; a new version installs a fresh cache and removes the old one.
"use strict";
const MANIFEST = __KB_MANIFEST__;
const CACHE = "kb-" + MANIFEST.version;

// Each file is added on its own: a file one host does not serve (or a
// deploy left out) is simply not kept offline, and never stops the rest.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.allSettled(MANIFEST.files.map((f) => cache.add(f))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("kb-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) {
    return;
  }
  if (req.mode === "navigate") {
    // Pages: the network first, so a connected reader sees the newest
    // text; the cache when there is no connection.
    event.respondWith(
      fetch(req).catch(() =>
        caches.match(req, { ignoreSearch: true }).then((hit) => hit || caches.match(MANIFEST.notFound))
      )
    );
    return;
  }
  // Everything else is versioned by the cache: the cache first.
  event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
});
