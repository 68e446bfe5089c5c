from django.urls import path

from renaksi.plans import views, views_export, views_import

urlpatterns = [
    path("rencana/impor/", views.plan_import, name="plan_import"),
    path(
        "rencana/impor/pemetaan/",
        views_import.plan_import_mapping,
        name="plan_import_mapping",
    ),
    path(
        "rencana/impor/pratinjau/",
        views_import.plan_import_preview,
        name="plan_import_preview",
    ),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/riwayat/", views.plan_history, name="plan_history"),
    path(
        "rencana/<int:pk>/unduh/rencana-kerja.xlsx",
        views_export.plan_export_working_xlsx,
        name="plan_export_working_xlsx",
    ),
    path("rencana/<int:pk>/keputusan/ubah/", views.decree_edit, name="decree_edit"),
    path("rencana/<int:pk>/area/<int:area_pk>/ubah/", views.area_edit, name="area_edit"),
    path(
        "rencana/<int:pk>/kegiatan/<int:activity_pk>/ubah/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "rencana/<int:pk>/sub-kegiatan/<int:sub_pk>/ubah/",
        views.sub_activity_edit,
        name="sub_activity_edit",
    ),
    path("rencana/<int:pk>/kegiatan/tambah/", views.activity_add, name="activity_add"),
    path("rencana/<int:pk>/indikator/tambah/", views.indicator_add, name="indicator_add"),
    path(
        "rencana/<int:pk>/indikator/<int:indicator_pk>/ubah/",
        views.indicator_edit,
        name="indicator_edit",
    ),
]
