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
    ["where", "check", "persons", "present", "gender", "shared_language", "minor"].forEach(
      function (f) { kase[f] = data.get(f) || ""; });
    (kit.rules.key_questions || []).forEach(function (q) {
      kase.answers[q.id] = data.get(q.id) || "unknown";
    });
    if (!kase.minor) kase.minor = "unknown";
    var engine = new window.FrontlineScreening.Screening(kit.rules, kit.indicators);
    show(engine.evaluate(kase), kase);
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // The same filter as presentation.entries_serving on the server.
  function serving(kind, serves) {
    var entries = kit.contacts[kind] || [];
    if (!serves.length) return entries;
    return entries.filter(function (e) {
      return (e.serves || []).some(function (who) { return serves.indexOf(who) >= 0; });
    });
  }

  function contactList(entries) {
    var cl = el("ul", null, "contact-list");
    entries.forEach(function (e) {
      var item = el("li", e.name + (e.region ? " (" + e.region + ")" : "") + ": ");
      var tel = el("a", e.phone_display);
      tel.href = "tel:" + e.phone;
      item.appendChild(tel);
      if (e.hours) item.appendChild(document.createTextNode(" · " + e.hours));
      cl.appendChild(item);
    });
    return cl;
  }

  function cardLink(id, w) {
    var card = kit.cards[id];
    if (!card) return null;
    var a = el("a", w.card + " " + card.title, "card-link");
    a.href = card.url;
    return a;
  }

  function fold(summary, children) {
    var details = el("details", null, "fold");
    details.appendChild(el("summary", summary));
    children.forEach(function (c) { details.appendChild(c); });
    return details;
  }

  function textsOf(ids, texts) {
    return ids.map(function (id) { return texts[id]; }).join("; ");
  }

  function show(result, kase) {
    var w = kit.words;
    var texts = {};
    result.observations.forEach(function (o) { texts[o.id] = o.text; });
    var area = document.getElementById("screening-area");
    var panel = el("article", null, "result-panel");
    panel.setAttribute("aria-labelledby", "result-title");
    if (result.child_warning) {
      var warn = el("p", result.child_warning, "child-warning");
      warn.setAttribute("role", "alert");
      panel.appendChild(warn);
    }
    var grounds = el("section", null, "grounds grounds-" + result.level);
    var h1 = el("h1");
    h1.id = "result-title";
    h1.tabIndex = -1;
    h1.appendChild(el("span", w.grounds + ":", "muted grounds-word"));
    h1.appendChild(document.createTextNode(" "));
    h1.appendChild(el("span", result.level_label, "level"));
    grounds.appendChild(h1);
    if (result.forms.length) {
      grounds.appendChild(el("p", w.points_to + " " +
        result.forms.map(function (f) { return f.label; }).join(", "), "forms"));
    }
    panel.appendChild(grounds);

    var first = el("section", null, "first-actions");
    first.appendChild(el("h2", w.first));
    var fol = el("ol");
    result.actions.slice(0, result.first).forEach(function (a) {
      var li = el("li", a.text + " ");
      li.dataset.first = a.id;
      var card = kit.cards[a.card];
      if (card) {
        var short = el("a", w.card_short, "card-link");
        short.href = card.url;
        short.title = card.title;
        li.appendChild(short);
      }
      fol.appendChild(li);
    });
    first.appendChild(fol);
    panel.appendChild(first);

    if (result.calls.length) {
      var calls = el("section", null, "calls");
      calls.appendChild(el("h2", w.call));
      var cl = el("ul", null, "contact-list");
      result.calls.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("span", kit.kinds[c.kind] || c.kind, "muted"));
        var entries = serving(c.kind, c.serves);
        if (!entries.length) li.appendChild(el("p", w.none_serving));
        else li.appendChild(contactList(entries));
        cl.appendChild(li);
      });
      calls.appendChild(cl);
      panel.appendChild(calls);
    }
    panel.appendChild(el("p", result.statement, "statement"));
    panel.appendChild(el("p", w.offline, "muted"));

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
      var entries = [];
      a.contacts.forEach(function (kind) { entries = entries.concat(serving(kind, a.serves)); });
      if (entries.length) li.appendChild(contactList(entries));
      else if (a.contacts.length) li.appendChild(el("p", w.none_serving, "muted"));
      var source = el("p", w.source + " " + a.source, "source");
      var link = cardLink(a.card, w);
      if (link) { source.appendChild(document.createTextNode(" · ")); source.appendChild(link); }
      li.appendChild(source);
      ol.appendChild(li);
    });
    panel.appendChild(fold(w.all_actions + " (" + result.actions.length + ")", [ol]));

    var why = [];
    var reasons = el("ul");
    result.level_reasons.forEach(function (r) { reasons.appendChild(el("li", r)); });
    why.push(reasons);
    if (result.decisive.length) {
      why.push(el("h3", w.decisive));
      var dl = el("ul");
      result.decisive.forEach(function (d) { dl.appendChild(el("li", d.text + " " + d.why)); });
      why.push(dl);
    }
    why.push(el("h3", w.counter));
    var counter = el("ul", null, "counter");
    result.counter.forEach(function (c) { counter.appendChild(el("li", c.text)); });
    why.push(counter);
    if (result.counter_note) why.push(el("p", result.counter_note, "muted"));
    panel.appendChild(fold(w.why_level, why));

    var dlist = el("dl", null, "elements");
    result.elements.forEach(function (e) {
      dlist.appendChild(el("dt", w[e.id]));
      var parts = [];
      if (e.not_required) parts.push(w.not_required);
      if (e.supported) parts.push(w.supported + ": " + textsOf(e.by, texts));
      else if (!e.not_required) parts.push(w.not_supported);
      dlist.appendChild(el("dd", parts.join("; ")));
    });
    panel.appendChild(fold(w.elements, [dlist]));

    var list = el("ul");
    result.ilo.dimensions.forEach(function (d) {
      list.appendChild(el("li", d.label + ": " + d.strong + " " + w.strong + ", " + d.medium + " " +
        w.medium + ", " + d.weak + " " + w.weak + " — " + (d.reached ? w.reached : w.not_reached)));
    });
    panel.appendChild(fold(w.analysis, [
      el("p", result.ilo.note, "muted"), list,
      el("p", result.ilo.met ? w.met : w.not_met + " " +
        result.ilo.missing.map(function (g) { return w[g]; }).join(", ") + ".")
    ]));

    var links = el("p", null, "result-links");
    var again = el("a", w.again, "button");
    again.href = form.getAttribute("action");
    links.appendChild(again);
    if (kase.persons === "group") {
      var params = new URLSearchParams();
      ["where", "check", "present", "shared_language"].forEach(function (f) {
        if (kase[f]) params.append(f, kase[f]);
      });
      params.append("persons", "group");
      var shared = {};
      kit.indicators.forEach(function (i) {
        if (kit.group_categories.indexOf(i.category) >= 0) shared[i.id] = true;
      });
      kase.observed.forEach(function (id) { if (shared[id]) params.append("observed", id); });
      var next = el("a", w.next_in_group, "button-secondary");
      next.href = form.getAttribute("action") + "?" + params.toString();
      next.dataset.nextInGroup = "";
      links.appendChild(document.createTextNode(" "));
      links.appendChild(next);
    }
    panel.appendChild(links);

    area.replaceChildren(panel);
    h1.focus();
  }
})();
