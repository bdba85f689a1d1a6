"""Safety walks: public results and residents' reports, staff pages for walks and follow-up."""

urlpatterns = []
