from django.urls import path

from about import views

urlpatterns = [
    path("lattlast/", views.easy_read, name="about-easy-read"),
    path("tillganglighet/", views.accessibility, name="about-accessibility"),
    path("tillganglighet/synpunkter/", views.feedback, name="about-feedback"),
    path("tillganglighet/synpunkter/tack/", views.feedback_thanks, name="about-feedback-thanks"),
    path("personuppgifter/", views.privacy, name="about-privacy"),
    path("kakor/", views.cookies, name="about-cookies"),
]
