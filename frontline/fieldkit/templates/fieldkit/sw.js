/* Frontline field kit service worker (served by /field/sw.js, scope /field/).
   Saves the field pages, the phrase sheets, the cards, the catalogue and the screening rules
   when the kit is opened, then answers from the network when there is one and from the saved
   copy when there is not. Screening results are posted, never saved. */
"use strict";
var VERSION = "{{ version }}-{{ language|default:'en' }}";
var CACHE = "frontline-field-" + VERSION;
var URLS = {{ urls_json|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // One at a time: the server sees one more page view, not forty at once.
      return URLS.reduce(function (previous, url) {
        return previous.then(function () {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            // A redirect means the session ended (login page): do not save that as the page.
            if (response.ok && !response.redirected) return cache.put(url, response);
            return null;
          }).catch(function () { return null; });
        });
      }, Promise.resolve());
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("frontline-field-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function saved(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      // A page opened with answers in the address (from the phrase sheet) or with a filter
      // falls back to the saved page without them; its script applies the answers.
      return hit || cache.match(request, { ignoreSearch: true });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (URLS.indexOf(url.pathname) < 0 && url.pathname.indexOf("{{ scope }}") !== 0) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected && URLS.indexOf(url.pathname) >= 0 && !url.search) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return saved(request).then(function (hit) {
        return hit || new Response("Offline and not saved on this device.", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
        });
      });
    })
  );
});
