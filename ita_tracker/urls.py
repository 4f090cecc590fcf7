from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ita_tracker.agencies.forms.auth import (
    ThaiPasswordChangeForm,
    ThaiSetPasswordForm,
    ThrottledAdminAuthenticationForm,
)
from ita_tracker.agencies.views import auth as auth_views_local
from ita_tracker.agencies.views.home import home
from ita_tracker.documents import public_views

# The admin's login is a second door: the same throttle holds it (issue 10, finding 1).
admin.site.login_form = ThrottledAdminAuthenticationForm

accounts = [
    path("login/", auth_views_local.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=ThaiPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views_local.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views_local.PasswordResetConfirmView.as_view(form_class=ThaiSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# Everything under /a/<agency_slug>/ goes through agencies.access.agency_view (tenancy + roles).
agency = [
    path("", include("ita_tracker.plans.urls")),
    path("", include("ita_tracker.results.urls")),
    path("", include("ita_tracker.agencies.urls")),
    path("documents/", include("ita_tracker.documents.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include(accounts)),
    path("a/<slug:agency_slug>/", include(agency)),
    # Installation-wide pages for site administrators (the national result list).
    path("site/", include("ita_tracker.results.site_urls")),
    path("verify/", public_views.verify, name="verify"),
    path("verify/<str:code>/", public_views.verify_code, name="verify_code"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The public site: /ita/ and /<agency slug>/ita/… (last: a first segment taken above is a
    # reserved slug, lib/reserved_slugs.py).
    path("", include("ita_tracker.disclosure.urls")),
]
