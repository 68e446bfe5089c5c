from django.urls import path

from renaksi.cascade import views

urlpatterns = [
    path("templat/", views.cascade_home, name="cascade_home"),
    path("templat/terbitkan/<int:plan_pk>/", views.template_publish, name="template_publish"),
    path("templat/<int:pk>/", views.template_detail, name="template_detail"),
    path(
        "templat/<int:pk>/indikator/<slug:key>/",
        views.template_indicator,
        name="template_indicator",
    ),
    path("templat/diterima/<int:pk>/", views.recipient_detail, name="recipient_detail"),
    path("templat/diterima/<int:pk>/adopsi/", views.recipient_adopt, name="recipient_adopt"),
    path("templat/diterima/<int:pk>/tolak/", views.recipient_decline, name="recipient_decline"),
]
