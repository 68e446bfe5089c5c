from django.urls import path

from renaksi.rollup import views

urlpatterns = [
    path("rekap/", views.rollup_home, name="rollup_home"),
    path("rekap/<int:unit_pk>/<int:year>/", views.unit_rollup, name="unit_rollup"),
    path(
        "rekap/<int:unit_pk>/<int:year>/unduh.xlsx",
        views.unit_rollup_xlsx,
        name="unit_rollup_xlsx",
    ),
]
