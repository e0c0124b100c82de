"""Admin URLs of the two-factor pages, under /admin/double-authentification/."""

from django.urls import path

from accounts.two_factor import views

app_name = "booking_two_factor"

urlpatterns = [
    path("", views.StatusView.as_view(), name="status"),
    path("activer/", views.EnrolView.as_view(), name="enrol"),
    path("verifier/", views.VerifyView.as_view(), name="verify"),
    path("desactiver/", views.RemoveView.as_view(), name="remove"),
    path("reinitialiser/<int:user_id>/", views.ResetUserView.as_view(), name="reset_user"),
]
