from django.urls import path

from renaksi.chain import views

REPORT = "laporan-berjenjang/laporan/<int:report_pk>/"

urlpatterns = [
    path(
        "laporan-berjenjang/<int:unit_pk>/<int:year>/", views.chain_overview, name="chain_overview"
    ),
    path(
        "laporan-berjenjang/<int:unit_pk>/<int:year>/jadwal/",
        views.chain_schedule,
        name="chain_schedule",
    ),
    path("rencana/<int:pk>/laporan-berjenjang/", views.chain_plan, name="chain_plan"),
    path("rencana/<int:pk>/laporan-berjenjang/ajukan/", views.chain_submit, name="chain_submit"),
    path(
        "rencana/<int:pk>/laporan-berjenjang/pratinjau/<int:number>/",
        views.chain_preview,
        name="chain_preview",
    ),
    path(REPORT, views.chain_report_detail, name="chain_report_detail"),
    path(f"{REPORT}pengajuan/<int:sequence>.pdf", views.chain_report_pdf, name="chain_report_pdf"),
    path(
        f"{REPORT}pengajuan/<int:sequence>/ulang-pdf/",
        views.chain_report_pdf_retry,
        name="chain_report_pdf_retry",
    ),
    path(f"{REPORT}terima/", views.chain_acknowledge, name="chain_acknowledge"),
    path(f"{REPORT}kembalikan/", views.chain_return, name="chain_return"),
]
