"""xAPI statements against Ralph, an open-source learning record store (ralph-malph, MIT).

`make test-ralph` installs Ralph into its own virtual environment (var/ralph: its pinned
dependencies stay out of Frontline's) and runs these tests (marker `ralph`): Ralph's API on
loopback with its file-system backend, Basic authentication, and statements from what a learner
does, which must arrive, be read back from Ralph, and validate against Ralph's xAPI models.
The store is then stopped while the learner goes on, and started again: nothing is lost.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from frontline.assessment import attempts
from frontline.assessment.models import Quiz
from frontline.certificates.actions import issue_certificate
from frontline.curriculum import progress
from frontline.curriculum.models import Lesson
from frontline.test import BaseTestCase
from frontline.xapi.models import Statement

pytestmark = pytest.mark.ralph

REPO = Path(__file__).resolve().parents[2]
RALPH = REPO / "var/ralph/bin"
USER, PASSWORD = "frontline", "ralph-test-password"

# Ralph's API with its file-system backend. Ralph 5.1 writes each request to the store's one
# file with the "create" operation, which refuses a file that exists, so only the first write
# would ever succeed; its other backends append. Here the file-system backend appends too.
SERVE = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""

VALIDATE = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
for line in sys.stdin:
    BaseXapiStatement(**json.loads(line))
print("valid")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ralph:
    def __init__(self, root: Path) -> None:
        if not (RALPH / "uvicorn").exists():
            pytest.fail(f"{RALPH} is missing: run `make test-ralph` (it installs Ralph)")
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(root / "app"),
            "RALPH_AUTH_FILE": str(root / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root / "store"),
        }
        subprocess.run(
            [RALPH / "ralph", "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
             "-A", "frontline", "http://127.0.0.1:8000", "-w"],
            env=self.env, check=True, capture_output=True,
        )  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [RALPH / "python", "-c", SERVE, str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url.replace("/xAPI", "/__heartbeat__"), timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("Ralph did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def statements(self) -> list[dict[str, Any]]:
        request = urllib.request.Request(f"{self.url}/statements?limit=500", headers={
            "Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
            "X-Experience-API-Version": "1.0.3",
        })  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as response:
            return list(json.load(response)["statements"])

    def validate(self, statements: list[dict[str, Any]]) -> str:
        lines = "".join(json.dumps(s) + "\n" for s in statements)
        done = subprocess.run([RALPH / "python", "-c", VALIDATE], input=lines.encode(),
                              capture_output=True, check=False)  # fmt: skip
        return (done.stdout + done.stderr).decode().strip()


@pytest.fixture(scope="class")
def ralph(request: Any, tmp_path_factory: Any) -> Iterator[Ralph]:
    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    request.cls.ralph = lrs
    yield lrs
    lrs.stop()


@pytest.mark.usefixtures("ralph")
class RalphTests(BaseTestCase):
    ralph: Ralph

    def settings_for(self) -> Any:
        return override_settings(XAPI_LRS_URL=self.ralph.url, XAPI_LRS_USERNAME=USER,
                                 XAPI_LRS_PASSWORD=PASSWORD, XAPI_TIMEOUT=5)  # fmt: skip

    def learn(self, lessons: list[Lesson]) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            for lesson in lessons:
                progress.set_done(self.learner, lesson, True)

    def test_statements_arrive_and_validate_and_none_is_lost_while_ralph_is_down(self) -> None:
        lessons = list(Lesson.objects.current().filter(unit__key="u1"))
        with self.settings_for():
            self.learn(lessons[:2])
            with self.captureOnCommitCallbacks(execute=True):
                attempt = attempts.start(self.learner, Quiz.objects.get(key="u1-quiz"))
                attempts.submit(attempt)
                issue_certificate(holder=self.learner, title="Frontline course",
                                  completed_on=date(2026, 3, 1), reference="course:7",
                                  acting_user=self.trainer)  # fmt: skip
            stored = {s["id"]: s for s in self.ralph.statements()}
            ours = set(Statement.objects.values_list("id", flat=True))
            self.assertEqual({str(i) for i in ours}, set(stored))  # 2 lessons, failed, certificate
            self.assertEqual(len(stored), 4)
            self.assertEqual(self.ralph.validate(list(stored.values())), "valid")
            # The check can fail: a statement without a verb is not one.
            broken = {k: v for k, v in next(iter(stored.values())).items() if k != "verb"}
            self.assertIn("ValidationError", self.ralph.validate([broken]))

            # Ralph goes down; the learner goes on.
            self.ralph.stop()
            self.learn(lessons[2:5])
            waiting = Statement.objects.filter(sent_at__isnull=True)
            self.assertEqual(waiting.count(), 3)
            # Back up: the backlog goes out, nothing lost, nothing twice.
            self.ralph.start()
            call_command("xapi_send", verbosity=0)
            self.assertFalse(Statement.objects.filter(sent_at__isnull=True).exists())
            stored = {s["id"]: s for s in self.ralph.statements()}
            self.assertEqual(len(stored), 7)
            self.assertEqual(self.ralph.validate(list(stored.values())), "valid")
