// 网格通's service worker: the app shell (index.html, the hashed JS/CSS, icons, manifest) kept in the
// phone's cache so the app opens in a field without signal. Written by hand (no CDN, no build plugin);
// scripts/sw-manifest.mjs fills in PRECACHE and VERSION after each build, so a new build is a new
// worker that fetches the new shell and drops the old one. /api/ is never touched here: reads and
// writes go through the app's own IndexedDB cache and outbox, which know about sessions and conflicts.
const VERSION = "dev";
const PRECACHE = [];
const CACHE = `fq-field-${VERSION}`;
const SHELL = "/g/index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("fq-field-") && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith("/g/")) return;
  if (req.mode === "navigate") {
    // Any /g/… page is the one app: the shell from the cache at once (a weak network does not hold
    // the worker up), the network only when the cache is empty.
    event.respondWith(caches.match(SHELL).then((hit) => hit || fetch(req)));
    return;
  }
  event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
});
