/* Lantian service worker (version {{ version }}): the air pages offline. */
"use strict";
const CACHE = "lantian-air-{{ version }}";
const SHELL = {{ shell|safe }};
const START = {{ start|safe }};
const NETWORK_FIRST = {{ network_first|safe }};
const STATIC = {{ static_prefix|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("lantian-air-") && key !== CACHE).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    if (request.mode === "navigate") {
      const page = await cache.match(START);
      if (page) return page;
    }
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.searchParams.has("format")) return;
  if (NETWORK_FIRST.some((path) => url.pathname === path || url.pathname.startsWith(path))) {
    event.respondWith(networkFirst(request));
  } else if (SHELL.includes(url.pathname) || url.pathname.startsWith(STATIC)) {
    event.respondWith(cacheFirst(request));
  }
});
