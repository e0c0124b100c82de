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
    survives a re-run (one exception: the editors' page permissions on the tree's root move to
    the home page, see `editor_pages_grant`).
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
    editor_pages_grant(apps, group, permission_model)
    collection_model = apps.get_model("wagtailcore", "Collection")
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


def editor_pages_grant(apps, group, permission_model=None) -> None:
    """The editors' page permissions, on the home page of each site rather than on the tree's
    root: Wagtail opens the page explorer and the page choosers at the pages a user may edit,
    so editors start at « Accueil », not at « Root ». The grants an earlier version made on
    the root move there. With no site yet (a fresh database), the root it is; the next run
    (the demo content, a deployment's `groups_sync`) moves them once the home page exists."""
    permission_model = permission_model or apps.get_model("auth", "Permission")
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
    site_roots = list(
        page_model.objects.filter(
            pk__in=site_model.objects.values("root_page"), depth__gt=1
        ).order_by("path")
    )
    pages = site_roots or list(page_model.objects.filter(depth=1)[:1])
    permissions = list(
        permission_model.objects.filter(
            content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
        )
    )
    for page in pages:
        for permission in permissions:
            page_permission.objects.get_or_create(group=group, page=page, permission=permission)
    if site_roots:
        page_permission.objects.filter(
            group=group, page__depth=1, permission__in=permissions
        ).delete()
