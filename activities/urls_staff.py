"""Staff pages for activities and their dates."""

urlpatterns = []
