from django.urls import path

from renaksi.monitoring import views_dashboard

urlpatterns = [
    path("rencana/<int:pk>/dasbor/", views_dashboard.plan_dashboard, name="plan_dashboard"),
]
