"""Form fields for Buddhist-era dates and months, typed with Arabic or Thai digits.

Shown as ``3/4/2566`` (or ``10/2565`` for a month) with "พ.ศ." beside the box; read by
``lib/thai_dates``, whose Thai + English message becomes the field's error.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ita_tracker.lib import one_language, text_input, thai_dates
from ita_tracker.middleware import thai_ui

# "- ", "• ", "1. ", "๒) ": list markers people paste along with the text.
_BULLET = re.compile(r"^\s*(?:[-–•*·]+\s*|[0-9๐-๙]{1,3}[.)]\s+)")


class BEDateInput(forms.TextInput):
    template_name = "plans/widgets/be_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The box shows its value in the screen's digits, as the page around it (it reads both).
        defaults = {
            "placeholder": "3/4/2566",
            "autocomplete": "off",
            "size": "12",
            "data-screen-digits": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return thai_dates.format_date(value, "numeric", thai_digits=False)
        return super().format_value(value)


class BEMonthInput(BEDateInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"placeholder": "10/2565", "size": "10", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return f"{value.month}/{thai_dates.be_year(value)}"
        return super().format_value(value)


class BEDateField(forms.Field):
    """A day typed as ``3/4/2566``, ``๓/๔/๒๕๖๖`` or ``3 เม.ย. 66``."""

    widget = BEDateInput
    default_error_messages = {"invalid": _("Enter a date as day/month/Buddhist-era year.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("Day/month/year in the Buddhist era, e.g. 3/4/2566 (Thai or Arabic digits)."),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return thai_dates.parse_date(str(value))
        except thai_dates.ThaiDateError as exc:
            raise forms.ValidationError(
                one_language.pick(exc, thai=thai_ui()), code="invalid"
            ) from None


class BEMonthField(BEDateField):
    """A month typed as ``10/2565``, ``ต.ค.65`` or ``ตุลาคม 2565``; the value is its first day."""

    widget = BEMonthInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Month/year in the Buddhist era, e.g. 10/2565 or ต.ค.65."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        try:
            return thai_dates.parse_month(str(value))
        except thai_dates.ThaiDateError as exc:
            raise forms.ValidationError(
                one_language.pick(exc, thai=thai_ui()), code="invalid"
            ) from None


class LinesField(forms.CharField):
    """A textarea read as a list: one item per line, blank lines dropped.

    Leading bullets and numbers ("- ", "๑. ", "2) ") are removed, so steps pasted from a Word
    table keep only their text; the list's order is the order of the lines.
    """

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        items = []
        for line in str(text).splitlines():
            cleaned = _BULLET.sub("", line).strip()
            if cleaned:
                items.append(cleaned)
        return items

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for number, line in enumerate(value, start=1):
            found = text_input.find_control_character(line)
            if found is not None:  # PostgreSQL refuses NUL (issue 10, finding 7)
                raise forms.ValidationError(
                    _(
                        "Line %(line)s has a control character (%(name)s) at character "
                        "%(position)s: remove it or type the line again."
                    ),
                    code="control_character",
                    params={"line": number, "name": found[0], "position": found[1]},
                )

    def run_validators(self, value: Any) -> None:
        # The field's validators (max_length, no NUL) are about the text, not the list.
        super().run_validators("\n".join(value) if isinstance(value, list) else value)


class DocumentTextForm(forms.Form):
    """Base for forms whose text is printed in the memo: invisible characters (zero-width
    space…) are dropped, and a character the documents' fonts cannot draw (an emoji) is refused
    on its field, rather than coming out as a box or not at all."""

    def clean(self) -> dict[str, Any]:
        from ita_tracker.docengine.glyphs import missing_glyphs
        from ita_tracker.lib.document_text import describe, strip_invisible

        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = strip_invisible(value)
                texts = [data[name]]
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                data[name] = [strip_invisible(v) for v in value]
                texts = data[name]
            else:
                continue
            missing = list(dict.fromkeys(ch for text in texts for ch in missing_glyphs(text)))
            if missing:
                self.add_error(
                    name,
                    _(
                        "These characters cannot be printed in the documents: %(chars)s. "
                        "Remove them or write them as words."
                    )
                    % {"chars": describe(missing)},
                )
        return data
