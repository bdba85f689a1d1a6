from django.urls import include, path

from activities import views

urlpatterns = [
    path("partners/", views.organisation_list, name="organisation-list"),
    path("partners/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("platser/", views.venue_list, name="venue-list"),
    path("platser/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("personal/organisationer/<slug:slug>/", views.organisation_edit, name="organisation-edit"),
    path("kalender/", views.calendar_list, name="calendar"),
    path("evenemang/<int:pk>/", views.occurrence_detail, name="occurrence-detail"),
    path("", include("activities.urls_feeds")),
    path("", include("activities.urls_staff")),
]
