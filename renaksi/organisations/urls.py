from django.urls import path

from renaksi.organisations import views

urlpatterns = [
    path("unit/<int:unit_pk>/anggota/", views.unit_members, name="unit_members"),
    path(
        "unit/<int:unit_pk>/anggota/<int:membership_pk>/hapus/",
        views.unit_member_remove,
        name="unit_member_remove",
    ),
]
