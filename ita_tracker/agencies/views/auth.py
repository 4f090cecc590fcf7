"""Login, logout, password change and reset: Django's views with our form and templates."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from ita_tracker.agencies.forms.auth import ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
