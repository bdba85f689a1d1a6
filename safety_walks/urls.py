"""Safety walks: public results and residents' reports, staff pages for walks and follow-up."""

from django.urls import path

from safety_walks import views_handover, views_public, views_reports, views_staff

STAFF = "personal/trygghetsvandringar/"

urlpatterns = [
    # Public pages.
    path("trygghetsvandringar/", views_public.walk_list, name="sw-public-walks"),
    path("trygghetsvandringar/<int:pk>/", views_public.walk_detail, name="sw-public-walk"),
    path("trygghetsvandringar/brister/", views_public.deficiency_list, name="sw-public-deficiencies"),
    path("trygghetsvandringar/brister/<int:pk>/", views_public.deficiency_detail, name="sw-public-deficiency"),
    path("trygghetsvandringar/foto/<uuid:key>/<str:size>/", views_public.public_photo, name="sw-public-photo"),
    path("rapportera/", views_public.report, name="sw-report"),
    path("rapportera/<str:reference>/", views_public.report_status, name="sw-report-status"),
    # Staff pages: walks and deficiencies.
    path(STAFF, views_staff.walk_list, name="sw-walks"),
    path(STAFF + "ny/", views_staff.walk_edit, name="sw-walk-create"),
    path(STAFF + "<int:pk>/", views_staff.walk_detail, name="sw-walk"),
    path(STAFF + "<int:pk>/andra/", views_staff.walk_edit, name="sw-walk-edit"),
    path(STAFF + "<int:pk>/ny-brist/", views_staff.deficiency_add, name="sw-deficiency-add"),
    path(STAFF + "<int:pk>/checklista/", views_staff.checklist, name="sw-checklist"),
    path(STAFF + "brister/<int:pk>/", views_staff.deficiency_detail, name="sw-deficiency"),
    path(STAFF + "brister/<int:pk>/andra/", views_staff.deficiency_edit, name="sw-deficiency-edit"),
    path(STAFF + "brister/<int:pk>/status/", views_staff.deficiency_status, name="sw-deficiency-status"),
    path(STAFF + "brister/<int:pk>/foto/", views_staff.photo_add, name="sw-photo-add"),
    path(STAFF + "foto/<int:pk>/synlighet/", views_staff.photo_visibility, name="sw-photo-visibility"),
    path(STAFF + "foto/<int:pk>/<str:size>/", views_staff.staff_photo, name="sw-staff-photo"),
    # Hand-over and follow-up.
    path(STAFF + "<int:pk>/overlamning/<slug:slug>/", views_handover.handover, name="sw-handover"),
    path(STAFF + "<int:pk>/overlamning/<slug:slug>/xlsx/", views_handover.handover_xlsx, name="sw-handover-xlsx"),
    path(STAFF + "<int:pk>/overlamning/<slug:slug>/pdf/", views_handover.handover_pdf, name="sw-handover-pdf"),
    path(STAFF + "<int:pk>/overlamning/<slug:slug>/lamna-over/", views_handover.handover_mark, name="sw-handover-mark"),
    path(STAFF + "uppfoljning/", views_handover.followup_index, name="sw-followup-index"),
    path(STAFF + "uppfoljning/<slug:slug>/", views_handover.followup, name="sw-followup"),
    # Moderation of residents' reports.
    path(STAFF + "rapporter/", views_reports.report_queue, name="sw-reports"),
    path(STAFF + "rapporter/<int:pk>/", views_reports.report_moderate, name="sw-report-moderate"),
    path(STAFF + "rapporter/<int:pk>/foto/", views_reports.report_photo, name="sw-report-photo"),
]
