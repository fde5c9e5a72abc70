/* Guided screening page: pre-fill answers passed in the address (from the phrase sheet), and
   without network work the result out on the device with screening.js, from the rules and
   catalogue the service worker saved. Online, the form posts to the server as usual. */
(function () {
  "use strict";
  var me = document.getElementById("screening-js");
  var form = document.getElementById("screening-form");
  if (!me || !form) return;
  var kit = null;

  fetch(me.dataset.rules, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) { kit = data; })
    .catch(function () { kit = null; });

  // The saved copy of this page has no pre-filled answers: apply the ones in the address.
  new URLSearchParams(window.location.search).forEach(function (value, name) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) return;
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.value === value) el.checked = true;
      } else if (el.tagName === "SELECT") {
        el.value = value;
      }
    });
  });

  form.addEventListener("submit", function (event) {
    if (navigator.onLine || !kit || !window.FrontlineScreening) return;
    event.preventDefault();
    var data = new FormData(form);
    var kase = { observed: data.getAll("observed"), answers: {} };
    ["where", "check", "gender", "shared_language", "minor"].forEach(function (f) {
      kase[f] = data.get(f) || "";
    });
    (kit.rules.key_questions || []).forEach(function (q) {
      kase.answers[q.id] = data.get(q.id) || "unknown";
    });
    if (!kase.minor) kase.minor = "unknown";
    var engine = new window.FrontlineScreening.Screening(kit.rules, kit.indicators);
    show(engine.evaluate(kase));
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function show(result) {
    var w = kit.words;
    var area = document.getElementById("screening-area");
    var panel = el("article", null, "result-panel");
    panel.setAttribute("aria-labelledby", "result-title");
    var h1 = el("h1", w.result);
    h1.id = "result-title";
    h1.tabIndex = -1;
    panel.appendChild(h1);
    panel.appendChild(el("p", result.statement, "statement"));
    panel.appendChild(el("p", w.offline, "muted"));

    var grounds = el("section", null, "grounds grounds-" + result.level);
    var gh = el("h2", w.grounds + ": ");
    gh.appendChild(el("span", result.level_label, "level"));
    grounds.appendChild(gh);
    if (result.level_reasons.length) {
      var ul = el("ul");
      result.level_reasons.forEach(function (r) { ul.appendChild(el("li", r)); });
      grounds.appendChild(ul);
    }
    panel.appendChild(grounds);

    var actions = el("section");
    actions.appendChild(el("h2", w.actions));
    var ol = el("ol", null, "actions");
    result.actions.forEach(function (a) {
      var li = el("li");
      li.id = "action-" + a.id;
      li.dataset.action = a.id;
      li.appendChild(el("strong", a.text));
      var why = el("p");
      why.appendChild(el("span", w.why, "muted"));
      why.appendChild(document.createTextNode(" " + a.reason));
      li.appendChild(why);
      a.contacts.forEach(function (kind) {
        var entries = kit.contacts[kind] || [];
        if (!entries.length) return;
        var cl = el("ul", null, "contact-list");
        entries.forEach(function (e) {
          var item = el("li", e.name + (e.region ? " (" + e.region + ")" : "") + ": ");
          var tel = el("a", e.phone_display);
          tel.href = "tel:" + e.phone;
          item.appendChild(tel);
          if (e.hours) item.appendChild(document.createTextNode(" · " + e.hours));
          cl.appendChild(item);
        });
        li.appendChild(cl);
      });
      li.appendChild(el("p", w.source + " " + a.source, "source"));
      ol.appendChild(li);
    });
    actions.appendChild(ol);
    panel.appendChild(actions);

    var texts = {};
    result.observations.forEach(function (o) { texts[o.id] = o.text; });
    var elements = el("section");
    elements.appendChild(el("h2", w.elements));
    var dl = el("dl", null, "elements");
    result.elements.forEach(function (e) {
      dl.appendChild(el("dt", w[e.id]));
      var parts = [];
      if (e.not_required) parts.push(w.not_required);
      if (e.supported) {
        parts.push(w.supported + ": " + e.by.map(function (id) { return texts[id]; }).join("; "));
      } else if (!e.not_required) {
        parts.push(w.not_supported);
      }
      dl.appendChild(el("dd", parts.join("; ")));
    });
    elements.appendChild(dl);
    panel.appendChild(elements);

    var ilo = el("section");
    ilo.appendChild(el("h2", w.analysis));
    ilo.appendChild(el("p", result.ilo.note, "muted"));
    var list = el("ul");
    result.ilo.dimensions.forEach(function (d) {
      list.appendChild(el("li", d.label + ": " + d.strong + " " + w.strong + ", " + d.medium + " " +
        w.medium + ", " + d.weak + " " + w.weak + " — " + (d.reached ? w.reached : w.not_reached)));
    });
    ilo.appendChild(list);
    ilo.appendChild(el("p", result.ilo.met ? w.met :
      w.not_met + " " + result.ilo.missing.map(function (g) { return w[g]; }).join(", ") + "."));
    panel.appendChild(ilo);

    var again = el("a", w.again, "button");
    again.href = form.getAttribute("action");
    var p = el("p");
    p.appendChild(again);
    panel.appendChild(p);

    area.replaceChildren(panel);
    h1.focus();
  }
})();
