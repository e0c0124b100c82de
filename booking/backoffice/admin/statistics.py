"""Statistics per agency (or all of the user's agencies) and period, with a chart and a CSV."""

import csv
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from booking.backoffice import permissions, stats
from booking.backoffice.admin.mixins import BookingPageMixin
from booking.backoffice.export import BOM, neutralise
from booking.timefmt import calendar_error, in_calendar, local_tz


class StatisticsForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agence"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Toutes mes agences"),
    )
    period = forms.ChoiceField(
        label=gettext_lazy("Période"), choices=stats.PERIOD_KINDS, initial="month", required=False
    )
    reference = forms.DateField(
        label=gettext_lazy("Contenant le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start = forms.DateField(
        label=gettext_lazy("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = permissions.agencies_for(user)

    def clean(self):
        cleaned = super().clean()
        for name in ("reference", "start", "end"):
            day = cleaned.get(name)
            if day and not in_calendar(day):
                self.add_error(name, calendar_error(day))
        return cleaned

    def selected_period(self) -> stats.Period:
        # The valid fields still count when another one is not (e.g. a forged agency).
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        today = timezone.localdate(timezone=local_tz())
        kind = data.get("period") or "month"
        if kind == "custom" and data.get("start") and data.get("end"):
            start, end = sorted([data["start"], data["end"]])
            return stats.Period(start, min(end, date(start.year + 5, 12, 31)))
        return stats.Period.around(kind, data.get("reference") or today)


class StatisticsView(BookingPageMixin, TemplateView):
    template_name = "booking/admin/statistics.html"
    page_title = gettext_lazy("Statistiques des rendez-vous")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("booking.view_appointment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = StatisticsForm(request.GET or None, user=request.user)
        appointments = permissions.appointments_for(request.user)
        agency = form.cleaned_data.get("agency") if form.is_bound and form.is_valid() else None
        if agency is not None:
            appointments = appointments.filter(slot__agency=agency)
        result = stats.appointment_stats(appointments, form.selected_period())
        if request.GET.get("format") == "csv":
            return self.csv_response(result, agency)
        return self.render_to_response(
            self.get_context_data(
                form=form, stats=result, chart=stats.bar_chart(result), agency=agency
            )
        )

    def csv_response(self, result, agency):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="statistiques-{result.period.start}-{result.period.end}.csv"'
        )
        response.write(BOM)
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Agence"), agency.name if agency else _("Toutes")])
        writer.writerow([_("Période"), result.period.label])
        for label, value in result.figures():
            writer.writerow([label, neutralise(value)])
        writer.writerow([])
        writer.writerow([_("Créneaux les plus demandés"), _("Rendez-vous")])
        for label, count in result.busiest:
            writer.writerow([label, count])
        writer.writerow([])
        writer.writerow([_("Date"), _("Demandes"), _("Honorés")])
        for bucket in result.buckets:
            writer.writerow([bucket.label, bucket.requests, bucket.attended])
        return response
