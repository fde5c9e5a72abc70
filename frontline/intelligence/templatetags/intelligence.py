from __future__ import annotations

from typing import Any

from django import template

from frontline.intelligence.suppression import Table

register = template.Library()


@register.simple_tag
def cell(table: Table, row: Any, column: Any) -> str:
    value = table.cells.get((row, column))
    return "·" if value is None else str(value)


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
