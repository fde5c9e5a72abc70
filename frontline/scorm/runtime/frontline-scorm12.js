/* Frontline SCORM 1.2 run-time adapter (EUPL-1.2). Finds the LMS's API object, reports a
   lesson read or a quiz scored, and keeps working (without recording) when there is none. */
(function () {
  "use strict";

  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API) { return win.API; }
      } catch (e) { return null; } /* a parent on another origin */
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var open = false;
  var status = document.getElementById("lms-status");

  function set(name, value) { if (open) { api.LMSSetValue(name, String(value)); } }
  function commit() { if (open) { api.LMSCommit(""); } }
  function finish() { if (open) { open = false; api.LMSFinish(""); } }

  if (api && String(api.LMSInitialize("")) === "true") {
    open = true;
    var current = api.LMSGetValue("cmi.core.lesson_status");
    if (current === "" || current === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
      commit();
    }
  } else if (status) {
    status.textContent = status.getAttribute("data-no-lms");
  }
  window.addEventListener("pagehide", finish);

  var lesson = document.querySelector("form[data-sco=lesson]");
  if (lesson) {
    lesson.addEventListener("submit", function (event) {
      event.preventDefault();
      set("cmi.core.lesson_status", "completed");
      commit();
      if (status) { status.textContent = lesson.getAttribute("data-done"); }
    });
  }

  var quiz = document.querySelector("form[data-sco=quiz]");
  if (!quiz) { return; }
  var key = JSON.parse(document.getElementById("answer-key").textContent);

  function chosen(name) {
    var boxes = quiz.querySelectorAll("input[name='" + name + "']:checked");
    return Array.prototype.map.call(boxes, function (box) { return box.value; });
  }

  function scoreItem(itemKey, picked) {
    var k = key.items[itemKey];
    if (k.multiple) {
      var hits = picked.filter(function (id) { return k.right.indexOf(id) >= 0; }).length;
      return Math.max(0, (hits - (picked.length - hits)) / k.right.length);
    }
    return k.scores[picked[0]] || 0;
  }

  quiz.addEventListener("submit", function (event) {
    event.preventDefault();
    var total = 0;
    var fieldsets = quiz.querySelectorAll("fieldset[data-item]");
    var answers = [];
    for (var i = 0; i < fieldsets.length; i++) {
      var picked = chosen(fieldsets[i].getAttribute("data-item"));
      if (picked.length === 0) {
        document.getElementById("result").textContent = quiz.getAttribute("data-unanswered");
        fieldsets[i].querySelector("input").focus();
        return;
      }
      answers.push(picked);
    }
    for (var j = 0; j < fieldsets.length; j++) {
      total += scoreItem(fieldsets[j].getAttribute("data-item"), answers[j]);
      fieldsets[j].querySelector(".feedback").hidden = false;
      fieldsets[j].disabled = true;
    }
    var raw = Math.round(100 * total / fieldsets.length);
    var passed = raw >= key.pass_mark;
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", raw);
    set("cmi.core.lesson_status", passed ? "passed" : "failed");
    commit();
    document.getElementById("result").textContent = quiz.getAttribute("data-score") + ": " +
      raw + " % · " + quiz.getAttribute(passed ? "data-passed" : "data-failed");
    quiz.querySelector("button[type=submit]").disabled = true;
  });
})();
