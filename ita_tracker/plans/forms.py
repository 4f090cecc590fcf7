"""Forms of the back office: plans, measures, rounds and progress."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.models import Agency, OrgUnit
from ita_tracker.frameworks.models import FiscalYear, Indicator, Tool
from ita_tracker.lib import thai_dates
from ita_tracker.planfile.schema import NOTE_MAX_LENGTH
from ita_tracker.plans.form_fields import (
    BEDateField,
    BEMonthField,
    DocumentTextForm,
    LinesField,
)
from ita_tracker.plans.models import (
    MeasurePlan,
    ProgressStatus,
    RoundKind,
)


class PlanForm(DocumentTextForm, forms.ModelForm):
    class Meta:
        model = MeasurePlan
        fields = ["title", "background", "analysis"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "analysis": forms.Textarea(attrs={"rows": 6}),
        }


class FiscalYearChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: FiscalYear) -> str:
        return str(obj)


class PlanChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: MeasurePlan) -> str:
        return _("Measures of fiscal year %(year)s") % {"year": obj.fiscal_year.be_year}


class NewPlanForm(forms.Form):
    fiscal_year = FiscalYearChoice(
        label=_("Fiscal year"), queryset=FiscalYear.objects.none(), empty_label=None
    )
    copy_from = PlanChoice(
        label=_("Start from"),
        queryset=MeasurePlan.objects.none(),
        required=False,
        empty_label=_("An empty plan"),
        help_text=_(
            "Copy the measures of an earlier plan: they are marked as carried over and every "
            "status starts again from “not started”."
        ),
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = MeasurePlan.objects.filter(agency=agency).values_list("fiscal_year_id", flat=True)
        years = cast(FiscalYearChoice, self.fields["fiscal_year"])
        years.queryset = FiscalYear.objects.exclude(pk__in=list(taken)).order_by("be_year")
        # The year a coordinator starts is the one after her latest plan (else this year).
        latest = (
            MeasurePlan.objects.filter(agency=agency)
            .order_by("-fiscal_year__be_year")
            .values_list("fiscal_year__be_year", flat=True)
            .first()
        )
        wanted = latest + 1 if latest else thai_dates.fiscal_year_of(timezone.localdate())
        # A year past the ITA catalogues (NACC has not published it yet): the newest one there
        # is, never the oldest.
        default = (
            years.queryset.filter(be_year__gte=wanted).first()
            or years.queryset.order_by("-be_year").first()
        )
        if default is not None:
            self.fields["fiscal_year"].initial = default.pk
        plans = cast(PlanChoice, self.fields["copy_from"])
        plans.queryset = (
            MeasurePlan.objects.filter(agency=agency)
            .select_related("fiscal_year")
            .order_by("-fiscal_year__be_year")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, source = cleaned.get("fiscal_year"), cleaned.get("copy_from")
        if year and source and source.fiscal_year.be_year >= year.be_year:
            self.add_error("copy_from", _("A plan can only be copied into a later fiscal year."))
        return cleaned


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.label


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.number}. {obj.name_th} ({obj.tool.code})"


class MeasureForm(DocumentTextForm):
    tool = forms.ModelChoiceField(
        label=_("Tool"), queryset=Tool.objects.order_by("order"), empty_label=None
    )
    title = forms.CharField(
        label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    methods = LinesField(
        label=_("Method steps"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One step per line, in order. Bullets and numbers are removed."),
    )
    units = UnitChoiceField(
        label=_("Responsible units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Officers of these units (and of the sections under them) report progress."),
    )
    responsible_note = forms.CharField(
        label=_("Other responsible (free text)"),
        required=False,
        max_length=300,
        help_text=_("Written after the units, e.g. ทุกส่วนราชการ."),
    )
    period_start = BEMonthField(label=_("From month"))
    period_end = BEMonthField(label=_("To month"))
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How progress is followed, e.g. รายงานผลการดำเนินการในการประชุมประจำเดือน."),
    )
    indicators = IndicatorChoiceField(
        label=_("Indicators addressed"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: MeasurePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["units"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            agency=plan.agency
        ).in_tree_order()
        self.fields["indicators"].queryset = (  # type: ignore[attr-defined]
            Indicator.objects.filter(fiscal_year=plan.fiscal_year)
            .select_related("tool")
            .order_by("number")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period ends before it starts."))
            first, last = thai_dates.fiscal_year_bounds(self.plan.fiscal_year.be_year)
            if start < first.replace(day=1) or end > last:
                self.add_error(
                    "period_start" if start < first else "period_end",
                    _(
                        "The period must lie within fiscal year %(year)s "
                        "(October %(start)s to September %(end)s)."
                    )
                    % {
                        "year": self.plan.fiscal_year.be_year,
                        "start": thai_dates.be_year(first),
                        "end": thai_dates.be_year(last),
                    },
                )
        if not cleaned.get("units") and not cleaned.get("responsible_note"):
            self.add_error("units", _("Choose at least one responsible unit, or write one."))
        return cleaned


class RoundForm(DocumentTextForm):
    kind = forms.ChoiceField(
        label=_("Round"), choices=RoundKind.choices, widget=forms.RadioSelect, initial="six_month"
    )
    label = forms.CharField(label=_("Name (other rounds only)"), required=False, max_length=200)
    period_start = BEDateField(
        label=_("From"),
        required=False,
        help_text=_(
            "Leave empty for the usual period: 1 October – 31 March for 6 months, "
            "1 October – 30 September for 12 months."
        ),
    )
    period_end = BEDateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if cleaned.get("kind") == RoundKind.OTHER and not cleaned.get("label"):
            self.add_error("label", _("Give the round a name."))
        return cleaned


def _check_urls(urls: list[str]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    for url in urls:
        try:
            validate(url)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("“%(url)s” is not a web address. A link starts with https:// or http://."),
                params={"url": url},
                code="invalid_url",
            ) from None
    return urls


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgressStatus.choices, widget=forms.RadioSelect
    )


class ProgressForm(DocumentTextForm):
    """Note, evidence text and links; the status has its own form (saved on change)."""

    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_text = forms.CharField(
        label=_("Evidence note"),
        required=False,
        max_length=500,
        help_text=_("Printed under the tick in the report, e.g. ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน."),
    )
    urls = LinesField(
        label=_("Evidence links"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One web address per line, e.g. the page on the agency's website."),
    )

    def clean_urls(self) -> list[str]:
        return _check_urls(self.cleaned_data.get("urls") or [])


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, image (PNG, JPEG, GIF, WebP) or Office file; at most %(mb)s MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        }


class OfficeImportForm(forms.Form):
    """Upload a Word memo, an Excel sheet or a CSV file of measures (read, then previewed)."""

    fiscal_year = FiscalYearChoice(
        label=_("Fiscal year to import into"),
        queryset=FiscalYear.objects.order_by("be_year"),
        empty_label=None,
        help_text=_(
            "A file of an earlier year gives this year's plan its measures, marked as carried "
            "over, without last year's statuses."
        ),
    )
    file = forms.FileField(
        label=_("Word, Excel or CSV file"),
        help_text=_("A .docx memo or plan, an .xlsx sheet or a .csv file, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today_year = thai_dates.fiscal_year_of(dt.date.today())
        years = FiscalYear.objects.order_by("be_year")
        initial = years.filter(be_year=today_year).first() or years.last()
        if initial is not None and not self.is_bound:
            self.initial.setdefault("fiscal_year", initial.pk)
