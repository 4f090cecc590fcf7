from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ita_tracker.agencies import views as agency_views

urlpatterns = [
    path("", agency_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("a/<slug:agency_slug>/documents/", include("ita_tracker.documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
