/* Indicator lists (screening form and catalogue): a search box and a category filter, and on
   the screening form the categories that fit the place and the kind of check moved first.
   Without JavaScript the lists work as plain HTML (the catalogue page filters on the server). */
(function () {
  "use strict";
  var box = document.getElementById("obs-groups");
  // The screening form has its own tools (hidden without JavaScript); the catalogue page
  // filters as you type in its server-side search form.
  var tools = document.getElementById("obs-tools");
  var search = document.getElementById("obs-search") || document.getElementById("q");
  var category = document.getElementById("obs-category") || document.getElementById("category");
  var count = document.getElementById("obs-count");
  if (!box || !search || !category || !count) return;
  var groups = Array.prototype.slice.call(box.querySelectorAll("[data-category]"));
  if (tools) tools.hidden = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var wanted = category.value;
    var shown = 0;
    groups.forEach(function (group) {
      var inGroup = 0;
      var open = !wanted || group.dataset.category === wanted;
      group.querySelectorAll("li").forEach(function (li) {
        var text = fold(li.textContent);
        var hit = open && words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !hit;
        if (hit) inGroup += 1;
      });
      group.hidden = inGroup === 0;
      if (group.tagName === "DETAILS" && (words.length || wanted)) group.open = inGroup > 0;
      shown += inGroup;
    });
    var filtering = words.length > 0 || wanted !== "";
    count.textContent = !filtering ? "" : (shown ? String(shown) + " \u2713" : count.dataset.none);
  }

  // Most relevant categories first: those named by the place, then by the kind of check.
  function reorder() {
    var first = [];
    ["where", "check"].forEach(function (id) {
      var select = document.getElementById(id);
      var option = select && select.options[select.selectedIndex];
      var named = option && option.dataset.first ? option.dataset.first.split(" ") : [];
      named.forEach(function (c) { if (c && first.indexOf(c) < 0) first.push(c); });
    });
    var ordered = groups.slice().sort(function (a, b) {
      var ia = first.indexOf(a.dataset.category);
      var ib = first.indexOf(b.dataset.category);
      ia = ia < 0 ? first.length + groups.indexOf(a) : ia;
      ib = ib < 0 ? first.length + groups.indexOf(b) : ib;
      return ia - ib;
    });
    ordered.forEach(function (group) { box.appendChild(group); });
  }

  search.addEventListener("input", apply);
  category.addEventListener("change", apply);
  ["where", "check"].forEach(function (id) {
    var select = document.getElementById(id);
    if (select && select.options[0] && "first" in select.options[select.options.length - 1].dataset) {
      select.addEventListener("change", reorder);
    }
  });
})();
