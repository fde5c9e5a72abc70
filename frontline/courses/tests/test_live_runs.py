"""A live case exercise started for a course: its participants join whatever agency sent them,
and the course's results list the run."""

from __future__ import annotations

from datetime import date

from django.test import Client

from frontline.accounts.models import Agency
from frontline.courses.models import CourseOffering, Enrolment, TeamMember
from frontline.scenarios import live
from frontline.scenarios.models import LiveParticipant, LiveRun
from frontline.scenarios.tests.base import BEST, ScenarioTestCase


class CourseRunTests(ScenarioTestCase):
    def setUp(self) -> None:
        self.academy = Agency.objects.get(name="Valdoria Police Academy")
        self.offering = CourseOffering.objects.create(
            title="Border week", agency=self.academy, starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 4), venue="Hall B", language="English",
        )  # fmt: skip
        TeamMember.objects.create(offering=self.offering, user=self.trainer,
                                  role=TeamMember.TeamRole.LEAD)  # fmt: skip
        # The outsider is an officer of another country's police, sent to this course.
        Enrolment.objects.create(offering=self.offering, user=self.outsider,
                                 agency=self.outsider.agencies.get(),
                                 status=Enrolment.Status.ACCEPTED)  # fmt: skip
        self.url = f"/courses/{self.offering.pk}/live/"

    def test_trainer_starts_a_run_for_their_course_and_its_participants_join(self) -> None:
        trainer = Client()
        self.login(self.trainer, client=trainer)
        self.assertContains(trainer.get(f"/courses/{self.offering.pk}/"), self.url)
        self.assertContains(trainer.get(self.url), "drill-van")
        r = trainer.post(self.url, {"scenario": "drill-van", "seconds": "30"})
        run = LiveRun.objects.get()
        self.assertRedirects(r, f"/live/{run.code}/control/", fetch_redirect_response=False)
        self.assertEqual((run.offering, run.group), (self.offering, "Border week"))
        self.login(self.outsider)
        self.assertRedirects(
            self.client.post("/live/join", {"code": run.code}), f"/live/{run.code}/"
        )
        # Without the course, the same officer could not even find the run.
        Enrolment.objects.all().delete()
        LiveParticipant.objects.all().delete()
        self.assertEqual(self.client.post("/live/join", {"code": run.code}).status_code, 404)
        self.assertEqual(self.client.get(f"/live/{run.code}/").status_code, 404)

    def test_bad_input_is_refused_with_the_reason(self) -> None:
        self.login(self.trainer)
        for data, message in [
            ({"scenario": "no-such-case", "seconds": "30"}, "Select a valid choice"),
            ({"scenario": "drill-van", "seconds": "5"}, "greater than or equal to 10"),
            ({"scenario": "drill-van", "seconds": "30", "group": "g" * 101}, "at most 100"),
        ]:
            with self.subTest(data=data):
                self.assertContains(self.client.post(self.url, data), message, status_code=400)
        self.assertFalse(LiveRun.objects.exists())

    def test_only_the_course_team_may_start_one(self) -> None:
        for user, status in [(self.outsider, 403), (self.learner, 404)]:
            with self.subTest(user=user.username):
                self.login(user)
                r = self.client.post(self.url, {"scenario": "drill-van", "seconds": "30"})
                self.assertEqual(r.status_code, status)
        self.login(self.trainer)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertFalse(LiveRun.objects.exists())

    def test_the_course_results_list_its_finished_runs(self) -> None:
        run = live.start_run(self.scenario, acting_user=self.trainer, agency=self.academy,
                             group="Border week", offering_id=self.offering.pk)  # fmt: skip
        live.join(run, acting_user=self.outsider)
        for step in BEST:
            live.open_vote(run, acting_user=self.trainer)
            live.take(run, step, acting_user=self.trainer)
        self.login(self.trainer)
        page = self.client.get(f"/courses/{self.offering.pk}/results/")
        self.assertContains(page, "Live case exercises with this course")
        self.assertContains(page, run.code)
