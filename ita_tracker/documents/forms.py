"""Forms of the documents pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
