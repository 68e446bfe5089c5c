from django.urls import path

from renaksi.monitoring import urls_cells, urls_dashboard
from renaksi.monitoring.views.home import home

urlpatterns = [
    path("", home, name="home"),
    *urls_cells.urlpatterns,
    *urls_dashboard.urlpatterns,
]
