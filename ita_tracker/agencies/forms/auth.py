"""The login forms (the site's and the Django admin's), with the database-backed throttle of
``agencies/throttle.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies import throttle


class ThrottleMixin:
    """``clean`` counts the attempt before the password is checked, and refuses it once the
    user name (from this address) or the address (over all names) has failed too often."""

    request: Any
    cleaned_data: dict[str, Any]
    error_messages: dict[str, Any]
    throttle_messages = {
        "throttled": _(
            "Too many failed attempts for this user name. Try again in %(minutes)s minutes, "
            "or ask your agency administrator to reset your password."
        ),
        "throttled_address": _(
            "Too many failed logins from your network address, for several user names. Try "
            "again in %(minutes)s minutes. If you have logged in from this browser before, "
            "your own login still works."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request is not None else None
        known = throttle.is_known_device(self.request, username)
        attempt = throttle.begin_attempt(username, ip, known_device=known)
        if attempt.failure is None:
            code = "throttled" if attempt.cause == "user" else "throttled_address"
            raise forms.ValidationError(
                self.throttle_messages[code],
                code=code,
                params={"minutes": throttle.minutes(attempt.wait)},
            )
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        throttle.succeeded(attempt)  # a wrong password raised above: its row is the failure
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is wrong. Both are case-sensitive: check the "
            "keyboard language and Caps Lock."
        ),
    }


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The Django admin's login, under the same throttle as the site's (issue 10, finding 1)."""


_CONFIRM_HELP = _("Type the new password again, to be sure it is what you meant.")


class ThaiPasswordChangeForm(PasswordChangeForm):
    """Django's form with the one help text Django's Thai catalogue lacks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = _CONFIRM_HELP


class ThaiSetPasswordForm(SetPasswordForm):
    """The form of the e-mailed reset link, worded like the change form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = _CONFIRM_HELP
