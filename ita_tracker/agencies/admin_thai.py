"""The Django admin as the site administrators read it: Thai titles, Buddhist-era dates.

Django formats dates with ``DATE_FORMAT`` (Gregorian ``Y``) and has no Buddhist-era format
character, so the admin's two display functions are wrapped to show dates and times as every
other screen does (``{% load thai %}``). Installed once, from ``AgenciesConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

_INSTALLED = False


def _be(value: Any) -> str | None:
    from ita_tracker.plans.templatetags.thai import thai_date, thai_datetime

    if isinstance(value, dt.datetime):
        return thai_datetime(value)
    if isinstance(value, dt.date):
        return thai_date(value)
    return None


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def display(value: Any, *args: Any, **kwargs: Any) -> Any:
        shown = _be(value)
        return shown if shown is not None else original(value, *args, **kwargs)

    return display


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    from django.contrib.admin import helpers, utils
    from django.contrib.admin.templatetags import admin_list

    for module in (utils, admin_list, helpers):
        for name in ("display_for_field", "display_for_value"):
            if hasattr(module, name):
                setattr(module, name, _wrap(getattr(module, name)))
    admin.site.site_header = _("ITA Tracker: system administration")
    admin.site.site_title = _("ITA Tracker administration")
    admin.site.index_title = _("Agencies and ITA catalogues")
    # The task queue's app names itself in English, with no gettext: name it here.
    if apps.is_installed("django_tasks_db"):
        apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
    _INSTALLED = True
