"""Documents: agency Word templates, approval chains, submissions and issued documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_tracker.lib.states import transition


class DocumentKind(models.TextChoices):
    MEASURES_PLAN = "measures_plan", _("Measures plan with its cover memo (O42)")
    PROGRESS_REPORT = "progress_report", _("Progress report memo (O43)")
    ANALYSIS_REPORT = "analysis_report", _("Analysis of the ITA result (O42 part 1)")


def template_upload_to(instance: AgencyTemplate, filename: str) -> str:
    # Never the uploader's file name: content-addressed under the agency.
    return f"templates/{instance.agency_id}/{instance.kind}-{instance.sha256[:20]}.docx"


class AgencyTemplate(models.Model):
    """An agency's own Word template for one document kind, accepted only after lint passes."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="templates",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=template_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "kind", "-uploaded_at"]
        verbose_name = _("agency template")
        verbose_name_plural = _("agency templates")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"],
                condition=models.Q(is_active=True),
                name="template_one_active_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} ({self.original_name})"


# --- Approval chains --------------------------------------------------------------------------


class ApprovalChain(models.Model):
    """Who a document of one kind goes to, in order, in one agency (ADR 0006)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="approval_chains",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency_id", "kind"]
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="chain_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()}"


class ActingKind(models.TextChoices):
    ACTING = "acting", _("Acting for (รักษาราชการแทน)")
    PERFORMING = "performing", _("Performing the duties of (ปฏิบัติหน้าที่แทน)")


ACTING_WORDS = {ActingKind.ACTING: "รักษาราชการแทน", ActingKind.PERFORMING: "ปฏิบัติหน้าที่แทน"}


class StepHolder(models.Model):
    """What a chain step and a submission's frozen copy of it share: the heading printed on the
    memo, the position, who holds it, and who acts for the holder between two dates."""

    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(
        _("heading on the memo"), max_length=200, help_text=_("e.g. ความเห็นปลัดเทศบาล")
    )
    position = models.CharField(
        _("position"), max_length=300, help_text=_("e.g. ปลัดเทศบาลตำบลท่าแพ")
    )
    holder = models.ForeignKey(
        "agencies.Membership",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("held by"),
    )
    acting_holder = models.ForeignKey(
        "agencies.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting official"),
    )
    acting_kind = models.CharField(
        _("acting as"), max_length=20, choices=ActingKind.choices, blank=True
    )
    acting_from = models.DateField(_("acting from"), null=True, blank=True)
    acting_to = models.DateField(_("acting until"), null=True, blank=True)

    class Meta:
        abstract = True

    def acting_on(self, day: dt.date) -> bool:
        """Whether the acting official holds the step on ``day`` (both ends included)."""
        if self.acting_holder_id is None or not self.acting_kind:
            return False
        if self.acting_from and day < self.acting_from:
            return False
        return not (self.acting_to and day > self.acting_to)

    def holder_on(self, day: dt.date) -> Any:
        """The membership that may decide on ``day``: the acting official inside the range."""
        return self.acting_holder if self.acting_on(day) else self.holder

    def acting_line(self, day: dt.date) -> str:
        """``รักษาราชการแทนปลัดเทศบาลตำบลท่าแพ`` when an acting official holds it on ``day``."""
        if not self.acting_on(day):
            return ""
        return f"{ACTING_WORDS[ActingKind(self.acting_kind)]}{self.position}"


class ChainStep(StepHolder):
    chain = models.ForeignKey(
        ApprovalChain, on_delete=models.CASCADE, related_name="steps", verbose_name=_("chain")
    )

    agency_path = "chain__agency"

    class Meta:
        ordering = ["chain_id", "order"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="chain_step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"


# --- Submissions: one version of a document going up its chain ----------------------------------


class SubmissionState(models.TextChoices):
    IN_APPROVAL = "in_approval", _("In approval")
    RETURNED = "returned", _("Returned for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    APPROVED = "approved", _("Approved, being issued")
    ISSUED = "issued", _("Issued")
    RECORDED = "recorded", _("Approved outside the system (imported)")


# States in which a submission is the document of its round or plan (not superseded by a later
# version of the same document): what locked boards and downloads read.
LIVE_SUBMISSION_STATES = (
    SubmissionState.IN_APPROVAL,
    SubmissionState.APPROVED,
    SubmissionState.ISSUED,
    SubmissionState.RECORDED,
)


class Submission(models.Model):
    """One version of a round's report, a plan or an analysis report, frozen when submitted
    (ADR 0006). An analysis report (of the result of year Y) belongs to the plan of year Y+1,
    whose measures it leads to; ``round`` is empty then (ADR 0014).

    ``snapshot`` holds exactly what was submitted: the plan file of that moment (measures,
    texts, units, periods, statuses, notes, links) and, per measure, its entry and evidence
    files. Locked boards and documents read it, never the live plan. A returned or withdrawn
    version stays; the next submission is a new version.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    plan = models.ForeignKey(
        "plans.MeasurePlan",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("plan"),
    )
    round = models.ForeignKey(
        "plans.ReportingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("round"),
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.IN_APPROVAL,
    )
    title = models.CharField(_("subject"), max_length=500)
    snapshot = models.JSONField(_("what was submitted"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the snapshot"), max_length=64)
    current_step = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_by_label = models.CharField(_("submitted by (as recorded)"), max_length=300)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    note = models.TextField(_("note to the approvers"), blank=True)
    closed_at = models.DateTimeField(_("returned, withdrawn or approved"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The register number: reserved before rendering, so that a worker killed while issuing
    # comes back to the same number (no gap, no duplicate); or typed in (manual numbering).
    register_number = models.PositiveIntegerField(_("register number"), null=True, blank=True)
    register_year = models.PositiveIntegerField(_("register year (BE)"), null=True, blank=True)
    typed_number = models.CharField(
        _("number from the agency's own register"),
        max_length=40,
        blank=True,
        help_text=_("When the agency numbers its documents in its own e-Saraban system."),
    )
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    issue_code = models.CharField(_("document code"), max_length=20, blank=True)
    issue_error = models.TextField(_("last issuing error"), blank=True)

    agency_path = "agency"

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "round", "kind", "version"],
                condition=models.Q(round__isnull=False),
                name="submission_unique_round_version",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "version"],
                condition=models.Q(round__isnull=True),
                name="submission_unique_plan_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_open(self) -> bool:
        return self.state == SubmissionState.IN_APPROVAL

    def return_(self) -> str:
        return transition(
            self,
            "return",
            field="state",
            allowed=[SubmissionState.IN_APPROVAL],
            to=SubmissionState.RETURNED,
        )

    def withdraw(self) -> str:
        return transition(
            self,
            "withdraw",
            field="state",
            allowed=[SubmissionState.IN_APPROVAL],
            to=SubmissionState.WITHDRAWN,
        )

    def approve(self) -> str:
        return transition(
            self,
            "approve",
            field="state",
            allowed=[SubmissionState.IN_APPROVAL],
            to=SubmissionState.APPROVED,
        )

    def mark_issued(self) -> str:
        return transition(
            self,
            "issue",
            field="state",
            allowed=[SubmissionState.APPROVED],
            to=SubmissionState.ISSUED,
        )


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class SubmissionStep(StepHolder):
    """A chain step as it was when the document was submitted, with its decision.

    The name, position and acting line printed on the memo are recorded when the step is
    decided (the holder of the day signs).
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="steps", verbose_name=_("submission")
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    signed_name = models.CharField(_("name signed"), max_length=200, blank=True)
    signed_position = models.CharField(_("position signed"), max_length=300, blank=True)
    signed_acting = models.CharField(_("acting line signed"), max_length=300, blank=True)

    agency_path = "submission__agency"

    class Meta:
        ordering = ["submission_id", "order"]
        verbose_name = _("submission step")
        verbose_name_plural = _("submission steps")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "order"], name="submission_step_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}: {self.get_decision_display()}"


# --- Issued documents ----------------------------------------------------------------------------


class RegisterCounter(models.Model):
    """The agency's outgoing register (ทะเบียนหนังสือส่ง): the last number given in a calendar
    year (BE). Numbers run through the calendar year and start again from 1 (ระเบียบงานสารบรรณ
    ข้อ ๔๓.๑.๒); the row is locked while a number is taken."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="register_counters",
        verbose_name=_("agency"),
    )
    year = models.PositiveIntegerField(_("calendar year (BE)"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    agency_path = "agency"

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="register_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.last_number}"


class IssuedDocumentQuerySet(models.QuerySet["IssuedDocument"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("issued documents are immutable")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("issued documents are immutable")


def issued_upload_to(instance: IssuedDocument, filename: str) -> str:
    # Named by the public code: a retried issue writes the same name, never a second file.
    return f"issued/{instance.agency_id}/{instance.code}/{filename}"


class IssuedDocument(models.Model):
    """An issued document: the DOCX and the (signed) PDF rendered once from a submission's
    snapshot, with their SHA-256 and the exact plan file they came from. Never changed; a
    correction is a new version that ``supersedes`` this one (ADR 0003, 0006)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    plan = models.ForeignKey(
        "plans.MeasurePlan",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("plan"),
    )
    round = models.ForeignKey(
        "plans.ReportingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("round"),
    )
    submission = models.OneToOneField(
        Submission,
        on_delete=models.PROTECT,
        related_name="issued",
        verbose_name=_("submission"),
    )
    version = models.PositiveIntegerField(_("version"))
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    code = models.CharField(_("document code"), max_length=20, unique=True)
    title = models.CharField(_("subject"), max_length=500)
    # ``number``: the part after the agency prefix, Arabic digits (the register's own number,
    # or the one typed in from the agency's e-Saraban system); unique per calendar year.
    number = models.CharField(_("register number"), max_length=40)
    register_year = models.PositiveIntegerField(_("register year (BE)"))
    doc_number = models.CharField(_("number as printed"), max_length=120)
    document_date = models.DateField(_("date of the document"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    snapshot = models.JSONField(_("plan file rendered"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the plan file"), max_length=64)
    docx = models.FileField(_("DOCX"), upload_to=issued_upload_to, max_length=300)
    docx_sha256 = models.CharField(_("SHA-256 of the DOCX"), max_length=64, db_index=True)
    pdf = models.FileField(_("PDF"), upload_to=issued_upload_to, max_length=300)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    signed_by = models.CharField(_("signed with the certificate of"), max_length=300, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    agency_path = "agency"

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register_year", "number"],
                name="issued_unique_register_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title} (v{self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("issued documents are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("issued documents are immutable")


class AgencySigningCertificate(models.Model):
    """An agency's signing key and certificate (PKCS#12), used to sign its issued PDFs.

    ``sealed_key`` holds the key and certificate as a PKCS#12 file without a password, encrypted
    under the installation's key-encryption key and bound to the agency (ADR 0008): the password
    the administrator typed is never stored. Retired certificates keep their public facts and
    DER (old documents were signed with them) but their sealed key is wiped.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("agency"),
    )
    sealed_key = models.BinaryField(_("encrypted key"), blank=True, editable=False)
    certificate_der = models.BinaryField(_("certificate (DER)"), editable=False)
    subject = models.CharField(_("subject"), max_length=1000)
    common_name = models.CharField(_("name in the certificate"), max_length=500, blank=True)
    issuer = models.CharField(_("issuer"), max_length=1000)
    serial = models.CharField(_("serial number"), max_length=100)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, db_index=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    is_active = models.BooleanField(_("in use"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "-uploaded_at"]
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_active=True),
                name="signing_certificate_one_active_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name or self.subject} ({self.sha256[:16]})"

    @property
    def is_self_signed(self) -> bool:
        return self.subject == self.issuer
