from django.urls import path

from renaksi.quality import views

urlpatterns = [
    path("rencana/<int:pk>/mutu/", views.plan_quality_page, name="plan_quality"),
    path("rencana/<int:pk>/mutu/panel/", views.plan_quality_panel, name="plan_quality_panel"),
    path(
        "rencana/<int:pk>/mutu/isi-baseline/",
        views.plan_baselines_fill_view,
        name="plan_baselines_fill",
    ),
    path(
        "rencana/<int:pk>/rencana-tahun-berikutnya/",
        views.plan_next_year_view,
        name="plan_next_year",
    ),
    path("rencana/<int:pk>/konfirmasi/", views.plan_confirm_view, name="plan_confirm"),
    path("rencana/<int:pk>/jenis/", views.plan_kind_edit, name="plan_kind_edit"),
    path(
        "rencana/<int:pk>/tahun-ke-tahun/",
        views.plan_year_over_year_view,
        name="plan_year_over_year",
    ),
    path(
        "rencana/<int:pk>/format-nasional.<str:fmt>",
        views.plan_national_export,
        name="plan_national_export",
    ),
    path(
        "rencana/<int:pk>/indikator/<int:indicator_pk>/target-tahunan/",
        views.indicator_targets_edit,
        name="indicator_targets_edit",
    ),
]
