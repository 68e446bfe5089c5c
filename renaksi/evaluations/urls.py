from django.urls import path

from . import views

urlpatterns = [
    path("evaluasi/", views.evaluation_home, name="evaluation_home"),
    path("evaluasi/lembar/<int:pk>/", views.worksheet_detail, name="worksheet_detail"),
    path(
        "evaluasi/lembar/<int:pk>/jawab/<int:node_pk>/",
        views.worksheet_answer,
        name="worksheet_answer",
    ),
    path(
        "evaluasi/lembar/<int:pk>/nilai/<int:node_pk>/",
        views.worksheet_assess,
        name="worksheet_assess",
    ),
    path(
        "evaluasi/lembar/<int:pk>/reviu/<int:node_pk>/",
        views.worksheet_review,
        name="worksheet_review",
    ),
    path(
        "evaluasi/lembar/<int:pk>/xlsx/",
        views.worksheet_download_xlsx,
        name="worksheet_download_xlsx",
    ),
    path(
        "evaluasi/peringkat/<int:unit_pk>/<int:instrument_pk>/<int:year>/",
        views.evaluation_ranking,
        name="evaluation_ranking",
    ),
    path(
        "evaluasi/lembar/<int:pk>/dokumen/",
        views.worksheet_document_request,
        name="worksheet_document_request",
    ),
    path(
        "evaluasi/dokumen/<int:pk>/unduh/",
        views.evaluation_document_download,
        name="evaluation_document_download",
    ),
]
