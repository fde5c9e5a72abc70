"""The scenario pages: it works, the right role can, outsiders get 404, too-low roles 403,
wrong methods 405."""

from __future__ import annotations

from django.test import Client

from frontline.accounts.models import Agency
from frontline.lib.pageweight import BUDGET_BYTES, measure
from frontline.scenarios import live, play
from frontline.scenarios.models import LiveParticipant, LiveRun, LiveVote, Play, Scenario
from frontline.scenarios.tests.base import BEST, ScenarioTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class SoloPageTests(ScenarioTestCase):
    def test_anonymous_is_sent_to_sign_in(self) -> None:
        started = play.start(self.scenario, acting_user=self.learner)
        pages = ["/learn/scenarios/", "/learn/scenarios/drill-van/", f"/learn/plays/{started.pk}/",
                 "/learn/scenarios/results/", "/live/", "/live/results/"]  # fmt: skip
        for page in pages:
            with self.subTest(page=page):
                r = self.client.get(page)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_list_filters_by_unit_and_role(self) -> None:
        self.login(self.learner)
        self.assertContains(self.client.get("/learn/scenarios/"), "Drill — the van")
        self.assertContains(
            self.client.get("/learn/scenarios/?unit=u4&role=police"), "Drill — the van"
        )
        self.assertNotContains(self.client.get("/learn/scenarios/?unit=u1"), "Drill — the van")
        self.assertNotContains(self.client.get("/learn/scenarios/?role=customs"), "Drill — the van")
        self.assertEqual(self.client.post("/learn/scenarios/").status_code, 405)

    def test_list_queries_do_not_grow_with_the_scenarios(self) -> None:
        self.login(self.learner)
        self.client.get("/learn/scenarios/")
        # Session, user (with its second-factor need), the scenarios with their units, my
        # finished and open plays, the units of the filter, the teaching-role check: the same
        # for 1 or 4 scenarios. The session is not saved again within a minute.
        with self.assertNumQueries(7):
            self.client.get("/learn/scenarios/")
        for n in range(3):
            copy = Scenario.objects.get(key="drill-van")
            copy.pk, copy.key = None, f"drill-copy-{n}"
            copy.save()
            play.start(copy, acting_user=self.learner)
        with self.assertNumQueries(7):
            page = self.client.get("/learn/scenarios/")
        self.assertContains(page, "In progress", count=3)

    def test_play_to_the_end_one_decision_per_screen(self) -> None:
        self.login(self.learner)
        self.assertContains(self.client.get("/learn/scenarios/drill-van/"), "Start")
        r = self.client.post("/learn/scenarios/drill-van/play")
        current = Play.objects.get(user=self.learner)
        self.assertRedirects(r, f"/learn/plays/{current.pk}/")
        page = self.client.get(f"/learn/plays/{current.pk}/")
        self.assertContains(page, 'name="choice"', count=3)
        self.assertContains(page, "Decision 1")
        self.assertEqual(page["Cache-Control"].count("no-store"), 1)
        for n, choice in enumerate(BEST):
            r = self.client.post(f"/learn/plays/{current.pk}/choose", {"choice": choice})
            self.assertEqual(r.status_code, 302)
            if n < len(BEST) - 1:
                page = self.client.get(r["Location"])
                self.assertContains(page, "Your last choice")
                self.assertContains(page, f"Decision {n + 2}")
        self.assertRedirects(
            self.client.get(f"/learn/plays/{current.pk}/"), f"/learn/plays/{current.pk}/debrief/"
        )
        debrief = self.client.get(f"/learn/plays/{current.pk}/debrief/")
        self.assertContains(debrief, "A referral with a clear record")
        self.assertContains(debrief, "You took the model response.")
        self.assertContains(debrief, "<svg", count=1)
        self.assertContains(debrief, "/learn/u4/u4-l05/")
        self.assertContains(self.client.get("/learn/scenarios/results/"), "Drill — the van")

    def test_my_results_show_each_play_and_the_average_profile(self) -> None:
        self.login(self.learner)
        self.assertContains(self.client.get("/learn/scenarios/results/"), "not finished")
        finished = play.start(self.scenario, acting_user=self.learner)
        for choice in ["talk-apart", "call-ngo", "leave"]:
            play.choose(finished, choice, acting_user=self.learner)
        page = self.client.get("/learn/scenarios/results/")
        # Shares 100, 100, 50, 0 of the model response (it scores no legal): 62.5, shown as 63.
        self.assertContains(page, "<td>63%</td>")
        self.assertContains(page, "Referral and co-operation")
        self.assertContains(page, f"/learn/plays/{finished.pk}/debrief/")
        self.login(self.officer)
        self.assertNotContains(self.client.get("/learn/scenarios/results/"), "Drill")

    def test_choices_keep_the_play_s_order_on_reload_and_differ_between_plays(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        self.login(self.learner)

        def shown() -> list[str]:
            page = self.client.get(f"/learn/plays/{current.pk}/").content.decode()
            return [part.split('"')[0] for part in page.split('name="choice" value="')[1:]]

        order = shown()
        self.assertEqual(order, shown())
        graph = self.scenario.graph
        expected = graph.offered(graph.begin(), seed=current.seed, turn=0)
        self.assertEqual(order, [c.id for c in expected])
        # Each play draws its own seed, so two learners (or two plays) see different orders.
        seeds = {Play(user=self.learner, scenario=self.scenario).seed for _ in range(5)}
        self.assertGreater(len(seeds | {current.seed}), 1)

    def test_resume_later(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        play.choose(current, "search-cab", acting_user=self.learner)
        self.login(self.learner)
        self.assertContains(
            self.client.get("/learn/scenarios/drill-van/"), "Resume where I stopped"
        )
        r = self.client.post("/learn/scenarios/drill-van/play")
        self.assertRedirects(r, f"/learn/plays/{current.pk}/")
        page = self.client.get(r["Location"])
        self.assertContains(page, "Decision 2")
        self.assertContains(page, "A notebook in the cab")  # the notes collected so far

    def test_bad_choice_is_409_and_nothing_is_lost(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        play.choose(current, "talk-apart", acting_user=self.learner)
        self.login(self.learner)
        r = self.client.post(f"/learn/plays/{current.pk}/choose", {"choice": "show-ledger"})
        self.assertContains(r, "not open at this point", status_code=409)
        r = self.client.post(f"/learn/plays/{current.pk}/choose", {})
        self.assertEqual(r.status_code, 409)
        current.refresh_from_db()
        self.assertEqual((current.node, len(current.path)), ("talks", 1))

    def test_outsider_404_coordinator_sees_the_debrief_but_cannot_play(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        # The trainer works at the learner's academy but does not teach her in a course.
        for user in (self.outsider, self.officer, self.trainer):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(f"/learn/plays/{current.pk}/").status_code, 404)
                self.assertEqual(
                    self.client.get(f"/learn/plays/{current.pk}/debrief/").status_code, 404
                )
                r = self.client.post(f"/learn/plays/{current.pk}/choose", {"choice": "search-cab"})
                self.assertEqual(r.status_code, 404)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(f"/learn/plays/{current.pk}/").status_code, 403)
        r = self.client.post(f"/learn/plays/{current.pk}/choose", {"choice": "search-cab"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.client.get(f"/learn/plays/{current.pk}/debrief/").status_code, 404)
        play.choose(current, "wave-through", acting_user=self.learner)
        self.assertContains(
            self.client.get(f"/learn/plays/{current.pk}/debrief/"), "The van drove on"
        )
        self.assertNotContains(self.client.get(f"/learn/plays/{current.pk}/debrief/"), "Play again")

    def test_wrong_methods(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/scenarios/drill-van/play").status_code, 405)
        self.assertEqual(self.client.get(f"/learn/plays/{current.pk}/choose").status_code, 405)
        self.assertEqual(self.client.post(f"/learn/plays/{current.pk}/").status_code, 405)
        self.assertEqual(self.client.post("/learn/scenarios/results/").status_code, 405)
        self.assertEqual(self.client.get("/learn/scenarios/nope/").status_code, 404)

    def test_pages_are_within_budget(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        self.login(self.learner)
        for url in ["/learn/scenarios/", "/learn/scenarios/drill-van/", current.get_absolute_url()]:
            with self.subTest(url=url):
                self.assertLessEqual(measure(self.client, url).total, BUDGET_BYTES)


class LivePageTests(ScenarioTestCase):
    def setUp(self) -> None:
        self.run = live.start_run(
            self.scenario,
            acting_user=self.trainer,
            agency=Agency.objects.get(name="Valdoria Police Academy"),
        )
        self.base = f"/live/{self.run.code}"

    def as_(self, user: object) -> Client:
        client = Client()
        self.login(user, client=client)  # type: ignore[arg-type]
        return client

    def test_a_whole_run_through_the_pages(self) -> None:
        trainer = self.as_(self.trainer)
        room = [self.as_(u) for u in (self.learner, self.officer, self.coordinator)]
        for phone in room:
            r = phone.post("/live/join", {"code": self.run.code.lower()})
            self.assertRedirects(r, f"{self.base}/")
            self.assertContains(phone.get(f"{self.base}/"), "You are in")
        self.assertContains(trainer.get(f"{self.base}/control/votes"), "3 participants in the room")
        self.assertRedirects(trainer.post(f"{self.base}/control/open"), f"{self.base}/control/")
        screen = room[0].get(f"{self.base}/screen", HTMX)
        self.assertContains(screen, 'name="choice"', count=3)
        # One order for the whole room in a round: every phone and the trainer's screen.
        orders = [
            [
                p.split('"')[0]
                for p in c.get(f"{self.base}/screen", HTMX)
                .content.decode()
                .split('name="choice" value="')[1:]
            ]
            for c in room
        ]
        self.assertEqual(orders[0], orders[1])
        self.assertEqual(orders[0], orders[2])
        self.run.refresh_from_db()
        graph = self.scenario.graph
        self.assertEqual(
            orders[0], [c.id for c in graph.offered(self.run.state, seed=self.run.seed, turn=1)]
        )
        version = screen.content.decode().split("?v=")[1].split('"')[0]
        self.assertEqual(room[0].get(f"{self.base}/screen?v={version}", **HTMX).status_code, 204)
        for phone, choice in zip(room, ["talk-apart", "talk-apart", "search-cab"], strict=True):
            r = phone.post(f"{self.base}/vote", {"choice": choice}, **HTMX)
            self.assertContains(r, "Your vote is in")
        self.assertEqual(room[0].get(f"{self.base}/screen?v={version}", **HTMX).status_code, 200)
        votes = trainer.get(f"{self.base}/control/votes")
        self.assertContains(votes, "3 votes")
        self.assertContains(votes, "(majority)")
        trainer.post(f"{self.base}/control/take", {"choice": "talk-apart"})
        self.assertContains(room[1].get(f"{self.base}/screen"), "The room")
        trainer.post(f"{self.base}/control/open")
        trainer.post(f"{self.base}/control/take", {"choice": "call-ngo"})
        trainer.post(f"{self.base}/control/open")
        r = trainer.post(f"{self.base}/control/take", {"choice": "hand-over"})
        self.assertRedirects(r, f"{self.base}/control/", target_status_code=302)
        self.run.refresh_from_db()
        self.assertEqual(self.run.status, "finished")
        for client in (trainer, room[0]):
            debrief = client.get(f"{self.base}/debrief/")
            self.assertContains(debrief, "The room's path")
            self.assertContains(debrief, "taken by the trainer to discuss")
        results = trainer.get("/live/results/")
        self.assertContains(results, self.run.code)
        self.assertContains(results, "9 / 10")

    def test_an_unchanged_screen_costs_one_query_beyond_session_and_user(self) -> None:
        learner = self.as_(self.learner)
        learner.post("/live/join", {"code": self.run.code})
        live.open_vote(self.run, acting_user=self.trainer)
        screen = learner.get(f"{self.base}/screen", **HTMX)
        version = screen.content.decode().split("?v=")[1].split('"')[0]
        # session, user (with its second-factor need), the run, the participant with their
        # vote; the session is not saved again within a minute.
        with self.assertNumQueries(4):
            r = learner.get(f"{self.base}/screen?v={version}", **HTMX)
        self.assertEqual(r.status_code, 204)

    def test_profile_numbers_are_not_localised(self) -> None:
        finished = play.start(self.scenario, acting_user=self.learner)
        for choice in ["talk-apart", "call-ngo", "leave"]:
            play.choose(finished, choice, acting_user=self.learner)
        learner = self.as_(self.learner)
        learner.cookies["django_language"] = "fr"
        page = learner.get(f"/learn/plays/{finished.pk}/debrief/", HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(page, 'lang="fr"')
        svg = page.content.decode().split("<svg")[1].split("</svg>")[0]
        self.assertNotRegex(svg, r'="-?[0-9]+,[0-9]')
        self.assertRegex(svg, r'width="[0-9]+\.[0-9]"')

    def test_take_the_majority_button(self) -> None:
        learner = self.as_(self.learner)
        learner.post("/live/join", {"code": self.run.code})
        trainer = self.as_(self.trainer)
        trainer.post(f"{self.base}/control/open")
        self.assertContains(trainer.get(f"{self.base}/control/"), "Take the room")
        r = trainer.post(f"{self.base}/control/take", {"choice": live.MAJORITY})
        self.assertContains(r, "no clear majority", status_code=409)
        learner.post(f"{self.base}/vote", {"choice": "search-cab"}, **HTMX)
        trainer.post(f"{self.base}/control/take", {"choice": live.MAJORITY})
        self.run.refresh_from_db()
        self.assertEqual(self.run.node, "cab")

    def test_outsider_gets_404_everywhere(self) -> None:
        outsider = self.as_(self.outsider)
        r = outsider.post("/live/join", {"code": self.run.code})
        self.assertContains(r, "No run has this code", status_code=404)
        for page in ["/", "/screen", "/control/", "/control/votes", "/debrief/"]:
            with self.subTest(page=page):
                self.assertEqual(outsider.get(f"{self.base}{page}").status_code, 404)
        for page in ["/vote", "/control/open", "/control/take"]:
            with self.subTest(page=page):
                self.assertEqual(
                    outsider.post(f"{self.base}{page}", {"choice": "x"}).status_code, 404
                )
        self.assertFalse(LiveParticipant.objects.exists())

    def test_only_the_trainer_controls_and_only_participants_vote(self) -> None:
        live.open_vote(self.run, acting_user=self.trainer)
        learner = self.as_(self.learner)
        for page in ["/control/", "/control/votes"]:
            self.assertEqual(learner.get(f"{self.base}{page}").status_code, 403)
        for page in ["/control/open", "/control/take"]:
            self.assertEqual(
                learner.post(f"{self.base}{page}", {"choice": "talk-apart"}).status_code, 403
            )
        # Not joined yet: may not vote; the room page sends them to the join form.
        self.assertEqual(
            learner.post(f"{self.base}/vote", {"choice": "talk-apart"}).status_code, 403
        )
        self.assertRedirects(learner.get(f"{self.base}/"), f"/live/?code={self.run.code}")
        self.assertEqual(LiveVote.objects.count(), 0)
        # Another trainer of the same academy is not this run's trainer.
        self.assertEqual(self.as_(self.coordinator).get(f"{self.base}/control/").status_code, 403)

    def test_only_trainers_start_runs_and_see_results(self) -> None:
        learner = self.as_(self.learner)
        self.assertEqual(learner.post("/live/start", {"scenario": "drill-van"}).status_code, 403)
        self.assertEqual(learner.get("/live/results/").status_code, 403)
        self.assertNotContains(learner.get("/live/"), "Start a run")
        trainer = self.as_(self.trainer)
        self.assertContains(trainer.get("/live/"), "Start a run")
        r = trainer.post("/live/start", {"scenario": "drill-van", "group": "B", "seconds": "30"})
        run = LiveRun.objects.get(group="B")
        self.assertRedirects(r, f"/live/{run.code}/control/")
        self.assertEqual(run.vote_seconds, 30)
        self.assertContains(
            trainer.post("/live/start", {"scenario": "nope"}), "Choose a scenario", status_code=400
        )
        self.assertContains(
            trainer.post("/live/start", {"scenario": "drill-van", "seconds": "x"}),
            "between",
            status_code=400,
        )
        long_group = {"scenario": "drill-van", "seconds": "30", "group": "G" * 101}
        self.assertContains(
            trainer.post("/live/start", long_group),
            "The group is 101 characters long; at most 100 are allowed.",
            status_code=400,
        )

    def test_refusals_are_409_not_500(self) -> None:
        trainer = self.as_(self.trainer)
        self.assertContains(
            trainer.post(f"{self.base}/control/take", {"choice": "talk-apart"}),
            "Open the vote",
            status_code=409,
        )
        trainer.post(f"{self.base}/control/open")
        self.assertEqual(trainer.post(f"{self.base}/control/open").status_code, 409)
        learner = self.as_(self.learner)
        learner.post("/live/join", {"code": self.run.code})
        self.assertContains(
            learner.post(f"{self.base}/vote", {"choice": "nope"}, **HTMX),
            "not on the table",
            status_code=409,
        )
        self.assertEqual(
            trainer.post(f"{self.base}/control/take", {"choice": "nope"}).status_code, 409
        )

    def test_live_pages_are_within_budget(self) -> None:
        learner = self.as_(self.learner)
        learner.post("/live/join", {"code": self.run.code})
        live.open_vote(self.run, acting_user=self.trainer)
        trainer = self.as_(self.trainer)
        for client, url in [(trainer, f"{self.base}/control/"), (learner, f"{self.base}/"),
                            (trainer, "/live/")]:  # fmt: skip
            with self.subTest(url=url):
                weight = measure(client, url)
                self.assertEqual(weight.status, 200)
                self.assertLessEqual(weight.total, BUDGET_BYTES)

    def test_join_form_is_prefilled_from_the_link(self) -> None:
        page = self.as_(self.learner).get(f"/live/?code={self.run.code.lower()}")
        self.assertContains(page, f'value="{self.run.code}"')

    def test_wrong_methods(self) -> None:
        trainer = self.as_(self.trainer)
        for page in [
            "/live/start",
            "/live/join",
            f"{self.base}/vote",
            f"{self.base}/control/open",
            f"{self.base}/control/take",
        ]:
            with self.subTest(page=page):
                self.assertEqual(trainer.get(page).status_code, 405)
        for page in [f"{self.base}/screen", f"{self.base}/control/votes", "/live/results/"]:
            with self.subTest(page=page):
                self.assertEqual(trainer.post(page).status_code, 405)

    def test_debrief_waits_for_the_end_and_is_for_the_room(self) -> None:
        learner = self.as_(self.learner)
        self.assertEqual(learner.get(f"{self.base}/debrief/").status_code, 403)
        learner.post("/live/join", {"code": self.run.code})
        self.assertRedirects(learner.get(f"{self.base}/debrief/"), f"{self.base}/")
