// Live runs: count the vote's seconds down between polls (the server's figure wins at each swap).
(function () {
  "use strict";
  var timer = null;
  function tick() {
    var left = document.querySelectorAll("[data-seconds-left]");
    for (var i = 0; i < left.length; i++) {
      var n = parseInt(left[i].textContent, 10);
      if (n > 0) { left[i].textContent = String(n - 1); }
    }
  }
  function start() {
    if (timer === null) { timer = window.setInterval(tick, 1000); }
  }
  document.addEventListener("DOMContentLoaded", start);
})();
