"""``{{ user|person:agency }}``: a member by Thai full name and position (agencies/people.py)."""

from __future__ import annotations

from typing import Any

from django import template

from ita_tracker.agencies import people

register = template.Library()


@register.filter
def person(user: Any, agency: Any = None) -> str:
    return people.person_label(user, agency)


@register.filter
def person_name(user: Any, agency: Any = None) -> str:
    """The name alone, where the position is shown beside it already."""
    return people.person(user, agency).name


@register.filter
def actor(event: Any, agency: Any = None) -> str:
    """Who did what an audit row records."""
    return people.actor_label(event, agency)
