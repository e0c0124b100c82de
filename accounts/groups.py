"""The staff roles of the site and their permissions: advisers (Conseillers), editors
(Éditeurs) and managers (Responsables). Site-wide, not booking logic: editors never see an
appointment, and the booking back-office reads the managers' role from here."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ADVISERS_GROUP = "Conseillers"
EDITORS_GROUP = "Éditeurs"
MANAGERS_GROUP = "Responsables"


def is_manager(user) -> bool:
    """Managers and superusers: every agency, the outbox, statistics. Cached on the user
    object, i.e. once per request."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_manager", None)
    if cached is None:
        cached = user.groups.filter(name=MANAGERS_GROUP).exists()
        user._is_manager = cached
    return cached


ADVISER_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "booking.view_agency",
    "booking.view_meetingtype",
    "booking.view_bookingquestion",
    "booking.add_slot",
    "booking.change_slot",
    "booking.delete_slot",
    "booking.view_slot",
    "booking.add_appointment",
    "booking.change_appointment",
    "booking.view_appointment",
    "booking.add_closure",
    "booking.change_closure",
    "booking.delete_closure",
    "booking.view_closure",
]
EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
]
# Apps whose snippets and settings editors manage (news categories, menus, footer).
EDITOR_APPS = ["home", "news"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]


def groups_sync(apps=global_apps) -> None:
    """Create (or complete) the three staff groups. Idempotent.

    Called by migration 0003 with its historical `apps`, and by the demo content and the tests.
    Permissions are only added, never removed, so a permission a superuser granted by hand
    survives a re-run.
    """
    if apps is not global_apps:
        # Inside the migration: permissions are normally created after `migrate`, a fresh
        # database needs them now. (Not at run time: create_permissions() empties the content
        # type cache, and by then post_migrate has created every permission anyway.)
        for app_config in apps.get_app_configs():
            models_module = getattr(app_config, "models_module", None)
            app_config.models_module = models_module or True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = models_module

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    def permissions(names):
        found = []
        for name in names:
            app_label, codename = name.split(".")
            found.extend(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        return found

    advisers, _ = group_model.objects.get_or_create(name=ADVISERS_GROUP)
    advisers.permissions.add(*permissions(ADVISER_PERMISSIONS))

    managers, _ = group_model.objects.get_or_create(name=MANAGERS_GROUP)
    managers.permissions.add(
        *permissions(["wagtailadmin.access_admin"]),
        *permission_model.objects.filter(content_type__app_label="booking"),
    )

    editors, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(
        *permissions(EDITOR_PERMISSIONS),
        *permission_model.objects.filter(content_type__app_label__in=EDITOR_APPS),
    )
    _grant_pages_and_collections(apps, editors, permission_model)


def _grant_pages_and_collections(apps, group, permission_model) -> None:
    page_model = apps.get_model("wagtailcore", "Page")
    collection_model = apps.get_model("wagtailcore", "Collection")
    root_page = page_model.objects.filter(depth=1).first()
    if root_page is not None:
        page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = permission_model.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                page_permission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
    root_collection = collection_model.objects.filter(depth=1).first()
    if root_collection is not None:
        collection_permission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        for name in EDITOR_COLLECTION_PERMISSIONS:
            app_label, codename = name.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                collection_permission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
