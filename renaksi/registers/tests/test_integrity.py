from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from renaksi.registers import services
from renaksi.registers.selectors import register_figures, register_figures_tree

D = date


def test_a_campaign_tracks_who_signed_and_the_conflicts(client, tree, people, holidays_seeded):
    campaign = services.campaign_open(
        unit=tree.bengkulu_tengah,
        year=2022,
        title="Pakta 2022",
        actor=people.sekretaris,
        on=D(2022, 1, 10),
    )
    with pytest.raises(services.RegisterError, match="sudah memiliki"):
        services.campaign_open(
            unit=tree.bengkulu_tengah, year=2022, title="x", actor=people.sekretaris
        )
    with pytest.raises(PermissionDenied):
        services.campaign_open(unit=tree.bengkulu_tengah, year=2023, title="x", actor=people.viewer)
    services.declaration_sign(campaign=campaign, actor=people.ketua)
    d = services.declaration_sign(
        campaign=campaign,
        actor=people.pelaksana,
        conflict_kind="potensial",
        conflict_source="keluarga",
        conflict_description="Adik ipar adalah penyedia ATK.",
    )
    with pytest.raises(services.RegisterError, match="sudah menandatangani"):
        services.declaration_sign(campaign=campaign, actor=people.ketua)
    with pytest.raises(PermissionDenied):
        services.declaration_sign(campaign=campaign, actor=people.sibling_sekretaris)
    services.declaration_handle(
        declaration=d, note="Tidak ikut panitia pengadaan ATK.", actor=people.sekretaris
    )
    f = register_figures(unit_ids=[tree.bengkulu_tengah.pk], year=2022, today=D(2022, 3, 1))[
        tree.bengkulu_tengah.pk
    ]
    assert (f.staff, f.signed, f.signed_pct, f.conflicts, f.conflicts_handled) == (6, 2, 33.3, 1, 1)
    client.force_login(people.sekretaris)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "33,3%" in page or "33.3%" in page
    client.force_login(people.viewer)
    assert client.get(reverse("campaign_sign", args=[campaign.pk])).status_code == 200
    client.post(reverse("campaign_sign", args=[campaign.pk]), {"agree": "on", "conflict_kind": ""})
    assert campaign.declarations.count() == 3


def test_the_roll_up_reads_in_a_fixed_number_of_queries(
    tree, people, holidays_seeded, django_assert_num_queries
):
    services.complaint_submit(
        unit=tree.bengkulu_tengah,
        subject="A",
        body="Keluhan pertama tentang layanan",
        anonymous=True,
        on=D(2022, 2, 1),
    )
    with django_assert_num_queries(8):  # no campaign: declarations not read
        first = register_figures_tree(unit=tree.ri, year=2022, today=D(2022, 3, 1))
    for unit in (tree.bengkulu_selatan, tree.palembang):
        services.complaint_submit(
            unit=unit,
            subject="B",
            body="Keluhan lain tentang layanan kami",
            anonymous=True,
            on=D(2022, 2, 1),
        )
    with django_assert_num_queries(8):  # no campaign: declarations not read
        tree_figures = register_figures_tree(unit=tree.ri, year=2022, today=D(2022, 3, 1))
    assert (first.total.complaints_received, tree_figures.total.complaints_received) == (1, 3)
    by_child = {u.code: f.complaints_received for u, f in tree_figures.children}
    assert by_child == {"16": 1, "17": 2}
    assert tree_figures.total.complaints_overdue == 3
