"""Appointments as CSV (UTF-8 with BOM, `,` or `;`) or XLSX, one column per extra question.

Rows are streamed from a database iterator: exporting 100,000 appointments never holds them all
in memory, and the number of queries does not depend on the number of rows. Every cell that a
spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe (CSV injection).
"""

import csv
import tempfile

from django.utils import formats
from django.utils.translation import gettext as _

from booking.models import BookingQuestion
from booking.timefmt import to_local

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
BOM = "\ufeff"


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


def headers(questions: list[str]) -> list[str]:
    return [
        _("Référence"),
        _("Statut"),
        _("Agence"),
        _("Type de rendez-vous"),
        _("Conseiller"),
        _("Date"),
        _("Heure"),
        _("Civilité"),
        _("Prénom"),
        _("Nom"),
        _("Email"),
        _("Téléphone"),
        _("Commune"),
        _("Code postal"),
        _("Nom du projet"),
        _("Description du projet"),
        _("Stade du projet"),
        _("Secteur d'activité"),
        _("Connu Osengo par"),
        _("Lettre d'information"),
        _("Demandé le"),
        _("Saisi par"),
        _("Motif communiqué"),
        *questions,
        _("Autres réponses"),
    ]


def rows(queryset, questions: list[str]):
    """One list of cells per appointment, neutralised, in `headers` order."""
    appointments = queryset.select_related(
        "slot__agency", "slot__meeting_type", "slot__adviser", "booked_by"
    ).iterator(chunk_size=CHUNK_SIZE)
    for appointment in appointments:
        slot = appointment.slot
        start = to_local(slot.start)
        answers = {}
        others = []
        for item in appointment.answers or []:
            question, answer = item.get("question", ""), item.get("answer", "")
            if isinstance(answer, list):
                answer = ", ".join(str(a) for a in answer)
            if question in questions:
                answers[question] = answer
            else:
                others.append(f"{question} : {answer}")
        cells = [
            appointment.reference,
            appointment.get_status_display(),
            slot.agency.name,
            slot.meeting_type.name,
            _user_name(slot.adviser),
            start.strftime("%d/%m/%Y"),
            start.strftime("%H:%M"),
            appointment.get_civility_display(),
            appointment.first_name,
            appointment.last_name,
            appointment.email,
            appointment.phone,
            appointment.city,
            appointment.postal_code,
            appointment.project_name,
            appointment.project_description,
            appointment.get_project_stage_display(),
            appointment.get_project_sector_display(),
            appointment.get_heard_from_display(),
            _("oui") if appointment.newsletter_opt_in else _("non"),
            formats.date_format(to_local(appointment.created_at), "d/m/Y H:i"),
            _user_name(appointment.booked_by),
            appointment.agency_note,
            *(answers.get(q, "") for q in questions),
            " | ".join(others),
        ]
        yield [neutralise(cell) for cell in cells]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset, *, delimiter: str = ","):
    """The CSV file, piece by piece, for a StreamingHttpResponse."""
    questions = question_labels()
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow(headers(questions))
    for row in rows(queryset, questions):
        yield writer.writerow(row)


def xlsx_file(queryset):
    """The XLSX workbook in a temporary file (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    questions = question_labels()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rendez-vous"))
    sheet.append(headers(questions))
    for row in rows(queryset, questions):
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    workbook.save(output)
    output.seek(0)
    return output


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
