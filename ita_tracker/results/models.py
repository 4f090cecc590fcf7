"""An agency's published ITA result for one assessed fiscal year."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ita_tracker.frameworks.levels import LevelReading, read_level
from ita_tracker.frameworks.rating import Rule, rate

score_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ResultSource(models.TextChoices):
    FORM = "form", _("Entered in the form")
    FILE = "file", _("Imported from the agency's file")
    NATIONAL = "national", _("Imported from the national result list")
    PLAN_FILE = "plan_file", _("Imported with a plan file")


class ItaResult(models.Model):
    """One agency's result for one assessed year, as NACC published it.

    The level is kept as the agency wrote it (``level_written``: "ผ่านดี", "(ผ่าน) ระดับ AA" …);
    the band the year's rules compute is never stored but computed (:meth:`rating_rule`), and
    :meth:`level_reading` says whether the two agree.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("agency"),
    )
    fiscal_year = models.ForeignKey(
        "frameworks.FiscalYear",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("assessed year"),
    )
    total = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=2, validators=score_validators
    )
    iit = models.DecimalField(
        _("IIT score"),
        max_digits=5,
        decimal_places=2,
        validators=score_validators,
        null=True,
        blank=True,
    )
    eit = models.DecimalField(
        _("EIT score"),
        max_digits=5,
        decimal_places=2,
        validators=score_validators,
        null=True,
        blank=True,
    )
    oit = models.DecimalField(
        _("OIT score"),
        max_digits=5,
        decimal_places=2,
        validators=score_validators,
        null=True,
        blank=True,
    )
    level_written = models.CharField(
        _("level as published"),
        max_length=100,
        blank=True,
        help_text=_("As the result sheet or the agency writes it, e.g. C, ผ่านดี, ระดับ AA."),
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=ResultSource.choices, default=ResultSource.FORM
    )
    is_example = models.BooleanField(
        _("example figures"),
        default=False,
        help_text=_("The indicator scores are an illustration, not the published figures."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "-fiscal_year__be_year"]
        verbose_name = _("ITA result")
        verbose_name_plural = _("ITA results")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="result_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year.be_year}: {self.total}"

    def rating_rule(self) -> Rule | None:
        """The level (AA–F) or rating (ผ่านดี …) by the assessed year's rules."""
        rules = [
            Rule(
                label=r.label,
                label_en=r.label_en,
                min_total=r.min_total,
                min_each_tool=r.min_each_tool,
                passes=r.passes,
            )
            for r in self.fiscal_year.rating_rules.all()
        ]
        return rate(rules, self.total, {"IIT": self.iit, "EIT": self.eit, "OIT": self.oit})

    @property
    def rating(self) -> str:
        rule = self.rating_rule()
        return rule.label if rule else ""

    def level_reading(self) -> LevelReading:
        """The written level read against the year's rules and the computed band."""
        labels = [r.label for r in self.fiscal_year.rating_rules.all()]
        return read_level(self.level_written, labels, self.rating or None)


class IndicatorScore(models.Model):
    result = models.ForeignKey(
        ItaResult,
        on_delete=models.CASCADE,
        related_name="indicator_scores",
        verbose_name=_("result"),
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("indicator"),
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, validators=score_validators
    )

    agency_path = "result__agency"

    class Meta:
        ordering = ["result", "indicator__number"]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(fields=["result", "indicator"], name="score_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number}: {self.score}"


class OitItemResult(models.Model):
    """Whether the assessors found an OIT item (มี / ไม่มี) and, if published, why not."""

    result = models.ForeignKey(
        ItaResult, on_delete=models.CASCADE, related_name="oit_items", verbose_name=_("result")
    )
    item = models.ForeignKey(
        "frameworks.OitItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    has = models.BooleanField(_("has it"))
    reason = models.TextField(_("reason"), blank=True)

    agency_path = "result__agency"

    class Meta:
        ordering = ["result", "item__order"]
        verbose_name = _("OIT item result")
        verbose_name_plural = _("OIT item results")
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="oit_result_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {'มี' if self.has else 'ไม่มี'}"


class AnalysisGrouping(models.TextChoices):
    INDICATOR = "indicator", _("One comment per indicator")
    TOOL = "tool", _("Comments merged per tool")


class ResultAnalysis(models.Model):
    """The coordinator's analysis of a result: per indicator (or per tool) the issues to correct
    (ประเด็นที่ต้องแก้ไข/ปรับปรุง) and the way to develop (แนวทางการพัฒนา). Printed in the analysis
    report and, when ``include_in_plan``, as part 1 of next year's measures document."""

    result = models.OneToOneField(
        ItaResult, on_delete=models.CASCADE, related_name="analysis", verbose_name=_("result")
    )
    grouping = models.CharField(
        _("comments"),
        max_length=10,
        choices=AnalysisGrouping.choices,
        default=AnalysisGrouping.INDICATOR,
    )
    # {"5": {"issues": "…", "development": "…"}, "IIT": {…}}: keys are indicator numbers or
    # tool codes, following ``grouping``; a missing or empty text is filled from the scores.
    comments = models.JSONField(_("comments"), default=dict, blank=True)
    include_in_plan = models.BooleanField(
        _("print as part 1 of the measures document"), default=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "result__agency"

    class Meta:
        verbose_name = _("analysis of a result")
        verbose_name_plural = _("analyses of results")

    def __str__(self) -> str:
        return f"{self.result}: {self.grouping}"
