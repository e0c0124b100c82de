"""Appointments as CSV (UTF-8 with BOM, `,` or `;`) or XLSX, one column per extra question, and
the advisers' follow-up notes ("comptes rendus") in a last column only when asked (`notes`).

Rows are streamed from a database iterator: exporting 100,000 appointments never holds them all
in memory, and the number of queries does not depend on the number of rows. Every cell that a
spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe (CSV injection).
"""

import csv
import tempfile
from collections import defaultdict
from itertools import islice

from django.utils.translation import gettext as _

from booking import founders
from booking.founders import Kind
from booking.models import Appointment, BookingQuestion, FollowUpNote
from booking.timefmt import to_local

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
BOM = "\ufeff"
# One column per founder field (booking/founders.py); the answers get one per question instead.
FOUNDER_COLUMNS = tuple(spec for spec in founders.FIELDS if spec.kind != Kind.ANSWERS)


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def question_labels() -> list[str]:
    """The current extra questions, in form order (labels are what answers are stored with)."""
    labels = BookingQuestion.objects.order_by("page_id", "sort_order", "pk").values_list(
        "label", flat=True
    )
    return list(dict.fromkeys(labels))


def headers(questions: list[str], *, notes: bool = False) -> list[str]:
    return [
        _("Référence"),
        _("Statut"),
        _("Agence"),
        _("Type de rendez-vous"),
        _("Conseiller"),
        _("Date"),
        _("Heure"),
        *(str(spec.staff_label) for spec in FOUNDER_COLUMNS),
        _("Demandé le"),
        _("Saisi par"),
        _("Motif communiqué"),
        *questions,
        _("Autres réponses"),
        *([_("Comptes rendus")] if notes else []),
    ]


def _choice_labels(field_name: str) -> dict:
    """{value: label} of a choices field, translated once per export: `get_FOO_display()`
    hashes every lazy label of the field on each call, which made a row cost ~1 ms."""
    field = Appointment._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


# Plain values rather than model instances: building five model objects per row (appointment,
# slot, agency, meeting type, adviser) was most of the export's time at 100,000 rows.
ROW_FIELDS = (
    "reference",
    "status",
    "slot__start",
    "slot__agency__name",
    "slot__meeting_type__name",
    "slot__adviser__first_name",
    "slot__adviser__last_name",
    "slot__adviser__username",
    *(spec.name for spec in FOUNDER_COLUMNS),
    "created_at",
    "booked_by__first_name",
    "booked_by__last_name",
    "booked_by__username",
    "agency_note",
    "answers",
)


def rows(queryset, questions: list[str], *, notes: bool = False):
    """One list of cells per appointment, neutralised, in `headers` order."""
    statuses = _choice_labels("status")
    founder_cells = _founder_cells()
    values = queryset.values(*ROW_FIELDS, "pk").iterator(chunk_size=CHUNK_SIZE)
    for a, note_texts in _with_notes(values) if notes else ((a, None) for a in values):
        start = to_local(a["slot__start"])
        answers = {}
        others = []
        for item in a["answers"] or []:
            question, answer = item.get("question", ""), item.get("answer", "")
            if isinstance(answer, list):
                answer = ", ".join(str(x) for x in answer)
            if question in questions:
                answers[question] = answer
            else:
                others.append(f"{question} : {answer}")
        cells = [
            a["reference"],
            statuses.get(a["status"], a["status"]),
            a["slot__agency__name"],
            a["slot__meeting_type__name"],
            _user_name(a, "slot__adviser"),
            start.strftime("%d/%m/%Y"),
            start.strftime("%H:%M"),
            *(cell(a[name]) for name, cell in founder_cells),
            to_local(a["created_at"]).strftime("%d/%m/%Y %H:%M"),
            _user_name(a, "booked_by"),
            a["agency_note"],
            *(answers.get(q, "") for q in questions),
            " | ".join(others),
            *([] if note_texts is None else ["\n\n".join(note_texts)]),
        ]
        yield [neutralise(cell) for cell in cells]


def _with_notes(values):
    """(row, [its notes as text]) for each row of `values`: one query per CHUNK_SIZE rows."""
    while batch := list(islice(values, CHUNK_SIZE)):
        texts = defaultdict(list)
        notes = (
            FollowUpNote.objects.filter(appointment_id__in=[a["pk"] for a in batch])
            .order_by("appointment_id", "created_at", "pk")
            .values(
                "appointment_id",
                "created_at",
                "text",
                "author__first_name",
                "author__last_name",
                "author__username",
            )
        )
        for note in notes:
            written = to_local(note["created_at"]).strftime("%d/%m/%Y %H:%M")
            author = _user_name(note, "author") or _("auteur supprimé")
            texts[note["appointment_id"]].append(f"[{written} · {author}] {note['text']}")
        for a in batch:
            yield a, texts[a["pk"]]


def _founder_cells() -> list[tuple]:
    """(field name, value → cell text) for each founder column: a choice shows its label,
    the newsletter opt-in oui/non, the rest as stored."""
    yes, no = _("oui"), _("non")
    cells = []
    for spec in FOUNDER_COLUMNS:
        if spec.kind == Kind.CHOICE:
            labels = spec.choice_labels()
            cells.append((spec.name, lambda value, labels=labels: labels.get(value, value)))
        elif spec.kind == Kind.BOOLEAN:
            cells.append((spec.name, lambda value: yes if value else no))
        else:
            cells.append((spec.name, lambda value: value))
    return cells


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset, *, delimiter: str = ",", notes: bool = False):
    """The CSV file, piece by piece, for a StreamingHttpResponse."""
    questions = question_labels()
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow(headers(questions, notes=notes))
    for row in rows(queryset, questions, notes=notes):
        yield writer.writerow(row)


def xlsx_file(queryset, *, notes: bool = False):
    """The XLSX workbook in a temporary file (openpyxl's write-only mode keeps memory flat)."""
    # Loaded on demand: openpyxl takes a noticeable time to import and only this export uses it.
    from openpyxl import Workbook

    questions = question_labels()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rendez-vous"))
    sheet.append(headers(questions, notes=notes))
    for row in rows(queryset, questions, notes=notes):
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    workbook.save(output)
    output.seek(0)
    return output


def _user_name(values: dict, prefix: str) -> str:
    """`get_full_name() or get_username()` of the user under `prefix`, from plain values."""
    full = f"{values[f'{prefix}__first_name'] or ''} {values[f'{prefix}__last_name'] or ''}"
    return full.strip() or values[f"{prefix}__username"] or ""
