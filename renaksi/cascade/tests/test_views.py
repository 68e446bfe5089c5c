"""The template pages: who gets in, what they say (in Indonesian), and what a POST leaves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renaksi.cascade.models import PlanTemplate
from renaksi.cascade.models import TemplateRecipient as Recipient
from renaksi.cascade.services import Scope, template_adopt, template_publish
from renaksi.plans.models import Plan

S = Recipient.Status


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- the Templat page ------------------------------------------------------------------------


def test_it_lists_received_templates_and_plans_to_publish_from(
    client, recipient_bt, province_plan, people
):
    client.force_login(people.sekretaris)
    page = client.get(reverse("cascade_home"))
    assert page.status_code == 200
    assert "Templat KPU Provinsi Bengkulu 2023 versi 1" in page.text
    assert "Belum merespons" in page.text
    assert reverse("recipient_detail", args=[recipient_bt.pk]) in page.text
    # A regency has no units below it: nothing to publish from.
    assert reverse("template_publish", args=[province_plan.pk]) not in page.text

    client.force_login(people.province_sekretaris)
    page = client.get(reverse("cascade_home"))
    assert reverse("template_publish", args=[province_plan.pk]) in page.text
    assert reverse("template_detail", args=[recipient_bt.template_id]) in page.text


# --- publish ---------------------------------------------------------------------------------


def test_it_publishes_to_the_ticked_children(client, province_plan, people, tree):
    client.force_login(people.province_sekretaris)
    url = reverse("template_publish", args=[province_plan.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "KPU Kabupaten Bengkulu Tengah" in page.text and "KPU Kota Palembang" not in page.text
    response = client.post(
        url, {"scope": "chosen", "units": [tree.bengkulu_tengah.pk], "note": "Mohon diadopsi"}
    )
    template = PlanTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("template_detail", args=[template.pk])
    assert list(template.recipients.values_list("unit__code", flat=True)) == ["17.09"]
    assert template.note == "Mohon diadopsi"
    page = client.get(response["Location"])
    assert "Templat versi 1 diterbitkan untuk 1 satuan kerja." in _messages(page)


def test_it_refuses_a_tampered_unit_list(client, province_plan, people, tree):
    client.force_login(people.province_sekretaris)
    response = client.post(
        reverse("template_publish", args=[province_plan.pk]),
        {"scope": "chosen", "units": [tree.palembang.pk]},
    )
    assert response.status_code == 200
    assert "bukan satuan kerja langsung di bawah" in response.text
    assert not PlanTemplate.objects.exists()


def test_it_asks_for_a_unit_when_choosing_none(client, province_plan, people):
    client.force_login(people.province_sekretaris)
    response = client.post(
        reverse("template_publish", args=[province_plan.pk]), {"scope": "chosen"}
    )
    assert response.status_code == 200
    assert "Pilih paling sedikit satu satuan kerja." in response.text
    assert not PlanTemplate.objects.exists()


def test_it_says_a_unit_without_children_has_nobody_to_publish_to(client, small_plan, people):
    client.force_login(people.sekretaris)
    response = client.post(reverse("template_publish", args=[small_plan.pk]), {"scope": "children"})
    assert response.status_code == 200
    assert "Tidak ada satuan kerja penerima" in response.text
    assert not PlanTemplate.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("national_admin", 403), ("sekretaris", 404), ("other_province_sekretaris", 404)],
)
def test_it_lets_only_the_units_managers_publish(client, province_plan, people, persona, status):
    client.force_login(getattr(people, persona))
    url = reverse("template_publish", args=[province_plan.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"scope": "children"}).status_code == status
    assert not PlanTemplate.objects.exists()


# --- the recipient's page: adopt, decline ----------------------------------------------------


def test_it_lets_the_recipients_sekretaris_adopt(client, recipient_bt, people):
    client.force_login(people.sekretaris)
    url = reverse("recipient_detail", args=[recipient_bt.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Adopsi templat" in page.text and "Tolak templat" in page.text
    assert "Tersedianya SK" in page.text
    assert "periode 1: 2,5<" in page.text and "100 %" in page.text
    response = client.post(reverse("recipient_adopt", args=[recipient_bt.pk]))
    plan = Plan.objects.get(unit__code="17.09", year=2023)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert any("Templat diadopsi" in m for m in _messages(client.get(response["Location"])))
    recipient_bt.refresh_from_db()
    assert recipient_bt.status == S.ADOPTED and recipient_bt.plan == plan

    # Adopting twice (a second tab, a replayed POST) is refused with a message.
    again = client.post(reverse("recipient_adopt", args=[recipient_bt.pk]), follow=True)
    assert "Templat ini sudah diadopsi." in _messages(again)
    assert Plan.objects.filter(unit__code="17.09").count() == 1
    page = client.get(url)
    assert "Perubahan terhadap templat (0)" in page.text and "Adopsi templat" not in page.text


def test_it_says_clearly_when_the_unit_already_has_a_plan(client, small_plan, recipient_bt, people):
    client.force_login(people.sekretaris)
    page = client.get(reverse("recipient_detail", args=[recipient_bt.pk]))
    assert "sudah memiliki rencana aksi tahun 2023" in page.text
    assert "Renaksi tidak mengganti rencana yang ada" in page.text
    assert "Adopsi templat" not in page.text and "Tolak templat" in page.text
    response = client.post(reverse("recipient_adopt", args=[recipient_bt.pk]), follow=True)
    assert any("sudah memiliki rencana aksi tahun 2023" in m for m in _messages(response))
    assert Plan.objects.filter(unit__code="17.09").get() == small_plan
    recipient_bt.refresh_from_db()
    assert recipient_bt.status == S.PENDING


def test_it_declines_with_a_reason_and_the_parent_sees_it(client, template, recipient_bs, people):
    client.force_login(people.sibling_sekretaris)
    url = reverse("recipient_decline", args=[recipient_bs.pk])
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400 and "Tuliskan alasan penolakan." in empty.text
    recipient_bs.refresh_from_db()
    assert recipient_bs.status == S.PENDING
    response = client.post(url, {"reason": "Rencana kami disusun sendiri"}, follow=True)
    assert "Templat ditolak; alasan Anda dikirim ke penerbit." in _messages(response)
    recipient_bs.refresh_from_db()
    assert recipient_bs.status == S.DECLINED

    client.force_login(people.province_sekretaris)
    page = client.get(reverse("template_detail", args=[template.pk]) + "?status=declined")
    assert "Rencana kami disusun sendiri" in page.text
    assert "KPU Kabupaten Bengkulu Tengah" not in page.text


def test_it_shows_the_received_template_to_readers_without_the_buttons(
    client, recipient_bt, people
):
    client.force_login(people.viewer)
    page = client.get(reverse("recipient_detail", args=[recipient_bt.pk]))
    assert page.status_code == 200 and "Adopsi templat" not in page.text
    assert client.post(reverse("recipient_adopt", args=[recipient_bt.pk])).status_code == 403
    assert (
        client.post(reverse("recipient_decline", args=[recipient_bt.pk]), {"reason": "x"})
    ).status_code == 403
    recipient_bt.refresh_from_db()
    assert recipient_bt.status == S.PENDING


@pytest.mark.parametrize("persona", ["sibling_sekretaris", "other_province_sekretaris", "outsider"])
def test_it_hides_a_recipients_page_from_units_that_cannot_see_it(
    client, recipient_bt, people, persona
):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("recipient_detail", args=[recipient_bt.pk])).status_code == 404
    assert client.post(reverse("recipient_adopt", args=[recipient_bt.pk])).status_code == 404
    assert not Plan.objects.filter(unit__code="17.09").exists()


def test_it_tells_the_recipient_a_newer_version_exists(client, recipient_bt, province_plan, people):
    v2 = template_publish(
        plan=province_plan, actor=people.province_sekretaris, scope=Scope.CHILDREN
    )
    client.force_login(people.sekretaris)
    page = client.get(reverse("recipient_detail", args=[recipient_bt.pk]))
    newer = Recipient.objects.get(template=v2, unit__code="17.09")
    assert "Sudah terbit versi 2 dari templat ini." in page.text
    assert reverse("recipient_detail", args=[newer.pk]) in page.text
    assert "Adopsi templat" not in page.text


# --- the publisher's status page -------------------------------------------------------------


def test_it_shows_the_publisher_each_childs_state(client, template, recipient_bt, people):
    template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    client.force_login(people.province_sekretaris)
    url = reverse("template_detail", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Diadopsi, 0 perubahan" in page.text and "Belum merespons" in page.text
    adopted = client.get(url + "?status=adopted")
    assert "KPU Kabupaten Bengkulu Tengah" in adopted.text
    assert "KPU Kabupaten Bengkulu Selatan" not in adopted.text
    # An unknown filter shows everyone rather than failing.
    assert client.get(url + "?status=zzz").status_code == 200


def test_it_answers_404_for_an_unknown_template_indicator(client, template, people):
    client.force_login(people.province_sekretaris)
    area_key = template.items.filter(kind="area").first().key
    assert (
        client.get(reverse("template_indicator", args=[template.pk, area_key])).status_code == 404
    )
    assert client.get(reverse("template_indicator", args=[template.pk, "ind-0"])).status_code == 404


def test_it_shows_a_child_on_an_older_version_as_outdated(
    client, template, recipient_bt, province_plan, people
):
    template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    v2 = template_publish(
        plan=province_plan, actor=people.province_sekretaris, scope=Scope.CHILDREN
    )
    client.force_login(people.province_sekretaris)
    page = client.get(reverse("template_detail", args=[v2.pk]) + "?status=outdated")
    assert "Versi lama: mengadopsi v1, 0 perubahan" in page.text
    assert reverse("recipient_detail", args=[recipient_bt.pk]) in page.text
    assert "KPU Kabupaten Bengkulu Selatan" not in page.text

    client.force_login(people.sekretaris)
    newer = Recipient.objects.get(template=v2, unit__code="17.09")
    page = client.get(reverse("recipient_detail", args=[newer.pk]))
    assert "diadopsi dari versi 1 templat ini" in page.text
    assert "sudah memiliki rencana aksi tahun 2023" in page.text
    assert "Adopsi templat" not in page.text


def test_it_says_when_the_adopted_plan_was_deleted(client, template, recipient_bt, people):
    plan = template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    plan.import_reports.all().delete()
    for area in plan.areas.all():
        area.delete()
    plan.delete()
    client.force_login(people.province_sekretaris)
    page = client.get(reverse("template_detail", args=[template.pk]))
    assert "Diadopsi; rencana aksinya sudah dihapus" in page.text
    detail = client.get(reverse("recipient_detail", args=[recipient_bt.pk]))
    assert "Rencana aksi hasil adopsi sudah dihapus." in detail.text
