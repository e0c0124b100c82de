"""Display helpers shared by the models, for the admin lists and inspect views.

A boolean column would otherwise be drawn with django.contrib.admin's icons: that app is not
installed, `collectstatic` never collects its images, and production's manifest storage answers
a page asking for one with a 500. Words also say it without relying on colour or an icon.
"""

from django.utils.translation import gettext


def yes_no(field_name: str, description):
    """A `get_<field>_display` method: « Oui » or « Non ». modeladmin's inspect view calls it for
    the field, and list_display can name it as a column (sortable by the field)."""

    def display(self) -> str:
        return gettext("Oui") if getattr(self, field_name) else gettext("Non")

    display.short_description = description
    display.admin_order_field = field_name
    return display
