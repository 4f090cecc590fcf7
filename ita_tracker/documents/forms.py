"""Forms of the approval flow and of the chain settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.models import Agency, Membership
from ita_tracker.agencies.people import person_of
from ita_tracker.documents.models import ActingKind
from ita_tracker.plans.form_fields import BEDateField, DocumentTextForm


class SubmitForm(DocumentTextForm):
    """The memo's texts (empty: the wording derived from the data) and a note to the approvers."""

    subject = forms.CharField(label=_("Subject (เรื่อง)"), max_length=500, required=False)
    salutation = forms.CharField(label=_("To (เรียน)"), max_length=300, required=False)
    facts = forms.CharField(
        label=_("Facts (ข้อเท็จจริง)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    considerations = forms.CharField(
        label=_("Considerations (ข้อพิจารณา)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Note to the approvers (not printed)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    typed_number = forms.CharField(
        label=_("Document number from your agency's register"),
        required=False,
        max_length=40,
        help_text=_("The number after the slash, e.g. ๑๖๕."),
    )

    MEMO_FIELDS = ("subject", "salutation", "facts", "considerations")

    def __init__(self, *args: Any, typed_numbers: bool, derived: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not typed_numbers:
            del self.fields["typed_number"]
        else:
            self.fields["typed_number"].required = True
        for name in self.MEMO_FIELDS:
            if derived.get(name):
                self.fields[name].widget.attrs["placeholder"] = derived[name]
                self.fields[name].help_text = _("Leave empty to use the wording shown.")


class DecisionForm(DocumentTextForm):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return to the coordinator"))]
    )
    comment = forms.CharField(
        label=_("Comment (printed in your block on the memo)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("comment") or "").strip():
            if data.get("action") == "return":
                self.add_error("comment", _("Say why the document is returned."))
            else:
                self.add_error("comment", _("Write a comment or pick a common wording."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        who = person_of(obj)
        return f"{who.name} – {who.position}" if who.position else who.name


class ChainStepForm(DocumentTextForm):
    heading = forms.CharField(
        label=_("Heading on the memo"),
        max_length=200,
        help_text=_("e.g. ความเห็นปลัดเทศบาล"),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=300,
        required=False,
        help_text=_("e.g. ปลัดเทศบาลตำบลท่าแพ. Left empty: the position of the holder's signatory."),
    )
    holder = MemberChoiceField(label=_("Held by"), queryset=Membership.objects.none())
    acting_holder = MemberChoiceField(
        label=_("Acting official"), queryset=Membership.objects.none(), required=False
    )
    acting_kind = forms.ChoiceField(
        label=_("Acting as"), choices=[("", "–"), *ActingKind.choices], required=False
    )
    acting_from = BEDateField(label=_("Acting from"), required=False)
    acting_to = BEDateField(label=_("Acting until"), required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = (
            Membership.objects.filter(agency=agency)
            .select_related("user", "signatory")
            .order_by("role", "user__username")
        )
        self.fields["holder"].queryset = members  # type: ignore[attr-defined]
        self.fields["acting_holder"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        holder = data.get("holder")
        if not data.get("position"):
            signatory = getattr(holder, "signatory", None) if holder else None
            if signatory is not None and signatory.position:
                data["position"] = signatory.position
            elif "position" not in self.errors:
                self.add_error("position", forms.Field.default_error_messages["required"])
        if bool(data.get("acting_holder")) != bool(data.get("acting_kind")):
            self.add_error(
                "acting_kind", _("An acting official needs both a person and how they act.")
            )
        start, end = data.get("acting_from"), data.get("acting_to")
        if start and end and end < start:
            self.add_error("acting_to", _("The acting period ends before it starts."))
        return data


ChainFormSet = forms.formset_factory(ChainStepForm, extra=1, can_delete=True, max_num=10)
EmptyChainFormSet = forms.formset_factory(ChainStepForm, extra=3, can_delete=True, max_num=10)


class VerifyForm(forms.Form):
    query = forms.CharField(
        label=_("Document code or SHA-256"), required=False, max_length=100, strip=True
    )
    file = forms.FileField(label=_("or the PDF (or DOCX) file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("query") and not data.get("file"):
            raise forms.ValidationError(_("Type a document code or SHA-256, or choose a file."))
        return data


class RegisterForm(forms.Form):
    last_number = forms.IntegerField(
        label=_("Last number already used this year"),
        min_value=0,
        max_value=999999,
        help_text=_(
            "When the agency numbered documents this year before using this system: the next "
            "issued document gets the number after it."
        ),
    )


class SigningCertificateForm(forms.Form):
    file = forms.FileField(
        label=_("Certificate file (.p12 or .pfx)"),
        help_text=_("The agency's certificate exported with its private key (PKCS#12)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
    )
    password = forms.CharField(
        label=_("Password of the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Used once to open the file; it is not stored."),
    )


class DeactivateCertificateForm(forms.Form):
    certificate = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Yes, stop signing documents with this certificate"),
        help_text=_(
            "Documents issued from now on are not signed until a new certificate is "
            "uploaded. Documents already issued stay signed."
        ),
    )
