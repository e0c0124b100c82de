"""The code and password forms of the two-factor pages (validation only)."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_ERROR = _(
    "Code incorrect ou expiré. Vérifiez que l'heure de votre téléphone est juste et saisissez "
    "le code affiché en ce moment."
)
THROTTLED_ERROR = _("Trop de codes erronés : patientez %(seconds)s s avant de réessayer.")


class CodeForm(forms.Form):
    """A 6-digit code, checked against `device` by `check` (a callable taking the code)."""

    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        min_length=6,
        max_length=8,  # spaces some apps show in the middle
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def __init__(self, *args, device, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.check = check

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Saisissez les 6 chiffres du code."))
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(THROTTLED_ERROR, params={"seconds": _wait(details)})
        if not self.check(code):
            raise forms.ValidationError(CODE_ERROR)
        return code


def _wait(details) -> int:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password
