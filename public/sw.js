// Praxis service worker: keeps the app shell so the installed app starts with no network.
// Data never passes through here: records live in IndexedDB. Requests to /api/ are not cached.
//
// - Navigations: network first (so an update shows up when online), cached index.html offline.
// - Files whose name carries a build hash (name-<hex>): cache first; they never change.
// - Other same-origin files (icons, manifest): cached copy at once, refreshed in the background.
const CACHE = "praxis-shell-v1";
const SHELL = ["/", "/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png"];
// Trunk's hash is a u64 in hex without zero padding: usually 16 digits, sometimes fewer.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;

// The build's hashed assets, read from the index.html Trunk wrote (minified or not, in
// attributes or in the loader script).
function assetsOf(html) {
  const paths = html.match(/\/[A-Za-z0-9_.\/-]*-[0-9a-f]{12,16}(?:_bg)?\.(?:js|wasm|css)/g) ?? [];
  return [...new Set(paths)];
}

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) throw new Error(`index.html: ${response.status}`);
  const html = await response.clone().text();
  await cache.put("/", response);
  await cache.addAll([...SHELL.slice(1), ...assetsOf(html)]);
  return html;
}

// Drops hashed files the current index.html no longer refers to (older builds).
async function pruneOldBuilds(html) {
  const keep = new Set(assetsOf(html));
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (HASHED.test(path) && !keep.has(path)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// Keeps the cached shell in step with the build the server just returned.
async function refreshShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put("/", response);
  const missing = [];
  for (const asset of assetsOf(html)) if (!(await cache.match(asset))) missing.push(asset);
  await cache.addAll(missing);
  await pruneOldBuilds(html);
}

async function navigation(event) {
  try {
    const response = await fetch(event.request);
    if (response.ok) event.waitUntil(refreshShell(response.clone()));
    return response;
  } catch (offline) {
    const cached = await caches.match("/");
    if (cached) return cached;
    throw offline;
  }
}

async function hashedAsset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request)
    .then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => cached);
  return cached || fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(navigation(event));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(hashedAsset(request));
  } else {
    event.respondWith(staleWhileRevalidate(request));
  }
});
