"""ITA reference data per fiscal year, loaded from ``data/*.yaml`` by ``load_frameworks``.

OIT items are keyed on (fiscal year, code): NACC re-uses codes for different items across years.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ita_tracker.middleware import thai_ui


class Confidence(models.TextChoices):
    VERIFIED = "V", _("Seen verbatim in a source")
    CORROBORATED = "C", _("Corroborated by several sources")
    UNCERTAIN = "U", _("Uncertain: check against the NACC manual")


class FiscalYear(models.Model):
    """A Thai fiscal year (ปีงบประมาณ), named by its Buddhist-era year."""

    be_year = models.PositiveIntegerField(_("fiscal year (BE)"), unique=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    catalogue_version = models.CharField(_("catalogue version"), max_length=60, blank=True)
    weight_iit = models.DecimalField(
        _("IIT weight"), max_digits=4, decimal_places=2, default=Decimal("0.30")
    )
    weight_eit = models.DecimalField(
        _("EIT weight"), max_digits=4, decimal_places=2, default=Decimal("0.30")
    )
    weight_oit = models.DecimalField(
        _("OIT weight"), max_digits=4, decimal_places=2, default=Decimal("0.40")
    )
    weights_confidence = models.CharField(
        _("weights confidence"),
        max_length=1,
        choices=Confidence.choices,
        default=Confidence.VERIFIED,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-be_year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")

    def __str__(self) -> str:
        return str(_("Fiscal year B.E. %(year)s") % {"year": self.be_year})

    def contains(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends


class Tool(models.Model):
    """IIT, EIT or OIT: the same three tools every year."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("assessment tool")
        verbose_name_plural = _("assessment tools")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The tool's name in the screen's language."""
        return self.name_th if thai_ui() else (self.name_en or self.name_th)


class Indicator(models.Model):
    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("fiscal year"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    tool = models.ForeignKey(
        Tool, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("tool")
    )
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )

    class Meta:
        ordering = ["fiscal_year", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="indicator_unique_no"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        """The indicator's name in the screen's language (Thai when no English is known)."""
        return self.name_th if thai_ui() else (self.name_en or self.name_th)


class PeriodRule(models.TextChoices):
    CURRENT_FY = "current_fy", _("Current fiscal year")
    PREVIOUS_FY = "previous_fy", _("Previous fiscal year")
    FIRST_SIX_MONTHS = "first_6_months_current_fy", _("First six months of the current year")
    MONTHLY = "monthly_current_fy", _("Every month of the current year")
    QUARTERLY = "quarterly", _("Every quarter")
    ANY = "any", _("No period rule")


class OitItem(models.Model):
    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="oit_items",
        verbose_name=_("fiscal year"),
    )
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_th = models.CharField(_("title"), max_length=500)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oit_items",
        verbose_name=_("indicator"),
    )
    sub_indicator = models.CharField(_("sub-indicator"), max_length=10, blank=True)
    sub_indicator_name = models.CharField(_("sub-indicator name"), max_length=200, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    period_rule = models.CharField(
        _("period"), max_length=40, choices=PeriodRule.choices, default=PeriodRule.ANY
    )
    is_measures_item = models.BooleanField(
        _("the measures item"),
        default=False,
        help_text=_("The item where the agency publishes its integrity measures (O42 in 2566)."),
    )
    is_progress_item = models.BooleanField(
        _("the progress item"),
        default=False,
        help_text=_("The item where the agency publishes progress on its measures (O43 in 2566)."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )
    # Cross-year lineage, e.g. 2568 O21 comes from 2566 O31 and O32: [{"fy": 2566, "code": "O31"}].
    maps_from = models.JSONField(_("comes from"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["fiscal_year", "order", "code"]
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="oititem_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th} ({self.fiscal_year.be_year})"


class RatingRule(models.Model):
    """One level of a year's rating. Rules are tried in order; the first that holds applies.

    AA–F bands (to 2566) use ``min_total`` only. The qualitative rating (from 2567) also uses
    ``min_each_tool``: "ผ่านดี" needs the total and every tool at 85 or more.
    """

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="rating_rules",
        verbose_name=_("fiscal year"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=60)
    label_en = models.CharField(_("English label"), max_length=60, blank=True)
    min_total = models.DecimalField(_("minimum total"), max_digits=5, decimal_places=2)
    min_each_tool = models.DecimalField(
        _("minimum of each tool"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passes = models.BooleanField(_("passes the 85-point criterion"), default=False)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )

    class Meta:
        ordering = ["fiscal_year", "order"]
        verbose_name = _("rating rule")
        verbose_name_plural = _("rating rules")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "order"], name="ratingrule_unique_order"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "label"], name="ratingrule_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.fiscal_year.be_year})"
