"""An agency's published ITA result for one assessed fiscal year."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ita_tracker.frameworks.rating import Rule, rate

score_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ItaResult(models.Model):
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
    notes = models.TextField(_("notes"), blank=True)
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
