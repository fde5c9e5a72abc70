"""De-personalised statistics of reports: by form of exploitation and quarter, k = 11."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

from django.db.models import QuerySet

from frontline.intelligence.models import Exploitation, Report
from frontline.intelligence.suppression import K, Table, suppress


def quarter(year: int, month: int) -> str:
    return f"{year} Q{(month - 1) // 3 + 1}"


def by_exploitation_and_quarter(reports: QuerySet[Report], *, k: int = K) -> Table:
    counts: Counter[tuple[Hashable, Hashable]] = Counter()
    labels = dict(Exploitation.choices)
    for exploitation, created in reports.values_list("exploitation", "created_at"):
        counts[
            (str(labels.get(exploitation, exploitation)), quarter(created.year, created.month))
        ] += 1
    return suppress(counts, k=k)
