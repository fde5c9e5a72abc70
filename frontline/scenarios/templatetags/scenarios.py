from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from frontline.curriculum.rendering import markdown_to_html

register = template.Library()


@register.filter
def scenario_markdown(text: str) -> SafeString:
    """Scenario narrative and debriefs are Markdown; the renderer sanitises its output."""
    return mark_safe(markdown_to_html(text))  # nh3 cleaned it in markdown_to_html


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, 0) if mapping else 0


@register.filter
def outcome_label(outcome: str) -> str:
    from frontline.scenarios.models import Outcome

    return str(Outcome(outcome).label) if outcome in Outcome.values else outcome
