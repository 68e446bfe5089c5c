from django.urls import path

from renaksi.reports import views

urlpatterns = [
    path(
        "rencana/<int:pk>/unduh/lampiran.<str:fmt>",
        views.plan_lampiran_download,
        name="plan_lampiran_download",
    ),
    path(
        "rencana/<int:pk>/unduh/keputusan.<str:fmt>",
        views.plan_decree_download,
        name="plan_decree_download",
    ),
    path("rencana/<int:pk>/unduh/rencana.json", views.plan_export_json, name="plan_export_json"),
    path("rencana/<int:pk>/laporan/", views.plan_reports, name="plan_reports"),
    path("laporan/<int:job_pk>/status/", views.report_job_status, name="report_job_status"),
    path("laporan/<int:job_pk>/unduh/", views.report_job_download, name="report_job_download"),
]
