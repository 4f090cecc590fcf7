"""Password rules, worded for the agency's people (AUTH_PASSWORD_VALIDATORS).

Django's own validators, with messages and help texts of our own catalogue: Django's Thai
catalogue lacks them, and the screens are Thai (ADR 0004). The user-attribute check also refuses
a password that contains the user name, whatever its length: Django's similarity ratio lets
"coordinator2566" pass for the account ``coordinator``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ATTRIBUTES = {
    "username": gettext_lazy("user name"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail address"),
}


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def __init__(self, max_similarity: float = 0.7) -> None:
        super().__init__(user_attributes=tuple(ATTRIBUTES), max_similarity=max_similarity)

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise self._refusal("username")
        try:
            super().validate(password, user)
        except ValidationError as exc:
            field = next(
                (
                    name
                    for name, label in ATTRIBUTES.items()
                    if str(label) == str((exc.params or {}).get("verbose_name"))
                ),
                "",
            )
            raise self._refusal(field) from None

    def _refusal(self, field: str) -> ValidationError:
        return ValidationError(
            self.get_error_message(),
            code="password_too_similar",
            params={"verbose_name": ATTRIBUTES.get(field, ATTRIBUTES["username"])},
        )

    def get_error_message(self) -> str:
        return _("The password is too like the account's %(verbose_name)s. Choose another.")

    def get_help_text(self) -> str:
        return _("It may not contain or resemble your user name, name or e-mail address.")


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: it needs at least %d character.",
            "The password is too short: it needs at least %d characters.",
            self.min_length,
        ) % (self.min_length,)

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is one of the most common ones. Choose another.")

    def get_help_text(self) -> str:
        return _("Not one of the commonly used passwords.")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("The password is only digits. Add letters.")

    def get_help_text(self) -> str:
        return _("Not only digits.")
