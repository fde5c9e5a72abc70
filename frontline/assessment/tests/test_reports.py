"""Statistics from real attempts: they match the hand-checked functions and respect visibility."""

from __future__ import annotations

from frontline.accounts.models import Agency, Membership, User
from frontline.assessment import attempts, reports
from frontline.assessment.models import Attempt, Item
from frontline.assessment.tests.base import BankTestCase, right_form, wrong_form


class ReportTests(BankTestCase):
    def take(self, user: User, key: str, right: int) -> Attempt:
        """Answer the first `right` items right and the rest wrong, in slot order; submit."""
        attempt = self.start(user, key, max_attempts=0, time_limit_minutes=0)
        for n, item in enumerate(self.items(attempt)):
            form = right_form(item) if n < right else wrong_form(item)
            attempts.save_answer(attempt, item, form)
        return attempts.submit(attempt)

    def learners(self, count: int) -> list[User]:
        academy = Agency.objects.get(kind=Agency.Kind.ACADEMY)
        people = []
        for n in range(count):
            user = User.objects.create(username=f"cadet{n}", first_name="Cadet", last_name=str(n))
            Membership.objects.create(user=user, agency=academy, role="learner")
            people.append(user)
        return people

    def test_item_statistics_match_a_hand_worked_case(self) -> None:
        # Four learners answer the first 3, 2, 1 and 0 items of the same fixed form right:
        # the pattern of test_statistics.ROWS, extended with wrong answers.
        people = self.learners(4)
        for user, right in zip(people, [3, 2, 1, 0], strict=True):
            self.take(user, "pre-test", right)
        visible = Attempt.objects.visible_to(self.coordinator)
        stats = reports.quiz_stats(self.quiz("pre-test"), visible)
        self.assertEqual(stats.attempts, 4)
        first = Attempt.objects.filter(quiz__key="pre-test").first()
        assert first is not None
        by_item = {s.item.pk: s for s in stats.items}
        slot = [by_item[i] for i in first.item_ids]
        self.assertEqual([s.difficulty for s in slot[:4]], [0.75, 0.5, 0.25, 0.0])
        self.assertAlmostEqual(slot[0].discrimination or 0, 0.522233, places=6)
        self.assertIsNone(slot[3].discrimination)  # nobody got it: no spread
        # All later items are all wrong, so alpha is that of the 3-item table (0.75) scaled by
        # k: 31 columns, the same item variances and total variance.
        k = 31
        self.assertAlmostEqual(stats.alpha or 0, k / (k - 1) * (1 - (5 / 6) / (5 / 3)))

    def test_answer_counts_per_option(self) -> None:
        people = self.learners(3)
        attempt = self.start(people[0], "pre-test")
        item = next(i for i in self.items(attempt) if i.kind == "single")
        wrong, right = wrong_form(item)["choice"][0], right_form(item)["choice"][0]
        attempts.save_answer(attempt, item, {"choice": [wrong]})
        attempts.submit(attempt)
        second = self.start(people[1], "pre-test")
        attempts.save_answer(second, item, {"choice": [right]})
        attempts.submit(second)
        attempts.submit(self.start(people[2], "pre-test"))  # answers nothing
        stats = reports.quiz_stats(self.quiz("pre-test"), Attempt.objects.all())
        counts = dict(next(s for s in stats.items if s.item == item).counts)
        by_id = {label.split(":")[0]: n for label, n in counts.items()}
        self.assertEqual(by_id[wrong], 1)
        self.assertEqual(by_id[right], 1)
        self.assertEqual(counts["(no answer)"], 1)
        self.assertEqual(sum(counts.values()), 3)

    def test_matching_and_ordering_counts_are_in_words(self) -> None:
        people = self.learners(2)
        seen: dict[str, Item] = {}
        # The tests are built from the authored pairs, mostly choice items: give both attempts
        # one matching and one ordering item of the bank instead.
        chosen = [Item.objects.filter(kind=kind).order_by("key").first() for kind in
                  ("matching", "ordering")]  # fmt: skip
        for user, form in zip(people, (right_form, wrong_form), strict=True):
            attempt = self.start(user, "pre-test")
            attempt.item_ids = [item.pk for item in chosen if item is not None]
            attempt.save(update_fields=["item_ids"])
            for item in self.items(attempt):
                if item.kind in ("matching", "ordering"):
                    seen[item.kind] = item
                    attempts.save_answer(attempt, item, form(item))
            attempts.submit(attempt)
        self.assertEqual(set(seen), {"matching", "ordering"})
        stats = reports.quiz_stats(self.quiz("pre-test"), Attempt.objects.all())
        by_item = {s.item.key: dict(s.counts) for s in stats.items}
        matching, ordering = seen["matching"].data, seen["ordering"].data
        first_left = matching["left"][0]
        right_text = next(r["text"] for r in matching["right"]
                          if r["id"] == matching["pairs"][first_left["id"]])  # fmt: skip
        counts = by_item[seen["matching"].key]
        self.assertEqual(counts[f"{first_left['text']} → {right_text}"], 1)  # the right pair
        self.assertEqual(sum(counts.values()), 2 * len(matching["left"]))  # no "(no answer)"
        first_step = ordering["steps"][0]["text"]
        self.assertEqual(by_item[seen["ordering"].key][f"1. {first_step}"], 1)
        self.assertFalse(any(len(label) == 21 and ":" in label for label in counts))  # no ids

    def test_negative_discrimination_is_flagged(self) -> None:
        people = self.learners(4)
        for user, right in zip(people[:3], [3, 3, 2], strict=True):
            self.take(user, "pre-test", right)
        # The weakest learner gets only item 4 right.
        attempt = self.start(people[3], "pre-test")
        items = self.items(attempt)
        for n, item in enumerate(items):
            attempts.save_answer(attempt, item, right_form(item) if n == 3 else wrong_form(item))
        attempts.submit(attempt)
        stats = reports.quiz_stats(self.quiz("pre-test"), Attempt.objects.all())
        flagged = [s for s in stats.items if s.flagged]
        self.assertEqual([s.item for s in flagged], [items[3]])
        self.assertEqual(stats.items[0].item, items[3])  # flagged items come first

    def test_a_pair_whose_facility_moves_unlike_the_others_is_flagged(self) -> None:
        pre_items = list(Item.objects.filter(quizitem__quiz__key="pre-test")
                         .order_by("quizitem__position"))  # fmt: skip
        post_items = list(Item.objects.filter(quizitem__quiz__key="post-test")
                          .order_by("quizitem__position"))  # fmt: skip
        odd = post_items[0]  # everyone gets the first post-test twin wrong
        for user in self.learners(reports.PAIR_MIN_ANSWERS):
            for key, wrong in (("pre-test", set(pre_items)), ("post-test", {odd})):
                attempt = self.start(user, key)
                for item in self.items(attempt):
                    form = wrong_form(item) if item in wrong else right_form(item)
                    attempts.save_answer(attempt, item, form)
                attempts.submit(attempt)
        pairs = reports.pair_stats(Attempt.objects.all())
        self.assertEqual(len(pairs), 31)
        self.assertEqual((pairs[0].pre, pairs[0].post), (pre_items[0], odd))
        self.assertEqual([p.post for p in pairs if p.flagged], [odd])
        self.assertEqual((pairs[1].pre_facility, pairs[1].post_facility), (0.0, 1.0))
        # Too few answers: nothing is flagged.
        self.assertFalse(any(p.flagged for p in reports.pair_stats(
            Attempt.objects.filter(user__username="cadet0"))))  # fmt: skip
        self.login(self.coordinator)
        page = self.client.get("/assessment/statistics/")
        self.assertContains(page, "1 pair flagged.")
        self.assertContains(page, "check the pair", count=1)

    def test_gain_per_learner_and_agency(self) -> None:
        people = self.learners(2)
        pre = Item.objects.filter(quizzes__key="pre-test").count()
        self.take(people[0], "pre-test", 0)
        self.take(people[0], "post-test", 31)
        self.take(people[1], "pre-test", 31)
        self.take(people[1], "post-test", 31)
        learners, groups = reports.gains(Attempt.objects.visible_to(self.coordinator))
        self.assertEqual(pre, 31)
        self.assertEqual([(g.pre, g.post, g.gain) for g in learners],
                         [(0.0, 100.0, 1.0), (100.0, 100.0, None)])  # fmt: skip
        self.assertEqual(len(groups), 1)
        self.assertEqual((groups[0].label, groups[0].learners), ("Valdoria Police Academy", 2))
        self.assertEqual(groups[0].gain, 1.0)  # means 50 -> 100

    def test_coordinators_see_their_agencies_only_and_trainers_nobody_else(self) -> None:
        self.take(self.learner, "u1-quiz", 2)
        self.take(self.outsider, "u1-quiz", 2)
        self.assertEqual(Attempt.objects.visible_to(self.coordinator).count(), 1)
        self.assertEqual(Attempt.objects.visible_to(self.outsider).count(), 1)  # their own
        self.assertEqual(Attempt.objects.visible_to(self.officer).count(), 0)
        # A trainer of the same academy sees attempts only through the courses they run.
        self.assertEqual(Attempt.objects.visible_to(self.trainer).count(), 0)
        self.assertEqual(Attempt.objects.visible_to(self.admin).count(), 2)  # superuser
        visible = Attempt.objects.visible_to(self.coordinator)
        self.assertEqual(reports.quiz_stats(self.quiz("u1-quiz"), visible).attempts, 1)

    def test_mastery_uses_the_latest_submitted_answers(self) -> None:
        attempt = self.start(self.learner, "u1-quiz", feedback="deferred", max_attempts=0)
        items = self.items(attempt)
        for item in items[:2]:
            attempts.save_answer(attempt, item, right_form(item))
        mine = Attempt.objects.filter(user=self.learner)
        self.assertEqual(reports.mastery(mine), {})  # not submitted yet
        attempts.submit(attempt)
        mastery = reports.mastery(mine)[self.learner.pk]
        objective = items[0].primary_objective
        assert objective is not None
        self.assertEqual(mastery[objective.pk].score, 1.0)
        self.assertEqual(mastery[objective.pk].items, 2)
        self.assertTrue(mastery[objective.pk].mastered)
