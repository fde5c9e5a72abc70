from __future__ import annotations

from typing import Any

from django import template

from frontline.courses import agenda

register = template.Library()


@register.filter
def duration(minutes: int) -> str:
    return agenda.duration(int(minutes))


@register.filter
def percent(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}%"


@register.filter
def gain(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.2f}"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
