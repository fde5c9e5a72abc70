"""Print how long one screening evaluation takes (budget: 5 ms), with the real rules and catalogue.

Plain Python, no database: the engine is evaluated on every case of the shared table with the
real catalogue's ids mixed in, then on a worst case that ticks every indicator and answers every
key question. Usage: python bench/screening.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# The engine needs no database, but the kit's reader imports the directory model.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from frontline.fieldkit.kit import read_fieldkit  # noqa: E402

BUDGET_MS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    kit = read_fieldkit(REPO / "content")
    engine = kit.engine()
    print(f"read and validated the field kit in {(time.perf_counter() - started) * 1000:.1f} ms")
    table = json.loads((REPO / "frontline/fieldkit/tests/cases.json").read_text())
    ids = [i.id for i in kit.indicators]
    cases = [
        {**row["case"], "observed": ids[n % len(ids) : n % len(ids) + 6]}
        for n, row in enumerate(table["cases"])
    ]
    worst = {
        "where": "workplace",
        "check": "inspection",
        "gender": "female",
        "shared_language": "no",
        "minor": "yes",
        "observed": ids,
        "answers": {str(q["id"]): "yes" for q in kit.rules["key_questions"]},
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (others slow the tail)")
    print(f"{len(ids)} indicators, {len(kit.rules['actions'])} actions, {len(cases)} cases")
    for label, batch in (("typical cases", cases), ("every indicator ticked", [worst])):
        timings, cpu = [], []
        for n in range(args.rounds):
            case = batch[n % len(batch)]
            t0, c0 = time.perf_counter(), time.thread_time()
            engine.evaluate(case)
            cpu.append((time.thread_time() - c0) * 1000)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        cpu.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        p99 = timings[int(len(timings) * 0.99) - 1]
        flag = "  OVER BUDGET" if p99 > BUDGET_MS else ""
        print(
            f"{label:<24} p50 {p50:.3f} ms  p95 {p95:.3f} ms  p99 {p99:.3f} ms  "
            f"max {timings[-1]:.3f} ms "
            f"(budget {BUDGET_MS} ms){flag}"
        )
        # CPU time of this thread only: what the evaluation costs when the cores are not shared.
        print(
            f"{'':<24} cpu p50 {statistics.median(cpu):.3f} ms  "
            f"p99 {cpu[int(len(cpu) * 0.99) - 1]:.3f} ms  max {cpu[-1]:.3f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
