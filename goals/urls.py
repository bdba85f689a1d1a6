"""Goals: the public summary and the residents' survey; the steering group's dashboard and tools."""

from django.urls import path

from goals import views_public, views_staff

STAFF = "personal/mal/"

urlpatterns = [
    # Public pages.
    path("mal/", views_public.public_summary, name="goals-public"),
    path("trygghetsenkat/", views_public.survey, name="goals-survey"),
    path("trygghetsenkat/tack/", views_public.survey_thanks, name="goals-survey-thanks"),
    # The steering group's pages.
    path(STAFF, views_staff.dashboard, name="goals-dashboard"),
    path(STAFF + "mal-<int:number>/", views_staff.goal_detail, name="goals-goal"),
    path(STAFF + "rapport/", views_staff.report, name="goals-report"),
    path(STAFF + "rapport.pdf", views_staff.report_pdf, name="goals-report-pdf"),
    path(STAFF + "serier.csv", views_staff.export_csv, name="goals-export-csv"),
    path(STAFF + "serier.xlsx", views_staff.export_xlsx, name="goals-export-xlsx"),
    path(STAFF + "matvarden/ny/", views_staff.measurement_add, name="goals-measurement-add"),
    path(STAFF + "referensfordelning/", views_staff.reference, name="goals-reference"),
    path(STAFF + "enkater/", views_staff.waves, name="goals-waves"),
    path(STAFF + "enkater/<int:pk>/registrera/", views_staff.wave_record, name="goals-wave-record"),
]
