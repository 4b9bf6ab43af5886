"""Admin forms for operators, and the write-only password fields every secret uses.

A stored secret is never sent back to the browser: the password input is always empty,
an empty submission keeps the current secret, and a checkbox removes it. The help text
only says whether a secret is set.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from operators.models import Operator


class WriteOnlySecretFormMixin(forms.Form):
    """Adds ``new_password`` / ``clear_password`` for the model's ``password`` EncryptedField.

    Mix into a ``ModelForm`` whose model has an ``EncryptedField`` named by
    ``secret_attribute`` (``password`` by default). The field itself is not editable, so
    the value is copied onto the instance in `save`.
    """

    secret_attribute = "password"

    new_password = forms.CharField(
        label=_("password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    clear_password = forms.BooleanField(
        label=_("clear password"),
        required=False,
        help_text=_("Remove the stored password."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.secret_is_set():
            help_text = _("A password is set. Leave empty to keep it, or type a new one.")
        else:
            help_text = _("No password is set.")
        self.fields["new_password"].help_text = help_text

    def secret_is_set(self) -> bool:
        """Whether the instance already holds a secret (without decrypting it)."""
        instance = getattr(self, "instance", None)
        value = getattr(instance, self.secret_attribute, None) if instance else None
        return bool(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("clear_password"):
            raise forms.ValidationError(
                _("Either type a new password or clear the stored one, not both.")
            )
        return cleaned

    def apply_secret(self, instance) -> None:
        """Copy the submitted secret onto ``instance``: clear it, replace it, or keep it."""
        if self.cleaned_data.get("clear_password"):
            setattr(instance, self.secret_attribute, "")
        elif self.cleaned_data.get("new_password"):
            setattr(instance, self.secret_attribute, self.cleaned_data["new_password"])

    def save(self, commit=True):
        """Save the instance with the submitted secret applied (see `apply_secret`)."""
        self.apply_secret(self.instance)
        return super().save(commit=commit)


class OperatorAdminForm(WriteOnlySecretFormMixin, forms.ModelForm):
    """The operator: acronym, write-only password, default flag."""

    class Meta:
        model = Operator
        fields = ["acronym", "is_default"]
