"""``import_users``: people in bulk; hostile files are refused whole, naming the line."""

import io

import pytest
from django.core.management import CommandError, call_command

from renaksi.audit.models import AuditEvent
from renaksi.organisations.models import Membership, Unit, User

pytestmark = pytest.mark.django_db

GOOD = (
    "username,nama,e-mail,nip,kode unit,peran\n"
    "budi,Budi Santoso,budi@kpu.go.id,198001012005011001,17.09,Sekretaris\n"
    "sari,Sari Dewi,sari@kpu.go.id,,17.09,pelaksana\n"
    "sari,Sari Dewi,sari@kpu.go.id,,17.09,Tim Asesor\n"
)


@pytest.fixture
def units(db):
    province = Unit.objects.create(code="17", name="KPU Provinsi Bengkulu", level="province")
    return Unit.objects.create(
        code="17.09", name="KPU Kabupaten Bengkulu Tengah", level="regency", parent=province
    )


def _run(tmp_path, text: str | bytes):
    path = tmp_path / "pengguna.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_users", str(path), stdout=out, stderr=err)
    return out.getvalue()


def test_it_creates_accounts_and_memberships_once(tmp_path, units):
    out = _run(tmp_path, GOOD)
    assert "2 akun dibuat" in out and "3 keanggotaan baru" in out
    budi = User.objects.get(username="budi")
    assert (budi.full_name, budi.email, budi.nip) == (
        "Budi Santoso",
        "budi@kpu.go.id",
        "198001012005011001",
    )
    assert not budi.has_usable_password()
    assert set(Membership.objects.filter(user__username="sari").values_list("role", flat=True)) == {
        "pelaksana",
        "asesor",
    }
    out = _run(tmp_path, GOOD)
    assert "0 akun dibuat" in out and "0 keanggotaan baru, 3 sudah ada" in out
    assert Membership.objects.count() == 3
    assert AuditEvent.objects.filter(action="users.import").count() == 2


@pytest.mark.parametrize(
    "text, needle",
    [
        ("username,nama\nbudi,Budi\n", "kolom unit, role"),
        ("username,unit,role\nbudi,99.99,sekretaris\n", "satuan kerja 99.99 tidak dikenal"),
        ("username,unit,role\nbudi,17.09,raja\n", "peran 'raja' tidak dikenal"),
        ("username,unit,role\nbu di<script>,17.09,sekretaris\n", "tidak sah"),
        ("username,email,unit,role\nbudi,bukan-email,17.09,sekretaris\n", "e-mail 'bukan-email'"),
        ("username,nip,unit,role\nbudi,=HYPERLINK(1),17.09,sekretaris\n", "NIP hanya berisi angka"),
        (
            "username,email,unit,role\na,x@kpu.go.id,17.09,viewer\nb,X@kpu.go.id,17.09,viewer\n",
            "juga dipakai di baris 2",
        ),
        ("username,nama,unit,role\nbudi," + "x" * 5000 + ",17.09,viewer\n", "terlalu panjang"),
        (b"username,unit,role\nbu\x00di,17.09,viewer\n", "NUL"),
        (b"username,unit,role\n\xff\xfe,17.09,viewer\n", "UTF-8"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(tmp_path, units, text, needle):
    # (The duplicate e-mail case has a good row before the bad one: it is not stored either.)
    with pytest.raises(CommandError) as caught:
        _run(tmp_path, text)
    err_text = str(caught.value) + " ".join(
        p for _l, p in getattr(caught.value.__cause__, "problems", [])
    )
    assert needle in err_text
    assert "Tidak ada yang disimpan" in str(caught.value)
    assert not User.objects.exists()
    assert not Membership.objects.exists()
