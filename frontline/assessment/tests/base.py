from __future__ import annotations

from frontline.accounts.models import User
from frontline.assessment import attempts
from frontline.assessment.models import Attempt, Item, Quiz
from frontline.test import BaseTestCase, everything

EVERYTHING = everything()


class BankTestCase(BaseTestCase):
    """Personas, with the real content and item bank (loaded once per session, conftest.py)."""

    def quiz(self, key: str, **settings: object) -> Quiz:
        quiz = Quiz.objects.get(key=key)
        for name, value in settings.items():
            setattr(quiz, name, value)
        quiz.save()
        return quiz

    def start(self, user: User, key: str = "u1-quiz", **settings: object) -> Attempt:
        return attempts.start(user, self.quiz(key, **settings))

    def items(self, attempt: Attempt) -> list[Item]:
        by_id = Item.objects.in_bulk(attempt.item_ids)
        return [by_id[i] for i in attempt.item_ids]


def right_form(item: Item) -> dict[str, list[str]]:
    """A form that answers `item` fully right, built from its key."""
    data = item.data
    if item.kind in ("single", "multiple"):
        return {"choice": [o["id"] for o in data["options"] if o["correct"]]}
    if item.kind == "judgement":
        return {"choice": [o["id"] for o in data["options"] if o["rating"] == "best"]}
    if item.kind == "truefalse":
        return {"choice": ["true" if data["answer"] else "false"]}
    if item.kind == "matching":
        return {f"match-{left}": [right] for left, right in data["pairs"].items()}
    if item.kind == "ordering":
        return {f"position-{s['id']}": [str(n)] for n, s in enumerate(data["steps"], 1)}
    return {"text": [data["accepted"][0]]}


def wrong_form(item: Item) -> dict[str, list[str]]:
    """A form that answers `item` with a score of 0."""
    data = item.data
    if item.kind in ("single", "multiple"):
        return {"choice": [next(o["id"] for o in data["options"] if not o["correct"])]}
    if item.kind == "judgement":
        return {"choice": [next(o["id"] for o in data["options"] if o["rating"] == "poor")]}
    if item.kind == "truefalse":
        return {"choice": ["false" if data["answer"] else "true"]}
    if item.kind == "matching":
        lefts, rights = list(data["pairs"]), list(data["pairs"].values())
        return {f"match-{left}": [rights[(n + 1) % len(rights)]] for n, left in enumerate(lefts)}
    if item.kind == "ordering":
        count = len(data["steps"])
        return {f"position-{s['id']}": [str((n + 1) % count + 1)] for n, s in
                enumerate(data["steps"])}  # fmt: skip
    return {"text": ["certainly not this"]}
