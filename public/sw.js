// Praxis service worker: keeps the app shell so the installed app starts with no network.
// Data never passes through here: records live in IndexedDB. Requests to /api/ are not cached.
//
// - Navigations: network first (so an update shows up when online), cached index.html offline.
// - Files whose name carries a build hash (name-<hex>): cache first; they never change. So is
//   the guidance, which is refreshed with each new shell.
// - Other same-origin files (icons, manifest): cached copy at once, refreshed in the background.
const CACHE = "praxis-shell-v1";
const SHELL = ["/", "/manifest.webmanifest", "/icons/icon.svg", "/icons/icon-192.png"];
// Guidance for the built-in frameworks, fetched by the app when an item is opened (the list is
// GUIDANCE_FILES in crates/core/src/framework/guidance.rs; a core test keeps the two in step).
const GUIDANCE = [
  "/content/guidance/iso20000-1-2018.json",
  "/content/guidance/iso27001-2022-clauses.json",
  "/content/guidance/iso27001-2022-annex-a-5.json",
  "/content/guidance/iso27001-2022-annex-a-6-8.json",
];
// Trunk's hash is a u64 in hex without zero padding: usually 16 digits, sometimes fewer.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;

// The build's hashed assets, read from the index.html Trunk wrote (minified or not, in
// attributes or in the loader script).
function assetsOf(html) {
  const paths = html.match(/\/[A-Za-z0-9_.\/-]*-[0-9a-f]{12,16}(?:_bg)?\.(?:js|wasm|css)/g) ?? [];
  return [...new Set(paths)];
}

const isApi = (path) => path === "/api" || path.startsWith("/api/");

// The paths the server answers with index.html (crates/server/src/assets.rs): no extension in
// the last segment, not the API. A file (manifest, icon, a build output) is never the shell.
function isAppRoute(path) {
  return !isApi(path) && !path.slice(path.lastIndexOf("/") + 1).includes(".");
}

// Only a real index.html may become the shell: a captive portal or error page is HTML too.
function isShell(response, html) {
  const type = response.headers.get("content-type") ?? "";
  return response.ok && /^text\/html\b/i.test(type) && assetsOf(html).length > 0;
}

// Stores a new index.html as the shell, but only once every asset it needs is cached: if one
// fails, this throws and the old shell (and its assets) stay. Older builds go last.
async function storeShell(response) {
  const html = await response.clone().text();
  if (!isShell(response, html)) throw new Error(`not an app shell: ${response.status}`);
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const asset of assetsOf(html)) if (!(await cache.match(asset))) missing.push(asset);
  // A new build may bring new guidance: fetch it with a changed shell, so it never lags a build
  // behind (and is there offline before anyone has opened an item).
  const previous = await cache.match("/");
  const changed = !previous || (await previous.text()) !== html;
  for (const path of GUIDANCE) {
    if (changed || !(await cache.match(path))) missing.push(new Request(path, { cache: "no-cache" }));
  }
  await cache.addAll(missing);
  await cache.put("/", response);
  await pruneOldBuilds(html);
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

async function install() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL.slice(1));
  await storeShell(await fetch("/", { cache: "no-cache" }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function navigation(event, path) {
  const appRoute = isAppRoute(path);
  try {
    const response = await fetch(event.request);
    // Keeps the cached shell in step with the build the server just returned; a failure
    // leaves the old shell, which still works.
    if (appRoute && response.ok) {
      event.waitUntil(storeShell(response.clone()).catch((e) => console.warn("praxis sw:", e)));
    }
    return response;
  } catch (offline) {
    // A file opened in a tab gets its own cached copy, if any, never the shell.
    const cached = await caches.match(appRoute ? "/" : event.request);
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirst(request) {
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
  if (isApi(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(navigation(event, url.pathname));
  } else if (HASHED.test(url.pathname) || GUIDANCE.includes(url.pathname)) {
    // Guidance changes only with a new shell, which refreshes it (storeShell).
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(request));
  }
});
