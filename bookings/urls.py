from django.urls import path

from bookings import staff_views, views

urlpatterns = [
    path("evenemang/<int:pk>/anmalan/", views.sign_up, name="booking-sign-up"),
    path("anmalan/<str:token>/", views.manage, name="booking-manage"),
    path("anmalan-integritet/", views.privacy, name="booking-privacy"),
]

STAFF = "personal/anmalningar/<int:pk>/"
urlpatterns += [
    path(STAFF, staff_views.door_list, name="booking-door-list"),
    path(STAFF + "utskrift/", staff_views.door_list_print, name="booking-door-list-print"),
    path(STAFF + "lista.csv", staff_views.door_list_export, {"fmt": "csv"}, name="booking-door-list-csv"),
    path(STAFF + "lista.xlsx", staff_views.door_list_export, {"fmt": "xlsx"}, name="booking-door-list-xlsx"),
]
urlpatterns += [
    path("personal/aktiviteter/<int:pk>/anmalan/", staff_views.registration_edit, name="booking-registration"),
]
