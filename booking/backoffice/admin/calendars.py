"""Private iCal feeds in the admin: create one for an adviser or an agency, see its
subscription URL, regenerate it (the old URL dies) or revoke it.

Managers ("Responsables") and superusers manage every feed; an adviser sees, regenerates and
revokes their own."""

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import CreateView

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin
from booking.backoffice.admin.mixins import BookingPageMixin
from booking.models import CalendarFeed
from booking.services.calendars import calendar_feed_url

from .outbox import CONFIRM_TEMPLATE


def _owns(user, feed) -> bool:
    return permissions.sees_all_agencies(user) or (
        feed.adviser_id is not None and feed.adviser_id == user.pk
    )


class CalendarFeedPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        # Feeds show appointments: only for staff who may see them (not the editors).
        return bool(user and user.is_active and user.has_perm("booking.view_appointment"))

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_create(self, user):
        return permissions.sees_all_agencies(user)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CalendarFeedButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        if not _owns(self.request.user, obj):
            return []
        buttons = [
            {
                "url": self.url_helper.get_action_url("regenerate", obj.pk),
                "label": _("Régénérer") if obj.revoked_at is None else _("Réactiver"),
                "classname": self.finalise_classname(["button-secondary"]),
                "title": _("Nouvelle adresse : l'ancienne cesse de fonctionner"),
            }
        ]
        if obj.revoked_at is None:
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("revoke", obj.pk),
                    "label": _("Révoquer"),
                    "classname": self.finalise_classname(["no"]),
                    "title": _("Cette adresse cesse de fonctionner"),
                }
            )
        return buttons


class CalendarFeedForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("adviser")) == bool(cleaned.get("agency")):
            raise ValidationError(_("Choisissez un conseiller ou une agence (l'un des deux)."))
        return cleaned


class CalendarFeedCreateView(CreateView):
    def form_valid(self, form):
        self.instance = services.calendar_feed_create(
            adviser=form.cleaned_data.get("adviser"), agency=form.cleaned_data.get("agency")
        )
        messages.success(
            self.request,
            _("Adresse d'abonnement : %(url)s") % {"url": calendar_feed_url(self.instance)},
        )
        return redirect(self.get_success_url())


class CalendarFeedActionView(BookingPageMixin, TemplateView):
    """Regenerate or revoke: GET asks for confirmation, POST (with CSRF) does it."""

    template_name = CONFIRM_TEMPLATE
    header_icon = "calendar"
    model_admin = None
    action = ""  # "regenerate" or "revoke"

    def dispatch(self, request, instance_pk):
        self.feed = get_object_or_404(CalendarFeed, pk=instance_pk)
        if not _owns(request.user, self.feed):
            raise PermissionDenied
        self.index_url = self.model_admin.url_helper.index_url
        return super().dispatch(request, instance_pk)

    def get_page_title(self):
        return _("Régénérer l'adresse") if self.action == "regenerate" else _("Révoquer l'adresse")

    def get_page_subtitle(self):
        return str(self.feed)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.action == "regenerate":
            question = _("Créer une nouvelle adresse d'abonnement pour « %(feed)s » ?")
            submit_label = _("Régénérer")
        else:
            question = _("Révoquer l'adresse d'abonnement de « %(feed)s » ?")
            submit_label = _("Révoquer")
        context.update(
            question=question % {"feed": self.feed},
            detail=_("Les agendas abonnés à l'adresse actuelle ne seront plus mis à jour."),
            submit_label=submit_label,
            serious=self.action == "revoke",
            cancel_url=self.index_url,
        )
        return context

    def post(self, request, instance_pk):
        if self.action == "regenerate":
            feed = services.calendar_feed_regenerate(feed=self.feed)
            messages.success(
                request,
                _("Nouvelle adresse d'abonnement : %(url)s") % {"url": calendar_feed_url(feed)},
            )
        else:
            services.calendar_feed_revoke(feed=self.feed)
            messages.success(request, _("Adresse révoquée."))
        return redirect(self.index_url)


class RevokedFilter(SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoquee", _("Révoquée"))]

    def queryset(self, request, queryset):
        if self.value() in ("active", "revoquee"):
            return queryset.filter(revoked_at__isnull=self.value() == "active")
        return queryset


class CalendarFeedAdmin(BookingModelAdmin):
    model = CalendarFeed
    menu_label = _("Agendas partagés (iCal)")
    menu_icon = "calendar"
    permission_helper_class = CalendarFeedPermissionHelper
    button_helper_class = CalendarFeedButtonHelper
    create_view_class = CalendarFeedCreateView
    list_display = ("__str__", "subscription_url", "created_at", "revoked_at")
    list_filter = (RevokedFilter,)
    edit_handler = ObjectList(
        [
            FieldPanel("adviser", help_text=_("Agenda personnel d'un conseiller…")),
            FieldPanel("agency", help_text=_("…ou agenda de toute une agence.")),
        ],
        base_form_class=CalendarFeedForm,
    )

    def get_queryset(self, request):
        feeds = super().get_queryset(request).select_related("adviser", "agency")
        if permissions.sees_all_agencies(request.user):
            return feeds
        return feeds.filter(adviser=request.user)

    @staticmethod
    def subscription_url(feed):
        url = calendar_feed_url(feed)
        return format_html("<code>{}</code>", url) if url else _("révoquée")

    subscription_url.short_description = _("Adresse d'abonnement")

    def regenerate_view(self, request, instance_pk):
        view = CalendarFeedActionView.as_view(model_admin=self, action="regenerate")
        return view(request, instance_pk=instance_pk)

    def revoke_view(self, request, instance_pk):
        view = CalendarFeedActionView.as_view(model_admin=self, action="revoke")
        return view(request, instance_pk=instance_pk)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            *(
                re_path(
                    self.url_helper.get_action_url_pattern(action),
                    getattr(self, f"{action}_view"),
                    name=self.url_helper.get_action_url_name(action),
                )
                for action in ("regenerate", "revoke")
            ),
        )
