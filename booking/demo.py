"""Demo content of the booking module (agencies, meeting types, slots, appointments)."""


def load(*, home_page, stdout) -> None:
    """Idempotent: a second run changes nothing."""
