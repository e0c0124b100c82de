"""Wagtail's log entries of non-page objects, scoped like the objects they are about.

Wagtail keeps one table of log entries for every model that is not a page (ModelLogEntry) and
shows the entries of a model to anyone with a permission on that model: every adviser would
read, in the site history report and its exports, who changed which appointment of every
agency. `ScopedModelLogEntry` reads the same table (a proxy, no data moved) and, for a booking
object, keeps the entry only when the user may see the object itself. It replaces
ModelLogEntry in Wagtail's log registry (`log_entry_model_register`, a `register_log_actions`
hook), so every report, filter, export and history view reads through it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import ModelLogEntryManager


class ScopedModelLogEntryManager(ModelLogEntryManager):
    def get_instance_title(self, instance):
        """The label stored with the entry: an object's `get_admin_display_title()` when it has
        one (an appointment's reference, never the founder's name), as Wagtail does for pages."""
        title = getattr(instance, "get_admin_display_title", None)
        return title() if title else super().get_instance_title(instance)

    def viewable_by_user(self, user):
        entries = super().viewable_by_user(user)
        visible_objects = self.model.visible_objects
        if visible_objects is None:
            raise ImproperlyConfigured("ScopedModelLogEntry.visible_objects is not set.")
        scopes = visible_objects(user)
        if scopes is None:
            return entries
        content_types = ContentType.objects.get_for_models(*scopes, for_concrete_models=False)
        visible = ~Q(content_type__in=content_types.values())
        for model, objects in scopes.items():
            ids = objects.order_by().annotate(logged_id=Cast("pk", CharField()))
            visible |= Q(content_type=content_types[model], object_id__in=ids.values("logged_id"))
        return entries.filter(visible)


class ScopedModelLogEntry(ModelLogEntry):
    # Who may see which booking object: a callable(user) returning {model: queryset of the
    # objects the user may see} for the models it restricts, or None when the user sees every
    # object. The rule lives with the back-office (booking.backoffice.permissions), above the
    # models: BookingConfig.ready() hands it over. Unset, the entries are refused to everyone.
    visible_objects = None

    objects = ScopedModelLogEntryManager()

    class Meta:
        proxy = True
        verbose_name = ModelLogEntry._meta.verbose_name
        verbose_name_plural = ModelLogEntry._meta.verbose_name_plural


def log_entry_model_register(actions):
    """`register_log_actions` hook, run after Wagtail's own: non-page objects are logged and read
    through ScopedModelLogEntry, and ModelLogEntry no longer reads the table for the reports."""
    actions.register_model(models.Model, ScopedModelLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)
