"""Demo content for a newcomer: `make run` calls this before starting the server."""

import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from home import demo

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "osengo-admin-2026"  # noqa: S105 - published demo credentials, see README
ADMIN_EMAIL = "admin@osengo.fr"
IN_MEMORY_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = (
        "Crée le contenu de démonstration (pages, équipe, actualités, agences, créneaux) "
        "et le compte administrateur. Peut être relancée sans rien dupliquer."
    )

    def handle(self, *args, **options):
        # The demo's bookings write real emails to the outbox; deliver them to memory rather
        # than printing a page of HTML per email on the console of `make run`.
        with override_settings(EMAIL_BACKEND=IN_MEMORY_EMAIL), transaction.atomic():
            self.stdout.write("Site vitrine…")
            home_page = demo.load(stdout=self.stdout)
            for app in ("news", "booking"):
                self._load_app_demo(app, home_page=home_page)
            demo.load_settings(home=home_page, stdout=self.stdout)
            created = self._ensure_superuser()
        self._print_summary(created)

    def _load_app_demo(self, app: str, *, home_page) -> None:
        module_name = f"{app}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            self.stdout.write(f"{module_name} n'existe pas encore : rien à charger.")
            return
        self.stdout.write(f"Module {app}…")
        module.load(home_page=home_page, stdout=self.stdout)

    def _ensure_superuser(self) -> bool:
        user_model = get_user_model()
        if user_model.objects.filter(username=ADMIN_USERNAME).exists():
            return False
        user_model.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, ADMIN_PASSWORD)
        return True

    def _print_summary(self, created: bool) -> None:
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        note = "" if created else " (compte existant : mot de passe inchangé)"
        self.stdout.write(
            self.style.SUCCESS("\nContenu de démonstration prêt.")
            + f"\n  Site :           {base_url}/"
            + f"\n  Administration : {base_url}/admin/"
            + f"\n  Identifiant :    {ADMIN_USERNAME}"
            + f"\n  Mot de passe :   {ADMIN_PASSWORD}{note}\n"
        )
