from renaksi.monitoring import urls_cells, urls_dashboard

urlpatterns = [*urls_cells.urlpatterns, *urls_dashboard.urlpatterns]
