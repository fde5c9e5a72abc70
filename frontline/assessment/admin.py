from django.contrib import admin

from frontline.assessment.models import Attempt, Item, Quiz


class ContentAdmin(admin.ModelAdmin):
    """Items and quizzes come from the content files; edit those and reload, not the rows."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Item)
class ItemAdmin(ContentAdmin):
    list_display = ["key", "kind", "unit", "primary_objective", "retired"]
    list_filter = ["kind", "unit", "retired"]
    search_fields = ["key", "stem"]


@admin.register(Quiz)
class QuizAdmin(ContentAdmin):
    list_display = ["key", "kind", "pass_mark", "max_attempts", "time_limit_minutes", "feedback"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "user", "number", "started_at", "submitted_at", "score"]
    list_filter = ["quiz"]
    readonly_fields = ["quiz", "user", "number", "seed", "item_ids", "started_at", "deadline",
                       "submitted_at", "score", "passed"]  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False
