"""Founders' phone numbers in E.164, as booking/founders.py now stores them whoever types them.

Until then the back-office kept what the adviser typed ("06 12 34 56 78") while the public form
stored "+33612345678", so the per-phone cap (an exact comparison) missed advisers' bookings.
A number that does not parse as a valid one is left as it is; blank ones (anonymised) too.
The rule is copied here on purpose: a migration must not change when the app's code does.
"""

import phonenumbers
from django.db import migrations

BATCH = 500


def _e164(phone: str) -> str | None:
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phones_to_e164(apps, schema_editor):
    Appointment = apps.get_model("booking", "Appointment")
    to_check = (
        Appointment.objects.exclude(phone="")
        .exclude(phone__regex=r"^\+[0-9]+$")
        .values_list("pk", "phone")
    )
    for pk, phone in to_check.iterator(chunk_size=BATCH):
        e164 = _e164(phone)
        if e164 and e164 != phone:
            Appointment.objects.filter(pk=pk).update(phone=e164)


class Migration(migrations.Migration):
    dependencies = [("booking", "0003_staff_groups")]

    operations = [
        # Not reversible to what was typed, and nothing needs it: going back keeps E.164.
        migrations.RunPython(phones_to_e164, migrations.RunPython.noop, elidable=True),
    ]
