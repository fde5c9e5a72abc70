/* Trafficking-or-smuggling page: without network, compare on the device with smuggling.js from
   the criteria the service worker saved. Online, the form posts to the server as usual. */
(function () {
  "use strict";
  var me = document.getElementById("smuggling-js");
  var form = document.getElementById("smuggling-form");
  if (!me || !form) return;
  var kit = null;
  fetch(me.dataset.rules, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) { kit = data; })
    .catch(function () { kit = null; });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine || !kit || !window.FrontlineSmuggling) return;
    event.preventDefault();
    var data = new FormData(form);
    var answers = {};
    (kit.smuggling.criteria || []).forEach(function (c) {
      answers[c.id] = data.get(c.id) || "unknown";
    });
    var result = window.FrontlineSmuggling.compare(kit.smuggling, answers);
    var w = kit.words;
    var panel = el("section", null, "result-panel outcome-" + result.outcome.id);
    var h2 = el("h2", result.outcome.title);
    h2.tabIndex = -1;
    panel.appendChild(h2);
    panel.appendChild(el("p", result.outcome.explain));
    panel.appendChild(el("p", w.offline, "muted"));
    if (result.outcome.next === "screening") {
      var go = el("a", w.to_screening, "button");
      go.href = me.dataset.screening;
      var p = el("p");
      p.appendChild(go);
      panel.appendChild(p);
    }
    panel.appendChild(el("h3", w.your_answers));
    var dl = el("dl", null, "criteria");
    result.rows.forEach(function (r) {
      var dt = el("dt", r.label + ": " + r.answer_label + " ");
      dt.appendChild(el("span", w["lean_" + r.leans], "lean lean-" + r.leans));
      dl.appendChild(dt);
      dl.appendChild(el("dd", r.explain));
    });
    panel.appendChild(dl);
    panel.appendChild(el("p", w.source + " " + result.source, "source"));
    var area = document.getElementById("smuggling-area");
    var title = area.querySelector("h1");
    area.replaceChildren(title, panel);
    h2.focus();
  });
})();
