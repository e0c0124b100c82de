"""Migration 0006 reads the old history sentences once, to fill the structured fields."""

import importlib
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

migration = importlib.import_module("booking.migrations.0006_history_events")
PARIS = ZoneInfo("Europe/Paris")


def change(note, from_status="confirmed", to_status="confirmed"):
    return SimpleNamespace(staff_note=note, from_status=from_status, to_status=to_status)


def test_a_move_sentence_becomes_a_move_with_its_former_time():
    fields = migration.event_of(change("Déplacé du lundi 3 mars 2025, 10 h 00 – 10 h 45"))
    assert fields == {
        "event": "moved",
        "staff_note": "",
        "moved_from_start": datetime(2025, 3, 3, 10, 0, tzinfo=PARIS),
        "moved_from_end": datetime(2025, 3, 3, 10, 45, tzinfo=PARIS),
    }
    august = migration.event_of(
        change("Déplacé du vendredi 1 août 2025, 9 h 30 – 10 h 15", to_status="pending")
    )
    assert august["moved_from_start"] == datetime(2025, 8, 1, 9, 30, tzinfo=PARIS)


def test_workflow_sentences_become_events_and_staff_words_stay():
    assert migration.event_of(change(migration.EXPIRY_NOTE, "pending", "expired")) == {
        "event": "expired",
        "staff_note": "",
    }
    assert migration.event_of(
        change(migration.ERASURE_NOTE, "confirmed", "cancelled_by_agency")
    ) == {"event": "erased", "staff_note": ""}
    assert migration.event_of(change("", "", "pending")) == {"event": "booked"}
    # A refusal reason that starts like a move stays what staff typed.
    assert (
        migration.event_of(
            change("Déplacé du lundi 3 mars 2025, 10 h 00 – 10 h 45", "pending", "refused")
        )
        == {}
    )
    assert migration.event_of(change("Trop tôt", "pending", "refused")) == {}


def test_an_unreadable_move_sentence_is_still_a_move():
    assert migration.event_of(change("Déplacé du 31 févr.")) == {"event": "moved", "staff_note": ""}
