from django.urls import path

from renaksi.api import ui

urlpatterns = [
    path("token-api/", ui.token_page, name="api_tokens"),
    path("token-api/<int:token_pk>/cabut/", ui.token_revoke, name="api_token_revoke"),
]
