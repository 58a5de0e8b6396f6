// Keeps the holder's card page on the phone. Pages: the network first, the kept copy
// when there is no connection. Styles, scripts and icons: the kept copy first.
"use strict";
var CACHE = "kaikukortti-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kaikukortti-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "keep" || !Array.isArray(data.urls)) {
    return;
  }
  var urls = data.urls.filter(function (url) {
    return typeof url === "string" && new URL(url, self.location.href).origin === self.location.origin;
  });
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(urls);
    }).then(function () {
      if (port) { port.postMessage({ ok: true }); }
    }, function () {
      if (port) { port.postMessage({ ok: false }); }
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        } else if (response.status === 404) {
          // A replaced or unknown link: forget any copy kept of it.
          caches.open(CACHE).then(function (cache) { cache.delete(request); });
        }
        return response;
      }).catch(function () {
        return caches.match(request, { ignoreSearch: true }).then(function (kept) {
          return kept || Response.error();
        });
      })
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(function (kept) {
      return kept || fetch(request);
    })
  );
});
