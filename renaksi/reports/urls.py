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
]
