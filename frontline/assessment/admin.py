from django.contrib import admin

from frontline.assessment.models import Attempt, Item, Quiz
from frontline.lib.admin import ReadOnlyAdmin

# Items and quizzes come from the content files (edit those and reload, not the rows); attempts
# are learning records, changed only by the learner answering.


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "unit", "primary_objective", "retired"]
    list_filter = ["kind", "unit", "retired"]
    search_fields = ["key", "stem"]


@admin.register(Quiz)
class QuizAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "pass_mark", "max_attempts", "time_limit_minutes", "feedback"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["quiz", "user", "number", "started_at", "submitted_at", "score"]
    list_filter = ["quiz"]
