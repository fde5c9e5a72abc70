"""`frontline audit verify [--anchor ID:HASH]`: walk the audit log's hash chain.

Exit status 0 when every row matches its hash and follows the one before it, 1 otherwise, with
one line per problem naming the row. The last line gives the head (last row id and hash): kept
somewhere the database's administrators cannot write, it becomes a later run's `--anchor`, which
also catches rows removed from the end or a chain recomputed after a change.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.audit.chain import COLUMNS, Problem, Result, Row, verify
from frontline.audit.models import AuditEvent

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if match is None:
        raise ValueError(value)
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = "Verify the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--anchor",
            type=anchor,
            action="append",
            default=[],
            metavar="ID:HASH",
            help="a row id and hash printed by an earlier run; may be given more than once",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (
            Row(*values)
            for values in AuditEvent.objects.order_by("id")
            .values_list(*COLUMNS)
            .iterator(chunk_size=5000)
        )
        result = Result()
        problems = list(verify(rows, result))
        problems += self._check_anchors(options["anchor"])
        for problem in problems:
            self.stderr.write(str(problem))
        head = f"head #{result.head_id} {result.head_hash}" if result.head_id else "empty"
        if problems:
            raise CommandError(
                f"audit log broken: {len(problems)} problem(s) in {result.rows:,} rows ({head})"
            )
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {result.rows:,} rows, {head}"))

    def _check_anchors(self, anchors: list[tuple[int, str]]) -> list[Problem]:
        problems = []
        for row_id, expected in anchors:
            found = AuditEvent.objects.filter(pk=row_id).values_list("hash", flat=True).first()
            if found is None:
                problems.append(Problem(row_id, "the anchored row is missing: it was removed"))
            elif found != expected:
                problems.append(
                    Problem(row_id, "its hash is not the anchored one: the chain was rewritten")
                )
        return problems
