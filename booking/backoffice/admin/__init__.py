"""The advisers' back-office in the Wagtail admin (wagtail-modeladmin), registered by
`booking/wagtail_hooks.py`. Admin classes stay declarative; writes go through booking.services."""
