"""The ITA result form: total, the three tools, and one score per indicator of that year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ita_tracker.frameworks.models import FiscalYear, Indicator
from ita_tracker.results.models import ItaResult


def _score(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "size": 7}),
    )


class ResultForm(forms.Form):
    total = _score(_("Total score"), required=True)
    iit = _score(_("IIT score"))
    eit = _score(_("EIT score"))
    oit = _score(_("OIT score"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, fiscal_year: FiscalYear, result: ItaResult | None = None, **kwargs: Any
    ) -> None:
        if result is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {
                "total": result.total,
                "iit": result.iit,
                "eit": result.eit,
                "oit": result.oit,
                "notes": result.notes,
            }
            for score in result.indicator_scores.select_related("indicator"):
                initial[f"indicator_{score.indicator.number}"] = score.score
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.indicators: list[Indicator] = list(
            fiscal_year.indicators.select_related("tool").order_by("number")
        )
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.number}"] = _score(
                f"{indicator.number}. {indicator.name_th} ({indicator.tool.code})"
            )

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{i.number}"] for i in self.indicators]

    def indicator_scores(self) -> dict[int, Decimal | None]:
        return {i.number: self.cleaned_data.get(f"indicator_{i.number}") for i in self.indicators}
