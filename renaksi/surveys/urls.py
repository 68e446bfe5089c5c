from django.urls import path

from renaksi.surveys import views

app_name = "surveys"

urlpatterns = [
    path("s/<slug:code>/", views.public_form, name="public_form"),
]
