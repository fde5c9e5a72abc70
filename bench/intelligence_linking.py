"""Link resolution at scale: synthetic reports -> mentions -> links, then search latency.

Generates N synthetic reports (default 100,000, about ten entity mentions each: phones, an
e-mail, an IBAN-like account, a plate, a document and names written in Latin or Cyrillic with
spelling variants), links them with `frontline.intelligence.linking.link` (blocking on
normalised values and name skeletons), and prints records, mentions, links, networks, CPU and
wall time and peak memory (targets: under 5 minutes on 2 cores, under 2 GB). Then it times
searches the way the app's search does them, over in-memory indexes of the same mentions
(by value, and by name key then scored): p50/p95/p99 (target p95 < 200 ms). The database
search (`actions.search`) is not measured here. All values are made up.

    python bench/intelligence_linking.py [--reports 100000] [--searches 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from frontline.intelligence.extract import Kinds  # noqa: E402
from frontline.intelligence.linking import Record, clusters, link, name_keys  # noqa: E402
from frontline.intelligence.names import CANDIDATE, compare  # noqa: E402

FIRST = ["Oleksandr", "Ivan", "Olena", "Mariia", "Andrii", "Nadiia", "Petro", "Iryna", "Yurii",
         "Sofiia", "Mohammed", "Ahmed", "Fatima", "Youssef", "Anna", "Jan", "Tomas", "Elena",
         "Mihai", "Ioana", "Georgi", "Daria", "Stefan", "Lena", "Bogdan"]  # fmt: skip
SYLLABLES = ["ko", "va", "len", "pet", "ro", "sid", "or", "kra", "vets", "mar", "chuk", "en",
             "shev", "bon", "dar", "lu", "mi", "nov", "tar", "hal", "zen", "bel", "gor",
             "dan"]  # fmt: skip
CYRILLIC = str.maketrans("abvgdezikl", "абвгдезікл") | str.maketrans(
    "mnoprstufhcyjw", "мнопрстуфхцийв"
)


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def variant(name: str, rng: random.Random) -> str:
    """The same name as another officer might write it: Cyrillic, or a spelling variant."""
    roll = rng.random()
    if roll < 0.2:
        return name.lower().translate(CYRILLIC).title()
    if roll < 0.3:
        return name.replace("v", "w").replace("ii", "iy")
    if roll < 0.35:
        return " ".join(reversed(name.split()))
    return name


def generate(n: int, rng: random.Random) -> list[Record]:
    people = [f"{rng.choice(FIRST)} {surname(rng)}" for _ in range(max(n // 2, 10))]
    records = []
    for report in range(1, n + 1):
        for _ in range(3):
            records.append(Record(report, Kinds.PHONE, f"+447700{rng.randrange(10**6):06d}"))
        records.append(Record(report, Kinds.EMAIL, f"user{rng.randrange(n * 2)}@example.org"))
        records.append(Record(report, Kinds.IBAN, f"XA00BANK{rng.randrange(n * 3):010d}"))
        records.append(Record(report, Kinds.PLATE, f"AB{rng.randrange(n):06d}"))
        records.append(Record(report, Kinds.DOCUMENT, f"P{rng.randrange(n * 4):08d}"))
        for _ in range(3):
            records.append(Record(report, Kinds.NAME, variant(rng.choice(people), rng)))
    return records


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    records = generate(args.reports, rng)
    print(f"generated {args.reports:,} reports, {len(records):,} mentions "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

    wall, cpu = time.perf_counter(), time.process_time()
    result = link(records)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    networks = clusters(result.links)
    by_kind: dict[str, int] = defaultdict(int)
    for item in result.links:
        by_kind[item.kind] += 1
    kinds = dict(sorted(by_kind.items()))
    print(f"linked: {len(result.links):,} links ({kinds}), {result.comparisons:,} name "
          f"comparisons, {result.skipped_blocks} blocks skipped")  # fmt: skip
    print(f"networks: {len(networks):,}, largest {len(networks[0]) if networks else 0:,} reports")
    print(f"linking time: {wall:.1f} s wall, {cpu:.1f} s CPU (target: under 300 s)")

    by_value: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_key: dict[str, set[str]] = defaultdict(set)
    name_reports: dict[str, set[int]] = defaultdict(set)
    for record in records:
        if record.kind == Kinds.NAME:
            name_reports[record.value].add(record.report)
            for key in name_keys(record.value):
                by_key[key].add(record.value)
        else:
            by_value[(record.kind, record.value)].add(record.report)
    timings = []
    for _ in range(args.searches):
        probe = rng.choice(records)
        t = time.perf_counter()
        if probe.kind == Kinds.NAME:
            found = {
                r
                for key in name_keys(probe.value)
                for name in by_key.get(key, ())
                if compare(probe.value, name).score >= CANDIDATE
                for r in name_reports[name]
            }
        else:
            found = by_value.get((probe.kind, probe.value), set())
        timings.append((time.perf_counter() - t) * 1000)
        assert probe.report in found
    q = statistics.quantiles(timings, n=100)
    print(f"search ({args.searches} in-memory lookups): p50 {q[49]:.2f} ms, p95 {q[94]:.2f} ms, "
          f"p99 {q[98]:.2f} ms (target p95 < 200 ms)")  # fmt: skip
    print(f"peak memory: {peak_mb():,.0f} MB (target: under 2,048 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
