"""Answer cues in the content, and what learners with no knowledge score by following them.

Prints, from the content files (no database): per unit and overall, the share of single-choice
and judgement keys that are the longest (and the first) option against chance, the share of
true/false items keyed "false", the mean score of ticking every box; then each no-knowledge
strategy's score on the pre-test, the post-test and every unit quiz's pool (mean and best), and
for the case exercises the share of decision points whose best choice is the longest or the
first, and how many exercises "always the longest" / "always the first" ends well against
random play. `frontline content check` refuses content beyond the limits in
docs/content-format.md ("Answer cues").

Usage: python bench/answer_cues.py [content-dir]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-real-secret-0123456789abcdef")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
django.setup()

from frontline.assessment import cues as item_cues  # noqa: E402
from frontline.content import read_all  # noqa: E402
from frontline.lib.yamlfiles import ContentInvalid  # noqa: E402
from frontline.scenarios import cues as scenario_cues  # noqa: E402
from frontline.scenarios.engine import Graph  # noqa: E402


def main() -> None:
    root = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "content"
    )
    try:
        everything = read_all(root, cue_limits=False)
    except ContentInvalid as exc:
        for problem in exc.problems:
            print(problem)
        raise SystemExit(1) from None
    bank = everything.bank
    print("Item bank: cues per unit (per cent)")
    print(
        f"{'':8}{'longest':>9}{'shortest':>9}{'first':>7}{'chance':>8}{'absol.':>8}{'overlap':>9}{'false':>7}{'tick-all':>10}"
    )
    for group, figures in item_cues.measure(bank.items).items():
        f = figures.as_dict()
        print(
            f"{group:8}{f['longest_key_pct']:>9}{f['shortest_key_pct']:>9}{f['first_key_pct']:>7}{f['chance_pct']:>8}"
            f"{f['absolute_cue_pct']:>8}{f['overlap_cue_pct']:>9}{f['false_pct']:>7}{f['tick_all_pct']:>10}"
        )
    bankfig = item_cues.measure(bank.items)["bank"]
    print(
        f"keys that are the longest option: {bankfig.longest} of {bankfig.choice_items}; "
        f"true/false keyed false: {bankfig.false} of {bankfig.truefalse}"
    )
    results = item_cues.form_scores(item_cues.bank_forms(bank))
    print(f"\nNo-knowledge strategies, per cent (pass mark {bank.tests.pass_mark})")
    names = list(item_cues.STRATEGIES)
    print(f"{'form':18}{'items':>6}" + "".join(f"{n:>17}" for n in names))
    for r in results:
        print(f"{r.name:18}{r.items:>6}" + "".join(f"{r.scores[n]:>17}" for n in names))
    print(
        f"{'mean':24}"
        + "".join(f"{sum(r.scores[n] for r in results) / len(results):>17.1f}" for n in names)
    )
    print(f"{'best':24}" + "".join(f"{max(r.scores[n] for r in results):>17.1f}" for n in names))

    print("\nUnit quizzes drawn as attempts draw them (2,000 draws per unit): the luckiest draw")
    for unit in sorted(bank.assemble().pools):
        print(
            f"{unit:8}"
            + "".join(
                f"{n}={max(item_cues.drawn_scores(bank, unit, n)):.1f} "
                for n in ("longest", "first", "test-wise")
            )
        )

    graphs = [Graph.from_json(s.graph) for s in everything.scenarios]
    sc = scenario_cues.measure(graphs).as_dict()
    print(
        f"\nCase exercises: {sc['decisions']} decision points; best choice longest "
        f"{sc['longest_best_pct']} %, first {sc['first_best_pct']} %, chance {sc['chance_pct']} %"
    )
    played = scenario_cues.strategies(graphs)
    print(
        f"random play ends well in {played.random_good:.1f} of {played.exercises} exercises "
        "(expected)"
    )
    for name in played.good:
        print(
            f"always {name}: good ending in {played.good[name]} of {played.exercises}; "
            f"mean share of the model response's score {played.score_pct[name]} %"
        )


if __name__ == "__main__":
    main()
