"""`frontline worker`: run the background tasks (e-mail, and later other slow work).

A thin wrapper around django-tasks-db's `db_worker` with the options a deployment needs; run
one or more next to the web servers. With the immediate backend (the demo, the tests) tasks
run in the process that queues them and there is nothing for a worker to do.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


class Command(BaseCommand):
    help = "Run background tasks (e-mail) from the database queue until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks that are due, then exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "TASKS_BACKEND is not 'database': tasks run where they are queued, "
                "there is nothing for a worker to do."
            )
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            startup_delay=not batch,
            verbosity=options["verbosity"],
        )
