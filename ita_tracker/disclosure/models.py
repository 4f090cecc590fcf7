"""The public site's own rows: what is published per agency-year, former agency slugs, and the
results of the evidence link checker.

A :class:`Publication` holds the *released content* of one agency-year as plain JSON, built
only from what the approval chain released (issued documents, the snapshots of issued or
recorded submissions, evidence files marked public). The public pages, the open data and the
static files are all rendered from it; nothing public is ever read from the live plan.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """The released content of one agency's fiscal year, as last published."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("agency"),
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    content = models.JSONField(_("released content"))
    # Where the published files come from (public path -> private storage name); never public.
    assets = models.JSONField(_("files"), default=dict)
    digest = models.CharField(_("SHA-256 of the content"), max_length=64)
    first_published_at = models.DateTimeField(_("first published"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    agency_path = "agency"

    class Meta:
        ordering = ["agency_id", "-fiscal_year"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"], name="publication_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.fiscal_year}"


class FormerSlug(models.Model):
    """A web address name an agency had before: its old public URLs redirect to the new one."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("agency"),
    )
    slug = models.SlugField(_("former web address name"), max_length=50, unique=True)
    retired_at = models.DateTimeField(_("changed"), default=timezone.now)

    agency_path = "agency"

    class Meta:
        ordering = ["-retired_at"]
        verbose_name = _("former web address name")
        verbose_name_plural = _("former web address names")

    def __str__(self) -> str:
        return self.slug


class LinkCheck(models.Model):
    """The last check of one evidence link of a plan (``ita-tracker check-links``)."""

    plan = models.ForeignKey(
        "plans.MeasurePlan",
        on_delete=models.CASCADE,
        related_name="link_checks",
        verbose_name=_("plan"),
    )
    url = models.URLField(_("link"), max_length=2000)
    ok = models.BooleanField(_("reachable"))
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)
    where = models.JSONField(_("used by"), default=list)
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)

    agency_path = "plan__agency"

    class Meta:
        ordering = ["plan", "url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self) -> str:
        return f"{self.url}: {'ok' if self.ok else self.error or self.status}"
