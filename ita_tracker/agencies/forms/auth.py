"""The login form, with the database-backed throttle of ``agencies/throttle.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is wrong. Both are case-sensitive: check the "
            "keyboard language and Caps Lock."
        ),
        "throttled": _(
            "Too many failed attempts for this user name. Try again in %(minutes)s minutes, "
            "or ask your agency administrator to reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request is not None else None
        wait = throttle.seconds_locked(username, ip)
        if wait:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": throttle.minutes(wait)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.register_failure(username, ip)
            raise
        throttle.clear(username, ip)
        return cleaned
