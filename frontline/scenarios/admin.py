from django.contrib import admin

from frontline.lib.admin import ReadOnlyAdmin
from frontline.scenarios.models import LiveRun, Play, Scenario

# Scenarios come from content/ (edit the files and reload); plays and runs are records of what
# learners and trainers did, changed only by playing.


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ["key", "title", "unit", "minutes", "trafficking", "retired"]
    list_filter = ["unit", "trafficking", "possible_minor", "border", "retired"]


@admin.register(Play)
class PlayAdmin(ReadOnlyAdmin):
    list_display = ["pk", "user", "scenario", "node", "outcome", "started_at", "finished_at"]
    list_filter = ["outcome", "scenario"]


@admin.register(LiveRun)
class LiveRunAdmin(ReadOnlyAdmin):
    list_display = ["code", "scenario", "trainer", "group", "status", "created_at"]
    list_filter = ["status", "scenario"]
