"""Staff pages for activities and their dates."""

from django.urls import path

from activities import staff_views

urlpatterns = [
    path("personal/aktiviteter/", staff_views.activity_list, name="staff-activities"),
    path("personal/aktiviteter/ny/", staff_views.activity_edit, name="staff-activity-create"),
    path("personal/aktiviteter/<int:pk>/", staff_views.activity_edit, name="staff-activity-edit"),
    path(
        "personal/aktiviteter/<int:pk>/kopiera/",
        staff_views.activity_duplicate,
        name="staff-activity-duplicate",
    ),
    path("personal/tillfallen/<int:pk>/", staff_views.occurrence_edit, name="staff-occurrence-edit"),
    path(
        "personal/tillfallen/<int:pk>/stall-in/",
        staff_views.occurrence_cancel,
        name="staff-occurrence-cancel",
    ),
]
