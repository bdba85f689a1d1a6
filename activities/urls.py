from django.urls import include, path

from activities import calendar_views, views

urlpatterns = [
    path("partners/", views.organisation_list, name="organisation-list"),
    path("partners/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("platser/", views.venue_list, name="venue-list"),
    path("platser/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("personal/organisationer/<slug:slug>/", views.organisation_edit, name="organisation-edit"),
    path("kalender/", calendar_views.calendar_list, name="calendar"),
    path("kalender/<int:year>/<int:month>/", calendar_views.calendar_month, name="calendar-month"),
    path("kalender/<int:year>/<int:month>/<int:day>/", calendar_views.calendar_day, name="calendar-day"),
    path("kalender/vecka/<int:year>/<int:week>/", calendar_views.calendar_week, name="calendar-week"),
    path("evenemang/<int:pk>/", calendar_views.occurrence_detail, name="occurrence-detail"),
    path("aktiviteter/bild/<str:name>", views.activity_image, name="activity-image"),
    path("", include("activities.urls_feeds")),
    path("", include("activities.urls_staff")),
    path("", include("activities.urls_attendance")),
]
