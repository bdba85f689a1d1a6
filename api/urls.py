from django.urls import path

from api import pages
from api.views import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/", pages.api_page, name="api-page"),
    path("inbaddning/", pages.embed_builder, name="embed-builder"),
    path("inbaddning/kalender/", pages.embed_calendar, name="embed-calendar"),
]
