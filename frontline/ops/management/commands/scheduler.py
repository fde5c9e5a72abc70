"""`frontline scheduler`: run the periodic sweeps (ops/sweeps.py) until stopped.

Run one per host next to `frontline worker`; the sweeps take leases in the shared cache, so
several schedulers never run the same sweep twice in its interval.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from frontline.ops import sweeps


class Command(BaseCommand):
    help = "Run the periodic sweeps (stale tasks, expired sessions, old task results)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due, then exit")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between looks at the sweeps"
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        if not once:  # a run that stops by itself leaves the caller's handlers alone
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            for name, rows in sweeps.run_due().items():
                if options["verbosity"] > 1 or once:
                    self.stdout.write(f"{name}: {rows}")
            if once or stopping:
                return
            slept = 0.0
            while slept < interval and not stopping:
                time.sleep(0.5)
                slept += 0.5
            if stopping:
                return
            close_old_connections()  # after a sleep: drop a connection the server closed
