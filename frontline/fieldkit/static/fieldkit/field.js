/* Field kit: register the service worker that keeps the field pages for use without network,
   and say whether they are ready. */
(function () {
  "use strict";
  var me = document.getElementById("field-js");
  var state = document.getElementById("offline-state");
  function say(text) {
    if (!state) return;
    state.textContent = text;
    state.hidden = false;
  }
  var offline = state ? state.dataset.offline : "";
  if (!navigator.onLine) say(offline);
  window.addEventListener("offline", function () { say(offline); });
  window.addEventListener("online", function () { if (state) state.hidden = true; });
  if (!me || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(me.dataset.sw, { scope: me.dataset.scope }).catch(function () {
    /* Without a worker the pages still work online. */
  });
})();
