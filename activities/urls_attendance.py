"""Staff pages for attendance: Today, tallies, study circles, exports and imports."""

from django.urls import path

from activities import attendance_views as views

CIRCLE = "personal/narvaro/cirklar/<int:pk>/"

urlpatterns = [
    path("personal/idag/", views.today, name="attendance-today"),
    path("personal/narvaro/tillfalle/<int:pk>/", views.tally, name="attendance-tally"),
    path("personal/narvaro/cirklar/", views.circle_list, name="attendance-circles"),
    path(CIRCLE, views.circle_detail, name="attendance-circle"),
    path(CIRCLE + "deltagare/ny/", views.participant_add, name="attendance-participant-add"),
    path(CIRCLE + "deltagare/<int:participant_pk>/", views.participant_edit, name="attendance-participant-edit"),
    path(CIRCLE + "tillfalle/<int:occurrence_pk>/", views.session_presence, name="attendance-session"),
    path(CIRCLE + "intyg/<int:participant_pk>/", views.certificate, name="attendance-certificate"),
    path(CIRCLE + "intyg/<int:participant_pk>/pdf/", views.certificate_pdf, name="attendance-certificate-pdf"),
    path(CIRCLE + "narvarolista/", views.circle_export, name="attendance-circle-export"),
    path("personal/narvaro/export/", views.export_page, name="attendance-exports"),
    path("personal/narvaro/export/besok/", views.export_counts, name="attendance-export-counts"),
    path("personal/narvaro/export/lok/", views.export_lok, name="attendance-export-lok"),
    path("personal/narvaro/import/", views.import_counts, name="attendance-import"),
]
