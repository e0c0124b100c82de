"""The status history stores what the workflow did as data (`event`, the former time of a
move) instead of a French sentence in `note`; `note` becomes `staff_note`, for what staff typed
only. The one place that reads the old sentences: `fill_events` below, once."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

# The sentences the services wrote before this migration (booking/models/appointment.py).
EXPIRY_NOTE = "Demande expirée sans réponse de l'agence"
ERASURE_NOTE = "Annulé : données personnelles effacées à la demande du porteur de projet"
# "Déplacé du lundi 3 mars 2025, 10 h 00 – 10 h 45" (booking.timefmt.slot_label)
MOVE_NOTE = re.compile(
    r"^Déplacé du \w+ (\d{1,2}) (\w+) (\d{4}), (\d{1,2}) h (\d{2}) – (\d{1,2}) h (\d{2})$"
)
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ACTIVE = ("pending", "confirmed")
BATCH = 2000


def moved_from(note: str):
    """(start, end) of a move's sentence, or None."""
    match = MOVE_NOTE.match(note)
    if not match or match[2] not in MONTHS:
        return None
    day, month, year = int(match[1]), MONTHS.index(match[2]) + 1, int(match[3])
    tz = ZoneInfo(settings.TIME_ZONE)
    try:
        start = datetime(year, month, day, int(match[4]), int(match[5]), tzinfo=tz)
        end = datetime(year, month, day, int(match[6]), int(match[7]), tzinfo=tz)
    except ValueError:
        return None
    if end <= start:
        end += timedelta(days=1)
    return start, end


def event_of(change) -> dict:
    note = change.staff_note
    if not change.from_status:
        return {"event": "booked"}
    if note == EXPIRY_NOTE and change.to_status == "expired":
        return {"event": "expired", "staff_note": ""}
    if note == ERASURE_NOTE and change.to_status == "cancelled_by_agency":
        return {"event": "erased", "staff_note": ""}
    # Staff type notes only on refusals and cancellations: a move keeps a place.
    if note.startswith("Déplacé du") and change.from_status in ACTIVE and change.to_status in ACTIVE:
        times = moved_from(note)
        fields = {"event": "moved", "staff_note": ""}
        if times:
            fields.update(moved_from_start=times[0], moved_from_end=times[1])
        return fields
    return {}


def fill_events(apps, schema_editor):
    StatusChange = apps.get_model("booking", "StatusChange")
    StatusChange.objects.filter(from_status="").update(event="booked")
    rows = StatusChange.objects.exclude(from_status="").exclude(staff_note="").order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        for change in batch:
            fields = event_of(change)
            if fields:
                StatusChange.objects.filter(pk=change.pk).update(**fields)
        if len(batch) < BATCH:
            break
        last = batch[-1].pk


def restore_notes(apps, schema_editor):
    """Back to sentences in `note` (the move's time in the site's zone, as slot_label wrote)."""
    StatusChange = apps.get_model("booking", "StatusChange")
    StatusChange.objects.filter(event="expired").update(staff_note=EXPIRY_NOTE)
    StatusChange.objects.filter(event="erased").update(staff_note=ERASURE_NOTE)
    tz = ZoneInfo(settings.TIME_ZONE)
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    for change in StatusChange.objects.filter(event="moved").iterator():
        note = "Déplacé"
        if change.moved_from_start and change.moved_from_end:
            start = change.moved_from_start.astimezone(tz)
            end = change.moved_from_end.astimezone(tz)
            note = (
                f"Déplacé du {days[start.weekday()]} {start.day} {MONTHS[start.month - 1]} "
                f"{start.year}, {start.hour} h {start.minute:02d} – {end.hour} h {end.minute:02d}"
            )
        StatusChange.objects.filter(pk=change.pk).update(staff_note=note)


class Migration(migrations.Migration):
    dependencies = [("booking", "0005_slot_free_indexes")]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="note", new_name="staff_note"),
        migrations.AlterField(
            model_name="statuschange",
            name="staff_note",
            field=models.CharField(
                blank=True,
                help_text="Ce que l'agence a écrit (motif de refus ou d'annulation).",
                max_length=255,
                verbose_name="motif saisi",
            ),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="event",
            field=models.CharField(
                choices=[
                    ("booked", "Réservation"),
                    ("changed", "Changement de statut"),
                    ("moved", "Déplacement"),
                    ("expired", "Expiration sans réponse"),
                    ("erased", "Effacement des données personnelles"),
                ],
                default="changed",
                max_length=16,
                verbose_name="événement",
            ),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="moved_from_start",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ancien début"),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="moved_from_end",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ancienne fin"),
        ),
        migrations.RunPython(fill_events, restore_notes),
    ]
