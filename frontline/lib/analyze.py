"""Fresh planner statistics after a large import.

PostgreSQL's autovacuum analyses a table only after enough rows changed *and* its next round;
until then a table just filled by an import is planned as if it were empty, and the first pages
after a content release can take sequential scans. The import commands call this at the end.
"""

from __future__ import annotations

from django.db import connection


def analyze() -> None:
    """ANALYZE the database (PostgreSQL: every table; SQLite: PRAGMA optimize)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
