"""Forms of the agency administrator's pages."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import reports_for_own_units
from ita_tracker.agencies.models import Agency, OrgUnit, Role, Signatory
from ita_tracker.agencies.services import AGENCY_FIELDS
from ita_tracker.lib import file_types, images
from ita_tracker.plans.uploads import NOT_AN_IMAGE, CheckedUpload, check_upload


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.label


class ParentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    units = UnitChoices(
        label=_("Units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For unit officers: they report on the measures of these units and of the "
            "sections under them."
        ),
    )
    signatory = forms.ModelChoiceField(
        label=_("Signs as"),
        queryset=Signatory.objects.none(),
        required=False,
        empty_label=_("(nobody)"),
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            agency=agency
        ).in_tree_order()
        self.fields["signatory"].queryset = Signatory.objects.filter(  # type: ignore[attr-defined]
            agency=agency, active=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role and reports_for_own_units(role) and not cleaned.get("units"):
            self.add_error("units", _("A unit officer needs at least one unit."))
        return cleaned


class NewMemberForm(MemberForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[ASCIIUsernameValidator()],
        help_text=_(
            "Latin letters, digits and @ . + - _ only. A new account is made with this name."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Needed to reset a forgotten password by e-mail."),
    )
    password = forms.CharField(
        label=_("First password (new accounts)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "first_name", "last_name", "email", "password", "role", "units"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password") or ""
        if password:
            # The new account as it will be, so that its name and user name count too.
            account = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, account)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class MemberDetailsForm(MemberForm):
    """For accounts of this agency alone, the administrator may also correct name and e-mail."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = ["first_name", "last_name", "email", "role", "units", "signatory"]


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=100,
        required=False,
        help_text=_("Used in tables, e.g. สำนักปลัด for สำนักปลัดเทศบาล."),
    )
    parent = ParentChoice(
        label=_("Part of"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("(a division of its own)"),
    )
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def __init__(self, *args: Any, agency: Agency, unit: OrgUnit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = OrgUnit.objects.filter(agency=agency, parent=None).order_by("order", "name")
        if unit is not None:
            parents = parents.exclude(pk=unit.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class SignatoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name with title"),
        max_length=200,
        help_text=_("For example นางสาวกมลทิพย์ วัจนะพันธ์."),
    )
    position = forms.CharField(label=_("Position"), max_length=300)
    unit = ParentChoice(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False, empty_label="–"
    )
    active = forms.BooleanField(label=_("Holds the position now"), required=False, initial=True)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            agency=agency
        ).in_tree_order()
        self.fields["unit"].label_from_instance = lambda u: u.label  # type: ignore[attr-defined]


class AgencySettingsForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    emblem_file = forms.FileField(
        label=_("Emblem"),
        required=False,
        help_text=_("The agency's emblem for documents: a PNG or JPEG image."),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the emblem"), required=False)

    class Meta:
        model = Agency
        fields = AGENCY_FIELDS  # what update_agency_settings may change, no more
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        labels = {"thai_digits": _("Thai digits")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The examples name a kind of digit: kept out of the screen's digit setting.
        self.fields["thai_digits"].help_text = format_html(
            gettext(
                "Write numbers and dates with Thai digits ({thai}) in the agency's documents "
                "and on its Thai screens, as official correspondence usually does; otherwise "
                "with Arabic digits ({arabic}). English screens always use Arabic digits."
            ),
            thai=format_html('<span translate="no">{}</span>', "๑๒๓"),
            arabic=format_html('<span translate="no">{}</span>', "123"),
        )

    def clean_emblem_file(self) -> CheckedUpload | None:
        upload = self.cleaned_data.get("emblem_file")
        if not upload:
            return None
        checked = check_upload(upload, allowed=file_types.IMAGES, not_allowed=NOT_AN_IMAGE)
        # Decoded in full and stored as PNG: a truncated PNG or a fake JPEG would otherwise
        # break every document of the agency (issue 10, finding 4).
        try:
            png = images.emblem_png(checked.data)
        except images.BadImage:
            raise forms.ValidationError(
                _(
                    "This picture cannot be used as the emblem: it is damaged or too large. "
                    "Upload a PNG or JPEG image."
                ),
                code="bad_image",
            ) from None
        if png == checked.data:
            return checked
        stem = checked.name.rsplit(".", 1)[0] or "emblem"
        return dataclasses.replace(
            checked,
            kind=file_types.PNG,
            data=png,
            name=f"{stem}.png",
            sha256=hashlib.sha256(png).hexdigest(),
        )
