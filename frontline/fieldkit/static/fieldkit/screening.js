/* The field-kit screening in the browser, for use without network. It is the same logic as
   frontline/fieldkit/screening.py, reading the same rules and catalogue (served as JSON by
   /field/screening.json); both are checked against frontline/fieldkit/tests/cases.json, so
   change them together. No DOM here: field-screening.js draws the result. */
(function (root) {
  "use strict";

  var ELEMENTS = ["act", "means", "purpose"];
  var STRENGTHS = ["strong", "medium", "weak"];
  var CONTEXT_FIELDS = ["where", "check", "gender", "shared_language"];
  var LIST_FIELDS = ["level", "minor"].concat(CONTEXT_FIELDS);

  function asList(value) {
    if (Array.isArray(value)) return value.map(String);
    if (value === undefined || value === null || value === "") return [];
    return [String(value)];
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function sortedKeys(obj) {
    return Object.keys(obj).sort();
  }

  function Screening(rules, indicators) {
    this.rules = rules;
    this.indicators = {};
    this.questions = {};
    this.questionOrder = [];
    var self = this;
    indicators.forEach(function (i) { self.indicators[String(i.id)] = i; });
    (rules.key_questions || []).forEach(function (q) {
      if (!has(self.questions, String(q.id))) self.questionOrder.push(String(q.id));
      self.questions[String(q.id)] = q;
    });
  }

  Screening.prototype.observations = function (kase) {
    var found = {};
    var unknown = {};
    var self = this;
    asList(kase.observed).forEach(function (key) {
      var indicator = has(self.indicators, key) ? self.indicators[key] : null;
      if (!indicator) { unknown[key] = true; return; }
      found[key] = {
        id: key,
        text: indicator.text || "",
        category: indicator.category || "",
        element: indicator.element || "",
        dimension: indicator.dimension || "",
        strength: indicator.strength || "weak",
        forms: (indicator.forms || []).slice()
      };
    });
    var answers = kase.answers || {};
    this.questionOrder.forEach(function (qid) {
      var question = self.questions[qid];
      var answer = String(has(answers, qid) ? answers[qid] : "unknown");
      var effects = question.effects || {};
      var effect = has(effects, answer) ? effects[answer] : null;
      if (!effect) return;
      var key = qid + "=" + answer;
      found[key] = {
        id: key,
        text: has(effect, "note") ? effect.note : (question.text || ""),
        category: "key_question",
        element: effect.element || "",
        dimension: effect.dimension || "",
        strength: effect.strength || "weak",
        forms: (effect.forms || []).slice()
      };
    });
    return [sortedKeys(found).map(function (k) { return found[k]; }), sortedKeys(unknown)];
  };

  Screening.prototype.evaluate = function (kase) {
    var minor = String(kase.minor || "unknown");
    var pair = this.observations(kase);
    var observations = pair[0];
    var elements = elementRows(observations, minor);
    var ilo = this.ilo(observations, minor);
    var supported = elements.filter(function (e) { return e.supported; }).length;
    var grounds = this.grounds(observations, minor, ilo.met, supported);
    var answers = {};
    var given = kase.answers || {};
    this.questionOrder.forEach(function (q) {
      answers[q] = String(has(given, q) ? given[q] : "unknown");
    });
    var facts = { level: grounds[0], minor: minor, answers: answers, forms: {}, categories: {} };
    CONTEXT_FIELDS.forEach(function (f) { facts[f] = String(kase[f] || ""); });
    observations.forEach(function (o) {
      o.forms.forEach(function (f) { facts.forms[f] = true; });
      facts.categories[o.category] = true;
    });
    var rules = this.rules.grounds || {};
    var labels = rules.labels || {};
    return {
      statement: this.rules.statement || "",
      level: grounds[0],
      level_label: has(labels, grounds[0]) ? labels[grounds[0]] : grounds[0],
      level_reasons: grounds[1],
      score: grounds[2],
      minor: minor,
      observations: observations,
      unknown: pair[1],
      elements: elements,
      ilo: ilo,
      actions: this.actions(facts)
    };
  };

  function elementRows(observations, minor) {
    return ELEMENTS.map(function (element) {
      var by = observations.filter(function (o) { return o.element === element; })
        .map(function (o) { return o.id; });
      return { id: element, supported: by.length > 0, by: by,
               not_required: element === "means" && minor === "yes" };
    });
  }

  Screening.prototype.ilo = function (observations, minor) {
    var combinations = this.rules.combinations || [];
    var reachedGroups = {};
    var dimensions = (this.rules.dimensions || []).map(function (dimension) {
      var by = observations.filter(function (o) { return o.dimension === dimension.id; });
      var counts = {};
      STRENGTHS.forEach(function (s) {
        counts[s] = by.filter(function (o) { return o.strength === s; }).length;
      });
      var reached = combinations.some(function (combo) {
        return Object.keys(combo).every(function (s) {
          return (counts[s] || 0) >= parseInt(combo[s], 10);
        });
      });
      var group = dimension.group || "";
      reachedGroups[group] = (reachedGroups[group] || false) || reached;
      return { id: dimension.id, label: dimension.label || dimension.id, group: group,
               strong: counts.strong, medium: counts.medium, weak: counts.weak,
               reached: reached, by: by.map(function (o) { return o.id; }) };
    });
    var analysis = this.rules.analysis || {};
    var required = (analysis[minor === "yes" ? "child" : "adult"] || []).slice();
    var missing = required.filter(function (g) { return !reachedGroups[g]; });
    return {
      dimensions: dimensions,
      groups: required.map(function (g) { return { id: g, reached: reachedGroups[g] || false }; }),
      required: required,
      missing: missing,
      met: required.length > 0 && missing.length === 0,
      note: analysis.note || ""
    };
  };

  Screening.prototype.grounds = function (observations, minor, iloMet, supported) {
    var grounds = this.rules.grounds || {};
    var weights = grounds.weights || {};
    var score = 0;
    var strong = 0;
    observations.forEach(function (o) {
      score += parseInt(weights[o.strength] || 0, 10);
      if (o.strength === "strong") strong += 1;
    });
    var levels = ["act", "alert"];
    for (var i = 0; i < levels.length; i++) {
      var reasons = (grounds[levels[i]] || []).filter(function (rule) {
        return groundsRuleHolds(rule.when || {}, score, strong, supported, minor, iloMet);
      }).map(function (rule) { return rule.reason || ""; });
      if (reasons.length) return [levels[i], reasons, score];
    }
    return ["none", [], score];
  };

  function groundsRuleHolds(when, score, strong, supported, minor, iloMet) {
    if (has(when, "min_strong") && strong < parseInt(when.min_strong, 10)) return false;
    if (has(when, "min_elements") && supported < parseInt(when.min_elements, 10)) return false;
    if (has(when, "min_score") && score < parseInt(when.min_score, 10)) return false;
    if (has(when, "minor") && asList(when.minor).indexOf(minor) < 0) return false;
    return !(has(when, "ilo") && Boolean(when.ilo) !== iloMet);
  }

  function conditionHolds(when, facts) {
    for (var i = 0; i < LIST_FIELDS.length; i++) {
      var field = LIST_FIELDS[i];
      if (has(when, field) && asList(when[field]).indexOf(facts[field]) < 0) return false;
    }
    var answers = when.answers || {};
    for (var qid in answers) {
      if (!has(answers, qid)) continue;
      var given = has(facts.answers, qid) ? facts.answers[qid] : "unknown";
      if (asList(answers[qid]).indexOf(given) < 0) return false;
    }
    if (has(when, "forms") && !asList(when.forms).some(function (f) { return facts.forms[f]; })) {
      return false;
    }
    return !(has(when, "categories") &&
             !asList(when.categories).some(function (c) { return facts.categories[c]; }));
  }

  Screening.prototype.actions = function (facts) {
    return (this.rules.actions || []).filter(function (action) {
      return (action.when || []).some(function (c) { return conditionHolds(c, facts); });
    }).map(function (action) {
      return { id: action.id, text: action.text || "", reason: action.reason || "",
               source: action.source || "", contacts: (action.contacts || []).slice() };
    });
  };

  var api = { Screening: Screening };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.FrontlineScreening = api;
  }
})(typeof self !== "undefined" ? self : this);
