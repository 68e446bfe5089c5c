"""A save posted after the session ended keeps its typed text (pen-test finding)."""

from renaksi.conftest import PASSWORD


def test_an_expired_session_save_keeps_the_typed_text_and_reposts_it(client, people, cells):
    plan = cells.sk.activity.area.plan
    cell = f"/rencana/{plan.pk}/sel/{cells.sk.pk}/1/"
    body = {
        "version": "0",
        "status": "in_progress",
        "progress": "40",
        "value": "",
        "narrative": "Teks panjang yang diketik selama satu jam",
        "obstacles": "",
        "follow_up": "",
        "done_on": "",
    }
    # The session has ended: the save is sent to sign in, with the page to come back to.
    response = client.post(f"{cell}simpan/", body)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    response = client.post(
        "/masuk/", {"username": "pelaksana_bt", "password": PASSWORD, "next": f"{cell}simpan/"}
    )
    assert response["Location"] == f"{cell}simpan/"
    # Before: a blank 405 and the text was lost. Now the typed text is there to send again.
    page = client.get(f"{cell}simpan/")
    html = page.content.decode()
    assert page.status_code == 200 and "Isian Anda masih ada" in html
    assert "Teks panjang yang diketik selama satu jam" in html
    # Sending it saves the realisation.
    client.post(f"{cell}simpan/", body)
    from renaksi.monitoring.models import Realisation

    saved = Realisation.objects.get(indicator=cells.sk, period=1)
    assert saved.narrative == "Teks panjang yang diketik selama satu jam"
