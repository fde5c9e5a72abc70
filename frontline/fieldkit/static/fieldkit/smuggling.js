/* Trafficking or smuggling in the browser, for use without network: the same comparison as
   frontline/fieldkit/smuggling.py on the same criteria (content/fieldkit/smuggling.yaml, served
   in /field/screening.json); tests/smuggling_cases.json is run through both. */
(function (root) {
  "use strict";

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function holds(when, rows) {
    var leaning = rows.map(function (r) { return r.leans; })
      .filter(function (l) { return l !== "neither"; });
    if (has(when, "any_leans") && leaning.indexOf(when.any_leans) < 0) return false;
    if (has(when, "all_leans")) {
      if (leaning.some(function (l) { return l !== when.all_leans; })) return false;
      if (leaning.length < parseInt(has(when, "min") ? when.min : 1, 10)) return false;
    }
    var given = {};
    rows.forEach(function (r) { given[r.id] = r.answer; });
    var answers = when.answers || {};
    return Object.keys(answers).every(function (c) {
      return answers[c].indexOf(given[c]) >= 0;
    });
  }

  function compare(criteria, answers) {
    var rows = [];
    (criteria.criteria || []).forEach(function (criterion) {
      var options = {};
      (criterion.answers || []).forEach(function (a) { options[a.id] = a; });
      var wanted = has(answers, criterion.id) ? answers[criterion.id] : "unknown";
      var chosen = has(options, wanted) ? options[wanted] : (options.unknown || null);
      if (!chosen) return;
      rows.push({
        id: criterion.id,
        label: criterion.label || "",
        question: criterion.question || "",
        answer: chosen.id,
        answer_label: chosen.label || "",
        leans: chosen.leans || "neither",
        explain: chosen.explain || ""
      });
    });
    var outcome = null;
    var outcomes = criteria.outcomes || [];
    for (var i = 0; i < outcomes.length; i++) {
      if (holds(outcomes[i].when || {}, rows)) { outcome = outcomes[i]; break; }
    }
    return { rows: rows, outcome: outcome, source: criteria.source || "" };
  }

  var api = { compare: compare };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.FrontlineSmuggling = api;
  }
})(typeof self !== "undefined" ? self : this);
