"""Write the item bank and the quizzes to the database: idempotent, by stable id.

Called by `frontline.content.load_all` inside the transaction that loads the curriculum.
"""

from __future__ import annotations

from frontline.assessment.bank import Bank, ItemData, QuizSettings
from frontline.assessment.models import Item, Quiz, QuizItem
from frontline.curriculum.loading import LoadReport, upsert
from frontline.curriculum.models import Lesson, Objective, Unit


def load_bank(bank: Bank, report: LoadReport) -> None:
    """1. Items, linked to objectives and lessons; items gone from the files are retired.
    2. The pre-test and post-test forms and one quiz per unit with the pool it draws from."""
    units = {u.key: u for u in Unit.objects.all()}
    objectives = {o.key: o for o in Objective.objects.all()}
    lessons = dict(Lesson.objects.values_list("key", "id"))
    items: dict[str, Item] = {}
    for data in bank.items:
        item = upsert(Item, data.key, {
            "unit": units[data.unit], "kind": data.kind, "stem": data.stem,
            "feedback": data.feedback, "source": data.source, "data": data.data,
            "lesson_id": lessons[data.lesson], "primary_objective": objectives[data.primary],
            "retired": False,
        }, report)  # fmt: skip
        assert isinstance(item, Item)
        item.objectives.set([objectives[key] for key in data.objectives])
        items[data.key] = item
    report.retired += Item.objects.filter(retired=False).exclude(key__in=items).update(retired=True)

    forms = bank.assemble()
    _quiz("pre-test", Quiz.Kind.PRE, None, 0, bank.tests, forms.pre, items, report)
    for unit in units.values():
        pool = forms.pools.get(unit.key, [])
        _quiz(
            f"{unit.key}-quiz",
            Quiz.Kind.UNIT,
            unit,
            unit.number,
            bank.unit_quiz,
            pool,
            items,
            report,
        )
    _quiz("post-test", Quiz.Kind.POST, None, 99, bank.tests, forms.post, items, report)


def _quiz(
    key: str,
    kind: str,
    unit: Unit | None,
    order: int,
    settings: QuizSettings,
    members: list[ItemData],
    items: dict[str, Item],
    report: LoadReport,
) -> None:
    quiz = upsert(Quiz, key, {
        "kind": kind, "unit": unit, "order": order,
        "pass_mark": settings.pass_mark, "max_attempts": settings.max_attempts,
        "time_limit_minutes": settings.time_limit_minutes,
        "shuffle_items": settings.shuffle_items, "shuffle_options": settings.shuffle_options,
        "feedback": settings.feedback, "items_per_objective": settings.items_per_objective,
    }, report)  # fmt: skip
    assert isinstance(quiz, Quiz)
    QuizItem.objects.filter(quiz=quiz).delete()
    QuizItem.objects.bulk_create(
        QuizItem(quiz=quiz, item=items[m.key], position=n) for n, m in enumerate(members)
    )
