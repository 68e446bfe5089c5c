"""Error pages in the user's language that say what happened and what to do next."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status, title, message, hint=""):
    return render(
        request,
        "security/error.html",
        {"status": status, "title": title, "message": message, "hint": hint},
        status=status,
    )


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _page(
            request,
            413,
            _("Kiriman terlalu besar"),
            _("Data atau berkas yang Anda kirim melebihi batas ukuran yang diterima."),
            _("Perkecil berkas (misalnya simpan ulang PDF lebih kecil) lalu kirim lagi."),
        )
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return _page(
            request,
            413,
            _("Terlalu banyak isian"),
            _("Formulir yang Anda kirim berisi terlalu banyak isian atau berkas."),
            _("Kirim dalam beberapa bagian yang lebih kecil."),
        )
    if exception is not None and exception.__class__.__name__ == "DisallowedHost":
        return _page(
            request,
            400,
            _("Alamat situs tidak dikenal"),
            _("Alamat yang Anda buka bukan alamat resmi aplikasi ini."),
            _("Buka aplikasi dari alamat yang diberikan administrator Anda."),
        )
    return _page(
        request,
        400,
        _("Permintaan tidak dapat diproses"),
        _("Permintaan yang dikirim browser Anda tidak lengkap atau rusak."),
        _("Muat ulang halaman lalu coba lagi."),
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return _page(
        request,
        500,
        _("Terjadi kesalahan pada server"),
        _(
            "Permintaan Anda tidak dapat diselesaikan karena kesalahan di pihak kami. "
            "Tidak ada data yang berubah sebagian."
        ),
        _(
            "Coba lagi sebentar lagi. Jika terus terjadi, hubungi administrator dan sebutkan "
            "waktu kejadiannya."
        ),
    )


def csrf_failure(request, reason=""):
    return _page(
        request,
        403,
        _("Formulir tidak dapat dikirim"),
        _(
            "Halaman ini sudah terlalu lama terbuka, atau browser Anda memblokir cookie, "
            "sehingga pengiriman tidak dapat dipastikan berasal dari Anda."
        ),
        _(
            "Muat ulang halaman (isian Anda mungkin perlu diketik ulang; salin dulu bila perlu), "
            "pastikan cookie diizinkan untuk situs ini, lalu kirim lagi."
        ),
    )


def method_not_allowed(request, allowed: str):
    response = render(
        request,
        "security/error.html",
        {
            "status": 405,
            "title": _("Cara membuka halaman ini tidak didukung"),
            "message": _(
                "Alamat ini hanya menerima kiriman dari tombol di dalam aplikasi, bukan dibuka "
                "langsung (atau sebaliknya)."
            ),
            "hint": _("Kembali ke halaman sebelumnya dan gunakan tombol yang tersedia di sana."),
            "allowed": allowed,
        },
        status=405,
    )
    response["Allow"] = allowed
    return response
