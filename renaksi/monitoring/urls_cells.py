from django.urls import path

from renaksi.monitoring import views

CELL = "rencana/<int:plan_pk>/sel/<int:indicator_pk>/<int:period>/"

urlpatterns = [
    path(CELL, views.cell_detail, name="cell_detail"),
    path(f"{CELL}simpan/", views.cell_save, name="cell_save"),
    path(f"{CELL}ajukan/", views.cell_submit, name="cell_submit"),
    path(f"{CELL}verifikasi/", views.cell_verify, name="cell_verify"),
    path(f"{CELL}kembalikan/", views.cell_return, name="cell_return"),
    path(f"{CELL}buka-kembali/", views.cell_reopen, name="cell_reopen"),
    path(f"{CELL}bukti/unggah/", views.cell_evidence_upload, name="cell_evidence_upload"),
    path(f"{CELL}bukti/tautan/", views.cell_link_add, name="cell_link_add"),
    path(f"{CELL}bukti/lampirkan/", views.cell_evidence_attach, name="cell_evidence_attach"),
    path(f"{CELL}bukti/lepas/", views.cell_evidence_detach, name="cell_evidence_detach"),
    path(f"{CELL}bukti/pustaka/", views.cell_library_search, name="cell_library_search"),
    path("bukti/<int:evidence_pk>/unduh/", views.evidence_download, name="evidence_download"),
    path("bukti/<int:evidence_pk>/lihat/", views.evidence_preview, name="evidence_preview"),
    path("unit/<int:unit_pk>/bukti/", views.evidence_library, name="evidence_library"),
]
