"""The ITA result form: total, tools, indicators, OIT items and the level as published;
and the upload of one agency's results file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem
from ita_tracker.lib.score_text import (
    ScoreTextError,
    looks_like_weighted_points,
    parse_score,
    parse_weighted_points,
    points_to_score,
)
from ita_tracker.results.models import ItaResult

HAS_CHOICES = [("", "–"), ("yes", _("has it")), ("no", _("has not"))]


class ScoreField(forms.CharField):
    """A score as agencies write it: ``97.68``, ``๙๗.๖๘``, ``97.68 คะแนน``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "lang": "th"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text is None:
            return None
        try:
            return parse_score(text)
        except ScoreTextError as exc:
            raise forms.ValidationError(
                _("Not a score between 0 and 100 (two decimals): %(value)s"),
                params={"value": text},
            ) from exc


class TotalField(ScoreField):
    """The total, or the whole weighted sum: ``IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44``."""

    def clean(self, value: Any) -> Any:
        text = forms.CharField.clean(self, value)
        if text and looks_like_weighted_points(text):
            return text  # read by the form, which knows the year's weights
        return super().clean(value)


class ResultForm(forms.Form):
    total = TotalField(
        label=_("Total score"),
        help_text=_(
            "As published, in Thai or Arabic digits: 70.33 or 70.33 คะแนน; or the weighted "
            "sum IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44."
        ),
    )
    iit = ScoreField(label=_("IIT score"), required=False)
    eit = ScoreField(label=_("EIT score"), required=False)
    oit = ScoreField(label=_("OIT score"), required=False)
    tool_points = forms.BooleanField(
        label=_("The IIT, EIT and OIT figures are weighted points (IIT 26.53 of 30 …)"),
        required=False,
    )
    level_written = forms.CharField(
        label=_("Level as published"),
        required=False,
        max_length=100,
        help_text=_("Write it as the result sheet does: C, AA, ผ่านดี, (ผ่าน) ระดับ AA …"),
    )
    is_example = forms.BooleanField(
        label=_("The indicator scores are an example, not the published figures"),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, fiscal_year: FiscalYear, result: ItaResult | None = None, **kwargs: Any
    ) -> None:
        self.fiscal_year = fiscal_year
        self.indicators: list[Indicator] = list(
            fiscal_year.indicators.select_related("tool").order_by("number")
        )
        self.items: list[OitItem] = list(fiscal_year.oit_items.order_by("order", "code"))
        if result is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {
                "total": result.total,
                "iit": result.iit,
                "eit": result.eit,
                "oit": result.oit,
                "level_written": result.level_written,
                "is_example": result.is_example,
                "notes": result.notes,
            }
            for score in result.indicator_scores.select_related("indicator"):
                initial[f"indicator_{score.indicator.number}"] = score.score
            for answer in result.oit_items.select_related("item"):
                initial[f"item_{answer.item.code}"] = "yes" if answer.has else "no"
                initial[f"reason_{answer.item.code}"] = answer.reason
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.number}"] = ScoreField(
                label=f"{indicator.number}. {indicator.name_th} ({indicator.tool.code})",
                required=False,
            )
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=f"{item.code} {item.title_th}", choices=HAS_CHOICES, required=False
            )
            self.fields[f"reason_{item.code}"] = forms.CharField(
                label=_("Reason given"), required=False, max_length=1000
            )

    @property
    def weights(self) -> dict[str, Decimal]:
        fy = self.fiscal_year
        return {"IIT": fy.weight_iit, "EIT": fy.weight_eit, "OIT": fy.weight_oit}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = data.get("total")
        if isinstance(total, str):
            try:
                points = parse_weighted_points(total, self.weights)
            except ScoreTextError as exc:
                self.add_error("total", exc.en if _is_english() else exc.th)
                return data
            data["total"] = points.total
            data["iit"], data["eit"], data["oit"] = (
                points.scores["IIT"],
                points.scores["EIT"],
                points.scores["OIT"],
            )
        elif data.get("tool_points"):
            for tool in ("iit", "eit", "oit"):
                value = data.get(tool)
                if value is None:
                    continue
                weight = self.weights[tool.upper()]
                if value > weight * 100:
                    self.add_error(
                        tool,
                        _("Weighted points cannot exceed %(max)s.") % {"max": weight * 100},
                    )
                else:
                    data[tool] = points_to_score(value, weight)
        return data

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{i.number}"] for i in self.indicators]

    def item_rows(self) -> list[tuple[OitItem, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"item_{i.code}"], self[f"reason_{i.code}"]) for i in self.items]

    def indicator_scores(self) -> dict[int, Decimal | None]:
        return {i.number: self.cleaned_data.get(f"indicator_{i.number}") for i in self.indicators}

    def oit_answers(self) -> dict[str, tuple[bool, str] | None]:
        answers: dict[str, tuple[bool, str] | None] = {}
        for item in self.items:
            choice = self.cleaned_data.get(f"item_{item.code}")
            reason = " ".join((self.cleaned_data.get(f"reason_{item.code}") or "").split())
            answers[item.code] = None if not choice else (choice == "yes", reason)
        return answers


def _is_english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "th").startswith("en")


class ResultFileForm(forms.Form):
    file = forms.FileField(
        label=_("Results file (CSV or XLSX)"),
        help_text=_(
            "One row per year (or one column per year): year, total, IIT, EIT, OIT, level, "
            "indicators 1–10, OIT items. The whole file is checked first; nothing is written "
            "if a row is wrong."
        ),
    )


class NationalResultsForm(forms.Form):
    """The national result list as NACC publishes it (one row per agency), for the whole
    installation."""

    file = forms.FileField(
        label=_("National result list (CSV or XLSX)"),
        help_text=_(
            "One row per agency: agency name (or slug) and province, year, total, IIT, EIT, "
            "OIT, level, indicators. The whole file is checked first and shown before anything "
            "is written."
        ),
    )
    year = forms.IntegerField(
        label=_("Assessed year (B.E.)"),
        required=False,
        min_value=2500,
        max_value=2700,
        help_text=_("Only when the file has no year column, e.g. 2567."),
    )
    strict = forms.BooleanField(
        label=_("Refuse rows of agencies that are not in this installation"),
        required=False,
        help_text=_("Unticked, such rows are skipped and listed."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": limit}, code="too_big"
            )
        return upload
