from django.urls import path

from bookings import views

urlpatterns = [
    path("evenemang/<int:pk>/anmalan/", views.sign_up, name="booking-sign-up"),
    path("anmalan/<str:token>/", views.manage, name="booking-manage"),
    path("anmalan-integritet/", views.privacy, name="booking-privacy"),
]
