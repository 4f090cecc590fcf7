"""The memo (บันทึกข้อความ) that carries a plan or a round's report up the approval chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ita_tracker.lib.states import transition


class MemoState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    APPROVED = "approved", _("Approved")


class Memo(models.Model):
    """The header, text and signers of one memo.

    ``round`` empty: the cover memo of the plan (O42). ``round`` set: that round's progress
    report (O43). Empty text fields fall back to wording derived from the data when rendered.
    """

    plan = models.ForeignKey(
        "plans.MeasurePlan", on_delete=models.CASCADE, related_name="memos", verbose_name=_("plan")
    )
    round = models.OneToOneField(
        "plans.ReportingRound",
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
    state = models.CharField(
        _("state"), max_length=20, choices=MemoState.choices, default=MemoState.DRAFT
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    agency_path = "plan__agency"

    class Meta:
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

    def send_for_approval(self) -> str:
        return transition(
            self,
            "send for approval",
            field="state",
            allowed=[MemoState.DRAFT],
            to=MemoState.IN_APPROVAL,
        )

    def mark_approved(self) -> str:
        return transition(
            self, "approve", field="state", allowed=[MemoState.IN_APPROVAL], to=MemoState.APPROVED
        )


class ApprovalStep(models.Model):
    """One approver in the chain: a heading, the signer, and the comment once given."""

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
    comment = models.TextField(_("comment"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    agency_path = "memo__plan__agency"

    class Meta:
        ordering = ["memo", "order"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.UniqueConstraint(fields=["memo", "order"], name="step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"


class DocumentKind(models.TextChoices):
    MEASURES_PLAN = "measures_plan", _("Measures plan with its cover memo (O42)")
    PROGRESS_REPORT = "progress_report", _("Progress report memo (O43)")


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


class AgencySigningCertificate(models.Model):
    """An agency's signing key and certificate (PKCS#12), used to sign its issued PDFs.

    ``sealed_key`` holds the key and certificate as a PKCS#12 file without a password, encrypted
    under the installation's key-encryption key and bound to the agency (ADR 0006): the password
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
