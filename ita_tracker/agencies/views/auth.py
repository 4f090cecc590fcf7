"""Login, logout, password change and reset: Django's views with our form and templates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from ita_tracker.agencies import throttle
from ita_tracker.agencies.forms.auth import ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # This browser is now known for this user: an address-wide lock will not hold it.
        throttle.remember_device(response, form.get_user().get_username())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        throttle.forget_user(form.user.get_username())  # a new password lifts the lock
        return response
