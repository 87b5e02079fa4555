// Service worker of the knowledge base: after a first visit every page,
// style sheet and script is kept in the browser, so the site also works
// without a connection. Search is not kept for everyone: its files (the
// engine, the index, the reader's pieces) are kept as they are fetched,
// and all of them after the "ook offline zoeken" choice on the search page.
// Each build writes its own version below; a new version installs a fresh
// cache and removes the old one.
"use strict";
const MANIFEST = __KB_MANIFEST__;
const CACHE = "kb-" + MANIFEST.version;
const SEARCH = new Set(MANIFEST.search);
// CHOICE marks, in the cache, that this browser chose to search offline:
// a new version then keeps all of search again when it installs.
const CHOICE = new URL("ook-offline-zoeken", self.registration.scope).href;

// Each file is added on its own: a file one host does not serve (or a
// deploy left out) is simply not kept offline, and never stops the rest.
function keep(cache, files) {
  return Promise.allSettled(files.map((f) => cache.add(f)));
}

// The pages come in one pack (URL → HTML); when the host does not serve
// it, one by one.
function keepPages(cache) {
  if (!MANIFEST.pack) {
    return Promise.resolve();
  }
  return fetch(MANIFEST.pack)
    .then((r) => {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    })
    .then((pages) => Promise.all(Object.keys(pages).map((url) =>
      cache.put(url, new Response(pages[url], { headers: { "Content-Type": "text/html; charset=utf-8" } })))))
    .catch(() => keep(cache, MANIFEST.pages));
}

// keepSearch keeps every file of search and marks the choice; it answers
// how many files could not be fetched.
function keepSearch(cache) {
  return keep(cache, MANIFEST.search)
    .then((all) => cache.put(CHOICE, new Response("ja")).then(() => all.filter((r) => r.status === "rejected").length));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all([keep(cache, MANIFEST.static), keepPages(cache)])
        .then(() => caches.match(CHOICE))
        .then((chosen) => chosen && keepSearch(cache)))
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

// The search page asks: {zoeken: "aan"} keeps all of search, {zoeken:
// "uit"} lets it go, {zoeken: "stand"} asks whether it is kept. The answer
// goes back on the message's port: {aan: bool, mislukt: number}.
self.addEventListener("message", (event) => {
  const ask = event.data && event.data.zoeken;
  const port = event.ports && event.ports[0];
  if (!ask || !port) {
    return;
  }
  const done = caches.open(CACHE).then((cache) => {
    if (ask === "aan") {
      return keepSearch(cache).then((failed) => ({ aan: failed === 0, mislukt: failed }));
    }
    if (ask === "uit") {
      return cache.keys()
        .then((reqs) => Promise.all(reqs.filter((r) => r.url === CHOICE || SEARCH.has(new URL(r.url).pathname)).map((r) => cache.delete(r))))
        .then(() => ({ aan: false, mislukt: 0 }));
    }
    return cache.match(CHOICE).then((hit) => ({ aan: !!hit, mislukt: 0 }));
  });
  event.waitUntil(done.then((answer) => port.postMessage(answer), () => port.postMessage({ aan: false, mislukt: -1 })));
});

// A byte range of a file of search: cut from the whole file when the cache
// has it, else from the network, kept under its own key so the same query
// finds it again offline.
function searchRange(req, range) {
  const m = range.match(/^bytes=(\d+)-(\d*)$/);
  const url = new URL(req.url);
  url.hash = "";
  const past = req.cache === "reload" || req.cache === "no-cache" || req.cache === "no-store";
  return caches.open(CACHE).then((cache) => (past ? Promise.resolve(undefined) : cache.match(url.href)).then((whole) => {
    if (whole && m) {
      return whole.arrayBuffer().then((buf) => {
        const start = Number(m[1]);
        const end = Math.min(m[2] === "" ? buf.byteLength - 1 : Number(m[2]), buf.byteLength - 1);
        if (start > end) {
          return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + buf.byteLength } });
        }
        return new Response(buf.slice(start, end + 1), {
          status: 206,
          headers: {
            "Content-Range": "bytes " + start + "-" + end + "/" + buf.byteLength,
            "Content-Length": String(end - start + 1),
            "Content-Type": whole.headers.get("Content-Type") || "application/octet-stream",
          },
        });
      });
    }
    // Kept as a whole response of its own: the Cache API stores no 206.
    const keyReq = new Request(url.href + (url.search ? "&" : "?") + "kb-bereik=" + encodeURIComponent(range));
    return (past ? Promise.resolve(undefined) : cache.match(keyReq)).then((hit) => {
      if (hit) {
        return hit.arrayBuffer().then((buf) => new Response(buf, { status: 206, headers: { "Content-Range": hit.headers.get("X-Content-Range") || "", "Content-Type": hit.headers.get("Content-Type") || "application/octet-stream" } }));
      }
      return fetch(req).then((res) => {
        if (res.status === 206) {
          const copy = res.clone();
          copy.arrayBuffer().then((buf) => cache.put(keyReq, new Response(buf, { headers: {
            "X-Content-Range": copy.headers.get("Content-Range") || "",
            "Content-Type": copy.headers.get("Content-Type") || "application/octet-stream",
          } }))).catch(() => {});
        }
        return res;
      });
    });
  }));
}

// A whole file of search: the cache first (a version's files never
// change), else the network, kept for the next time.
// A request that asks past the caches (the search page does after a
// broken piece) goes to the network and replaces what was kept.
function searchFile(req) {
  return caches.open(CACHE).then((cache) => {
    const fromNetwork = () => fetch(req).then((res) => {
      if (res.ok && res.status === 200) {
        cache.put(req.url, res.clone()).catch(() => {});
      }
      return res;
    });
    if (req.cache === "reload" || req.cache === "no-cache" || req.cache === "no-store") {
      return fromNetwork();
    }
    return cache.match(req.url).then((hit) => hit || fromNetwork());
  });
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (req.mode === "navigate") {
    // Pages: the network first, so a connected reader sees the newest
    // text; the cache when there is no connection. A page not in the pack
    // (a large site) is kept once visited.
    event.respondWith(
      fetch(req).then((res) => {
        if (res.ok && res.status === 200 && !MANIFEST.pack) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(url.origin + url.pathname, copy)).catch(() => {});
        }
        return res;
      }).catch(() =>
        caches.match(req, { ignoreSearch: true }).then((hit) => hit || caches.match(MANIFEST.notFound))
      )
    );
    return;
  }
  if (SEARCH.has(url.pathname)) {
    const range = req.headers.get("Range");
    event.respondWith(range ? searchRange(req, range) : searchFile(req));
    return;
  }
  // Everything else is versioned by the cache: the cache first.
  event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
});
