from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from klocket import password_reset, robots, two_factor, views

auth_urls = [
    path("logga-in/", two_factor.TwoStepLoginView.as_view(), name="login"),
    path("logga-in/kod/", two_factor.verify, name="login-verify"),
    path("tvastegsinloggning/", two_factor.setup, name="two-factor"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/", password_reset.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("losenord/klart/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("byt-losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("byt-losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("sprak/<str:code>/", views.switch_language, name="switch-language"),
    path("konto/", include(auth_urls)),
    path("personal/", views.staff_home, name="staff-home"),
    # Translators correct the interface catalogues here (ROSETTA_ACCESS_CONTROL_FUNCTION).
    path("oversattning/", include("rosetta.urls")),
    path("", include("activities.urls")),
    path("", include("safety_walks.urls")),
    path("", include("goals.urls")),
    path("", include("about.urls")),
    path("", include("api.urls")),
    path("", include("bookings.urls")),
    # The admin logs in through the portal's own (two-step) login.
    path(settings.ADMIN_PATH + "login/", views.admin_login, name="admin-login"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "klocket.views.bad_request"
handler403 = "klocket.views.permission_denied"
handler404 = "klocket.views.page_not_found"
handler500 = "klocket.views.server_error"

admin.site.site_header = "KLOCKET"
admin.site.site_title = "KLOCKET"
