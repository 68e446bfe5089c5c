from django.urls import path

from renaksi.api import ui

urlpatterns = [
    path("token-api/", ui.token_page, name="api_tokens"),
]
