/* The field-kit screening in the browser, for use without network. It is the same logic as
   frontline/fieldkit/screening.py, reading the same rules and catalogue (served as JSON by
   /field/screening.json); both are checked against frontline/fieldkit/tests/cases.json, so
   change them together. No DOM here: field-screening.js draws the result. */
(function (root) {
  "use strict";

  var ELEMENTS = ["act", "means", "purpose"];
  var STRENGTHS = ["strong", "medium", "weak"];
  var CONTEXT_FIELDS = ["where", "check", "persons", "present", "gender", "shared_language"];
  var CONTEXT_DEFAULTS = { persons: "one", present: "yes", gender: "unknown",
                           shared_language: "unknown" };
  var LIST_FIELDS = ["level", "minor"].concat(CONTEXT_FIELDS);
  var BY_GENDER = { female: ["women"], male: ["men"] };

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
    this.decisive = {};
    this.formLabels = [];
    var self = this;
    indicators.forEach(function (i) { self.indicators[String(i.id)] = i; });
    (rules.key_questions || []).forEach(function (q) {
      if (!has(self.questions, String(q.id))) self.questionOrder.push(String(q.id));
      self.questions[String(q.id)] = q;
    });
    (rules.decisive || []).forEach(function (d) { self.decisive[String(d.id)] = d; });
    (rules.forms || []).forEach(function (f) {
      self.formLabels.push([String(f.id), has(f, "label") ? f.label : f.id]);
    });
  }

  function observation(key, item, via) {
    return {
      id: key,
      text: item.text || "",
      category: item.category || "",
      element: item.element || "",
      dimension: item.dimension || "",
      strength: item.strength || "weak",
      forms: (item.forms || []).slice(),
      child_signal: item.applies_to === "child",
      via: [via]
    };
  }

  Screening.prototype.observations = function (kase) {
    var found = {};
    var unknown = {};
    var counter = {};
    var self = this;
    asList(kase.observed).forEach(function (key) {
      var indicator = has(self.indicators, key) ? self.indicators[key] : null;
      if (!indicator) { unknown[key] = true; return; }
      if (!has(found, key)) found[key] = observation(key, indicator, "catalogue");
    });
    var answers = kase.answers || {};
    this.questionOrder.forEach(function (qid) {
      var question = self.questions[qid];
      var answer = String(has(answers, qid) ? answers[qid] : "unknown");
      var effects = question.effects || {};
      var effect = has(effects, answer) ? effects[answer] : null;
      if (!effect || Object.keys(effect).length === 0) return;
      var key = qid + "=" + answer;
      if (effect.counter) {
        counter[key] = { id: key, text: effect.note || "" };
        return;
      }
      var same = String(effect.indicator || "");
      if (has(self.indicators, same)) {
        if (has(found, same)) {
          if (found[same].via.indexOf("question") < 0) found[same].via.push("question");
        } else {
          found[same] = observation(same, self.indicators[same], "question");
        }
        return;
      }
      var item = {};
      Object.keys(effect).forEach(function (k) { item[k] = effect[k]; });
      item.text = has(effect, "note") ? effect.note : (question.text || "");
      item.category = "key_question";
      found[key] = observation(key, item, "question");
    });
    return [
      sortedKeys(found).map(function (k) { return found[k]; }),
      sortedKeys(counter).map(function (k) { return counter[k]; }),
      sortedKeys(unknown)
    ];
  };

  Screening.prototype.evaluate = function (kase) {
    var self = this;
    var triple = this.observations(kase);
    var observations = triple[0];
    var counter = triple[1];
    var minorAnswer = String(kase.minor || "unknown");
    var signals = observations.filter(function (o) { return o.child_signal; })
      .map(function (o) { return o.id; });
    var minor = signals.length ? "yes" : minorAnswer;
    var elements = elementRows(observations, minor);
    var ilo = this.ilo(observations, minor);
    var supported = elements.filter(function (e) { return e.supported; }).length;
    var decisive = observations.filter(function (o) { return has(self.decisive, o.id); })
      .map(function (o) {
        return { id: o.id, text: o.text, why: self.decisive[o.id].why || "" };
      });
    var grounds = this.grounds(observations, counter.length, minor, ilo.met, supported,
                               decisive.length > 0);
    var context = {};
    CONTEXT_FIELDS.forEach(function (f) {
      context[f] = String(kase[f] || (has(CONTEXT_DEFAULTS, f) ? CONTEXT_DEFAULTS[f] : ""));
    });
    var answers = {};
    var given = kase.answers || {};
    this.questionOrder.forEach(function (q) {
      answers[q] = String(has(given, q) ? given[q] : "unknown");
    });
    var facts = { level: grounds[0], minor: minor, answers: answers, forms: {}, categories: {},
                  observed: {} };
    CONTEXT_FIELDS.forEach(function (f) { facts[f] = context[f]; });
    observations.forEach(function (o) {
      o.forms.forEach(function (f) { facts.forms[f] = true; });
      facts.categories[o.category] = true;
      facts.observed[o.id] = true;
    });
    var rules = this.rules.grounds || {};
    var labels = rules.labels || {};
    var route = this.rules.child_route || {};
    var actions = this.actions(facts);
    var result = this.rules.result || {};
    return {
      statement: this.rules.statement || "",
      level: grounds[0],
      level_label: has(labels, grounds[0]) ? labels[grounds[0]] : grounds[0],
      level_reasons: grounds[1],
      score: grounds[2],
      minor: minor,
      minor_answer: minorAnswer,
      child_signals: signals,
      child_warning: signals.length ? (route.warning || "") : "",
      context: context,
      observations: observations,
      counter: counter,
      counter_note: counter.length ? (rules.counter_note || "") : "",
      decisive: decisive,
      unknown: triple[2],
      elements: elements,
      forms: this.forms(observations),
      ilo: ilo,
      actions: actions,
      first: parseInt(has(result, "first_actions") ? result.first_actions : 3, 10),
      calls: calls(actions)
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

  Screening.prototype.forms = function (observations) {
    var rows = [];
    this.formLabels.forEach(function (pair, n) {
      var by = observations.filter(function (o) { return o.forms.indexOf(pair[0]) >= 0; })
        .map(function (o) { return o.id; });
      if (by.length) rows.push({ row: { id: pair[0], label: pair[1], by: by }, n: n });
    });
    rows.sort(function (a, b) { return (b.row.by.length - a.row.by.length) || (a.n - b.n); });
    return rows.map(function (r) { return r.row; });
  };

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

  Screening.prototype.grounds = function (observations, counters, minor, iloMet, supported,
                                          decisive) {
    var grounds = this.rules.grounds || {};
    var weights = grounds.weights || {};
    var raw = 0;
    var strong = 0;
    observations.forEach(function (o) {
      raw += parseInt(weights[o.strength] || 0, 10);
      if (o.strength === "strong") strong += 1;
    });
    var score = Math.max(0, raw - counters * parseInt(grounds.counter_weight || 0, 10));
    var numbers = { score: score, strong: strong, count: observations.length,
                    supported: supported };
    var levels = ["act", "alert"];
    for (var i = 0; i < levels.length; i++) {
      var reasons = (grounds[levels[i]] || []).filter(function (rule) {
        return groundsRuleHolds(rule.when || {}, numbers, minor, iloMet, decisive);
      }).map(function (rule) { return rule.reason || ""; });
      if (reasons.length) return [levels[i], reasons, score];
    }
    return ["none", [], score];
  };

  var NUMBER_FIELDS = [["min_strong", "strong"], ["min_elements", "supported"],
                       ["min_score", "score"], ["min_count", "count"]];

  function groundsRuleHolds(when, numbers, minor, iloMet, decisive) {
    for (var i = 0; i < NUMBER_FIELDS.length; i++) {
      var field = NUMBER_FIELDS[i][0];
      if (has(when, field) && numbers[NUMBER_FIELDS[i][1]] < parseInt(when[field], 10)) {
        return false;
      }
    }
    if (has(when, "minor") && asList(when.minor).indexOf(minor) < 0) return false;
    if (has(when, "decisive") && Boolean(when.decisive) !== decisive) return false;
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
    var sets = ["forms", "categories", "observed"];
    for (var j = 0; j < sets.length; j++) {
      var name = sets[j];
      if (has(when, name) &&
          !asList(when[name]).some(function (v) { return has(facts[name], v); })) {
        return false;
      }
    }
    return true;
  }

  Screening.prototype.actions = function (facts) {
    return (this.rules.actions || []).filter(function (action) {
      return (action.when || []).some(function (c) { return conditionHolds(c, facts); });
    }).map(function (action) {
      var serves = [];
      asList(action.serves).forEach(function (who) {
        if (who === "person") {
          serves = serves.concat(facts.minor === "yes" ? ["children"] :
            (has(BY_GENDER, facts.gender) ? BY_GENDER[facts.gender] : []));
        } else if (serves.indexOf(who) < 0) {
          serves.push(who);
        }
      });
      return { id: action.id, text: action.text || "", reason: action.reason || "",
               source: action.source || "", card: action.card || "",
               contacts: (action.contacts || []).slice(), serves: serves };
    });
  };

  function calls(actions) {
    var out = [];
    var seen = {};
    actions.forEach(function (action) {
      action.contacts.forEach(function (kind) {
        if (has(seen, kind)) return;
        seen[kind] = true;
        out.push({ kind: kind, serves: action.serves.slice(), action: action.id });
      });
    });
    return out;
  }

  var api = { Screening: Screening };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.FrontlineScreening = api;
  }
})(typeof self !== "undefined" ? self : this);
