from django.urls import path

from renaksi.plans import views

urlpatterns = [
    path("", views.home, name="home"),
]
