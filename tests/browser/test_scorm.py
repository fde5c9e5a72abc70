"""The exported SCORM 1.2 package in a real run-time: scorm-again (npm, MIT) plays the LMS.

A small host page, the way an LMS frames a SCO, creates scorm-again's `Scorm12API` as
`window.API` and opens one SCO of the extracted package in an iframe. The test reads a lesson
and answers the unit quiz as a learner would, then asks the run-time what it recorded.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PHONE, REPO, axe_violations, new_page, screenshot

pytestmark = pytest.mark.browser

SCORM_AGAIN = REPO / "var/npm/node_modules/scorm-again/dist/scorm12.min.js"

HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script>
<script>
window.API = new Scorm12API({autocommit: false, logLevel: 5});
window.addEventListener("DOMContentLoaded", function () {
  var frame = document.createElement("iframe");
  frame.title = "SCO";
  frame.style.width = "100%"; frame.style.height = "90vh";
  frame.src = new URLSearchParams(location.search).get("sco");
  document.body.appendChild(frame);
});
</script></head><body></body></html>"""


@pytest.fixture
def served(personas: dict, tmp_path: Path) -> Iterator[str]:
    """The package of unit 1 extracted beside the host page, served over HTTP on loopback."""
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all
    from frontline.curriculum.models import Unit
    from frontline.scorm import package

    if not SCORM_AGAIN.exists():
        pytest.fail(f"{SCORM_AGAIN} is missing: run `make test-browser` (it installs it)")
    load_all(EVERYTHING)
    data = package.unit_package(Unit.objects.get(key="u1"))
    assert package.problems(data) == []
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
    shutil.copy(SCORM_AGAIN, tmp_path / "scorm12.min.js")
    (tmp_path / "lms.html").write_text(HOST)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def open_sco(browser: Any, base: str, sco: str) -> tuple[Any, Any, list[str]]:
    page = new_page(browser, PHONE)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/lms.html?sco={sco}")
    frame = page.frame_locator("iframe")
    frame.locator("main").wait_for()
    page.wait_for_function("window.API.isInitialized()")
    return page, frame, requests


def lms(page: Any, element: str) -> str:
    return str(page.evaluate(f"window.API.LMSGetValue({json.dumps(element)})"))


def test_lesson_reports_incomplete_then_completed(browser: Any, served: str) -> None:
    page, frame, requests = open_sco(browser, served, "u1/u1-l01.html")
    assert lms(page, "cmi.core.lesson_status") == "incomplete"
    frame.locator("button:has-text('I have read this lesson')").click()
    frame.locator("text=Marked as read.").wait_for()
    assert lms(page, "cmi.core.lesson_status") == "completed"
    assert all(url.startswith(served) for url in requests), requests


def answer_quiz(frame: Any, *, right: bool) -> None:
    key = json.loads(frame.locator("#answer-key").text_content())["items"]
    for item, k in key.items():
        if k.get("multiple"):
            fieldset = frame.locator(f"fieldset[data-item='{item}']")
            boxes = fieldset.locator("input")
            for n in range(boxes.count()):
                box = boxes.nth(n)
                if (box.get_attribute("value") in k["right"]) == right:
                    box.check()
            if not right and fieldset.locator("input:checked").count() == 0:
                boxes.first.check()
        else:
            scores = k["scores"]
            choice = (max if right else min)(scores, key=scores.get)
            frame.locator(f"fieldset[data-item='{item}'] input[value='{choice}']").check()


def test_quiz_answered_right_records_a_full_score_and_passed(browser: Any, served: str) -> None:
    page, frame, requests = open_sco(browser, served, "u1/quiz.html")
    assert lms(page, "cmi.core.lesson_status") == "incomplete"
    # Submitting with questions left open records nothing.
    frame.locator("button:has-text('Submit answers')").click()
    frame.locator("text=Answer every question first.").wait_for()
    assert lms(page, "cmi.core.score.raw") == ""
    answer_quiz(frame, right=True)
    frame.locator("button:has-text('Submit answers')").click()
    frame.locator("text=Passed").wait_for()
    assert lms(page, "cmi.core.score.raw") == "100"
    assert lms(page, "cmi.core.lesson_status") == "passed"
    screenshot(page, "scorm-quiz-360")
    assert all(url.startswith(served) for url in requests), requests
    assert page.evaluate("document.querySelector('iframe').contentDocument.documentElement"
                         ".scrollWidth") <= PHONE["width"]  # fmt: skip


def test_quiz_answered_wrong_records_failed_with_the_score(browser: Any, served: str) -> None:
    page, frame, _ = open_sco(browser, served, "u1/quiz.html")
    answer_quiz(frame, right=False)
    frame.locator("button:has-text('Submit answers')").click()
    frame.locator("text=Not passed yet").wait_for()
    assert int(lms(page, "cmi.core.score.raw")) < 70
    assert lms(page, "cmi.core.lesson_status") == "failed"


def test_sco_pages_are_accessible(browser: Any, served: str) -> None:
    for sco in ("u1/u1-l03.html", "u1/quiz.html"):
        page = new_page(browser, PHONE)
        page.goto(f"{served}/{sco}")
        # Without an LMS around it, the SCO says its progress is not recorded.
        page.locator("text=No learning management system found").wait_for()
        assert axe_violations(page) == [], sco
