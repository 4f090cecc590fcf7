"""Measure plans, their measures, reporting rounds and progress entries."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_tracker.lib import thai_dates
from ita_tracker.lib.states import InvalidTransition, transition

DEFAULT_PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")


class MeasurePlan(models.Model):
    """One agency's integrity measures for one fiscal year (the O42 document)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="plans", verbose_name=_("agency")
    )
    fiscal_year = models.ForeignKey(
        "frameworks.FiscalYear",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("fiscal year"),
    )
    title = models.CharField(_("title"), max_length=300, default=DEFAULT_PLAN_TITLE)
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("เรื่องเดิม: how the measures were decided, as the memo tells it."),
    )
    analysis = models.TextField(
        _("analysis of last year's result"),
        blank=True,
        help_text=_(
            "Weak points to correct, points to develop, and how the analysis is put into practice."
        ),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("cloned from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "-fiscal_year__be_year"]
        verbose_name = _("measure plan")
        verbose_name_plural = _("measure plans")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="plan_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.agency} {self.fiscal_year.be_year}"

    # Transitions -----------------------------------------------------------------------------
    def submit(self) -> str:
        """Send the plan for the head of agency's approval."""
        return transition(
            self, "submit", field="state", allowed=[PlanState.DRAFT], to=PlanState.SUBMITTED
        )

    def approve(self) -> str:
        return transition(
            self, "approve", field="state", allowed=[PlanState.SUBMITTED], to=PlanState.APPROVED
        )

    def return_to_draft(self) -> str:
        return transition(
            self,
            "return to draft",
            field="state",
            allowed=[PlanState.SUBMITTED, PlanState.APPROVED],
            to=PlanState.DRAFT,
        )

    @property
    def is_editable(self) -> bool:
        return self.state == PlanState.DRAFT


class Measure(models.Model):
    """One measure (มาตรการ/แนวทาง) under one tool, with its method steps and period."""

    plan = models.ForeignKey(
        MeasurePlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    tool = models.ForeignKey(
        "frameworks.Tool", on_delete=models.PROTECT, related_name="+", verbose_name=_("tool")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.TextField(_("measure"))
    methods = models.JSONField(
        _("method steps"), default=list, blank=True, help_text=_("วิธีดำเนินการ: ordered steps.")
    )
    responsible_units: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "agencies.OrgUnit",
        blank=True,
        through="Responsibility",
        related_name="measures",
        verbose_name=_("responsible units"),
    )
    responsible_note = models.CharField(
        _("responsible (other)"),
        max_length=300,
        blank=True,
        help_text=_("Written after the units, e.g. ทุกส่วนราชการ."),
    )
    period_start = models.DateField(_("from month"))
    period_end = models.DateField(_("to month"))
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("การติดตามประเมินผล"))
    indicators = models.ManyToManyField(
        "frameworks.Indicator",
        blank=True,
        related_name="measures",
        verbose_name=_("indicators addressed"),
    )
    carried_over = models.BooleanField(_("carried over from last year"), default=False)
    # Set when the measure was cloned inside this installation; a plan file only says carried_over.
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried over from"),
    )

    agency_path = "plan__agency"

    class Meta:
        ordering = ["plan", "tool__order", "order", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.tool.code} {self.order}. {self.title[:80]}"

    @property
    def period_label(self) -> str:
        return thai_dates.format_month_range(self.period_start, self.period_end)

    def ordered_units(self) -> list[Any]:
        """The responsible units in the order the coordinator gave them."""
        return [r.unit for r in self.responsibilities.all()]

    def responsible_label(self) -> str:
        """``สำนักปลัด งานประชาสัมพันธ์, กองคลัง งานพัสดุ, ทุกส่วนราชการ``."""
        parts = [u.label for u in self.ordered_units()]
        if self.responsible_note:
            parts.append(self.responsible_note)
        return ", ".join(parts)


class Responsibility(models.Model):
    """A unit responsible for a measure, in the order it is written in the plan."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey("agencies.OrgUnit", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    agency_path = "measure__plan__agency"

    class Meta:
        ordering = ["measure", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "unit"], name="responsibility_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.unit_id}"


class RoundKind(models.TextChoices):
    SIX_MONTH = "six_month", _("6-month round")
    TWELVE_MONTH = "twelve_month", _("12-month round")
    OTHER = "other", _("Other round")


class RoundState(models.TextChoices):
    OPEN = "open", _("Open for updates")
    SUBMITTED = "submitted", _("Report submitted")
    APPROVED = "approved", _("Report approved")


class ReportingRound(models.Model):
    plan = models.ForeignKey(
        MeasurePlan, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    label = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Only needed for other rounds.")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    state = models.CharField(
        _("state"), max_length=20, choices=RoundState.choices, default=RoundState.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    agency_path = "plan__agency"

    class Meta:
        ordering = ["plan", "period_end", "pk"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "period_start", "period_end"], name="round_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.plan.fiscal_year.be_year}"

    @property
    def title_th(self) -> str:
        """The round's name as documents and file names write it."""
        if self.kind == RoundKind.SIX_MONTH:
            return "รอบ ๖ เดือน"
        if self.kind == RoundKind.TWELVE_MONTH:
            return "รอบ ๑๒ เดือน"
        return self.label or "รอบรายงาน"

    @property
    def title(self) -> str:
        """The round's name in the screen's language (Thai: the same as ``title_th``)."""
        if self.kind == RoundKind.OTHER:
            return self.label or str(_("Reporting round"))
        return str(self.get_kind_display())

    @property
    def is_locked(self) -> bool:
        return self.state != RoundState.OPEN

    def submit(self) -> str:
        """Lock the round: its report goes up the approval chain and updates stop."""
        old = transition(
            self, "submit", field="state", allowed=[RoundState.OPEN], to=RoundState.SUBMITTED
        )
        self.submitted_at = timezone.now()
        return old

    def approve(self) -> str:
        return transition(
            self, "approve", field="state", allowed=[RoundState.SUBMITTED], to=RoundState.APPROVED
        )

    def reopen(self) -> str:
        old = transition(
            self, "reopen", field="state", allowed=[RoundState.SUBMITTED], to=RoundState.OPEN
        )
        self.submitted_at = None
        return old

    def covers(self, day: dt.date) -> bool:
        return self.period_start <= day <= self.period_end


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ProgressEntry(models.Model):
    """The status of one measure in one round, with what shows it."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("round")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="entries", verbose_name=_("measure")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    note = models.TextField(_("what was done"), blank=True)
    evidence_text = models.CharField(
        _("evidence note"),
        max_length=500,
        blank=True,
        help_text=_("Printed under the tick, e.g. ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน."),
    )
    urls = models.JSONField(_("evidence links"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)

    agency_path = "round__plan__agency"

    class Meta:
        ordering = ["round", "measure__tool__order", "measure__order"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="entry_one_per_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} — {self.get_status_display()}"

    @property
    def has_update(self) -> bool:
        return self.updated_at is not None

    @property
    def updated_by_label(self) -> str:
        from ita_tracker.agencies.people import person_label

        user = self.updated_by
        return person_label(user, self.round.plan.agency) if user is not None else ""

    def apply_update(
        self, *, status: str, note: str, evidence_text: str, urls: list[str], user: Any
    ) -> None:
        """Set what the unit reports, stamped with who and when. Allowed only while the
        round is open: a submitted report is locked."""
        if self.round.is_locked:
            raise InvalidTransition(self, "update progress", self.round.state)
        if status not in ProgressStatus.values:
            raise ValueError(f"unknown progress status {status!r}")
        self.status = status
        self.note = note
        self.evidence_text = evidence_text
        self.urls = list(urls)
        self.updated_by = user if getattr(user, "is_authenticated", False) else None
        self.updated_at = timezone.now()


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name never reuses the uploader's file name (kept in original_name instead).
    agency_id = instance.entry.round.plan.agency_id
    return (
        f"evidence/{agency_id}/{instance.entry.round_id}/{instance.sha256[:16]}-{instance.entry_id}"
    )


class Evidence(models.Model):
    """A file that shows a measure's progress (PDF, image, Office file), stored privately."""

    entry = models.ForeignKey(
        ProgressEntry,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("progress entry"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Published with the approved report on the agency's public ITA page. Internal "
            "files are seen by members only."
        ),
    )

    agency_path = "entry__round__plan__agency"

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class Memo(models.Model):
    """The header and text of one memo (บันทึกข้อความ): the plan's cover memo (``round`` empty,
    O42) or a round's progress report (O43).

    Empty text fields fall back to wording derived from the data when rendered. The register
    number and date are given when the document is issued (``documents.services.issuing``),
    and the approvals are then the decisions of the approval chain.
    """

    plan = models.ForeignKey(
        MeasurePlan, on_delete=models.CASCADE, related_name="memos", verbose_name=_("plan")
    )
    round = models.OneToOneField(
        ReportingRound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memo",
        verbose_name=_("round"),
    )
    department = models.CharField(
        _("issuing unit"),
        max_length=300,
        blank=True,
        help_text=_("ส่วนราชการ, e.g. สำนักปลัดเทศบาล เทศบาลตำบลท่าแพ โทร ๐๗๕-๗๖๕๒๖๗."),
    )
    number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("The register number after the agency prefix, e.g. ๑๖๕."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    salutation = models.CharField(
        _("to"),
        max_length=300,
        blank=True,
        help_text=_("เรียน: the position the memo is addressed to."),
    )
    facts = models.TextField(_("facts"), blank=True, help_text=_("ข้อเท็จจริง"))
    considerations = models.TextField(_("considerations"), blank=True, help_text=_("ข้อพิจารณา"))
    drafter = models.ForeignKey(
        "agencies.Signatory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_memos",
        verbose_name=_("drafted by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "plan__agency"

    class Meta:
        # Created by the documents app (moved here, ADR 0006); the table keeps its name.
        db_table = "documents_memo"
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(round__isnull=True),
                name="memo_one_cover_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"บันทึกข้อความ {self.plan}"


class ApprovalStep(models.Model):
    """One approver's block on a memo as recorded: heading, signer, comment and date.

    Written by a plan-file import (an approval given outside the system) and, when a document
    is issued, from the approval chain's decisions, so an exported plan file says what the
    issued memo says.
    """

    memo = models.ForeignKey(
        Memo, on_delete=models.CASCADE, related_name="steps", verbose_name=_("memo")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200, help_text=_("e.g. ความเห็นปลัดเทศบาล"))
    signatory = models.ForeignKey(
        "agencies.Signatory",
        on_delete=models.PROTECT,
        related_name="approval_steps",
        verbose_name=_("signer"),
    )
    acting = models.CharField(
        _("acting line"),
        max_length=300,
        blank=True,
        help_text=_("e.g. รักษาราชการแทนปลัดเทศบาลตำบลท่าแพ"),
    )
    comment = models.TextField(_("comment"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    agency_path = "memo__plan__agency"

    class Meta:
        db_table = "documents_approvalstep"
        ordering = ["memo", "order"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(fields=["memo", "order"], name="step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"
