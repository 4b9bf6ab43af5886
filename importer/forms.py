"""Admin forms for the inbox: the reason asked for before documents are ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IgnoreDocumentsForm(forms.Form):
    """The intermediate page of the "Ignore" action: why these documents are never imported."""

    reason = forms.CharField(
        label=_("reason"),
        required=True,
        strip=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept with each document, e.g. “duplicate of FS/12/2025 entered by hand”."),
        error_messages={"required": _("Give the reason for ignoring the documents.")},
    )
