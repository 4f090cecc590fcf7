from __future__ import annotations

from django import template

from ita_tracker.audit.labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """``progress.updated`` → "Progress reported" (translated)."""
    return _action_label(action)
