from django.urls import path

from renaksi.surveys import views, views_import, views_staff

app_name = "surveys"

urlpatterns = [
    path("s/<slug:code>/", views.public_form, name="public_form"),
    path("skm/hasil/<str:unit_code>/", views.public_results, name="public_results"),
    path("skm/", views_staff.survey_start, name="survey_start"),
    path("skm/satker/<int:unit_pk>/", views_staff.survey_home, name="survey_home"),
    path("skm/satker/<int:unit_pk>/laporan/", views_staff.survey_report, name="survey_report"),
    path("skm/kuesioner/<int:pk>/isi/", views_staff.survey_entry, name="survey_entry"),
    path("skm/kuesioner/<int:pk>/poster/", views_staff.survey_poster, name="survey_poster"),
    path("skm/kuesioner/<int:pk>/impor/", views_import.survey_import_upload, name="survey_import"),
]
