"""Two-factor authentication (TOTP, django-otp) for the Wagtail admin.

Staff who can see appointments hold founders' personal data: a stolen password alone must not
open it. `policy` says who must use a second factor, `services` writes devices, `views` are the
enrolment and verification pages, `middleware` sends unverified sessions to them.
"""
