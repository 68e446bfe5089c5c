from django.urls import path

from renaksi.registers.views import (
    binding,
    documents,
    figures,
    gratification,
    integrity,
    public,
    staff,
)

urlpatterns = [
    # public: no sign-in
    path("layanan/<str:unit_code>/pengaduan/", public.public_complaint, name="public_complaint"),
    path("layanan/<str:unit_code>/informasi/", public.public_request, name="public_request"),
    path("layanan/lacak/", public.public_track, name="public_track"),
    path("layanan/keberatan/", public.public_objection, name="public_objection"),
    # staff registers
    path("register/", staff.registers_home, name="registers_home"),
    path("register/<int:unit_pk>/pengaduan/", staff.complaint_list, name="complaint_list"),
    path("register/pengaduan/<int:pk>/", staff.complaint_detail, name="complaint_detail"),
    path("register/pengaduan/<int:pk>/aksi/", staff.complaint_act, name="complaint_act"),
    path(
        "register/pengaduan/lampiran/<int:pk>/",
        staff.complaint_attachment,
        name="complaint_attachment",
    ),
    path("register/<int:unit_pk>/ppid/", staff.request_list, name="request_list"),
    path("register/<int:unit_pk>/ppid/baru/", staff.request_new, name="request_new"),
    path("register/ppid/<int:pk>/", staff.request_detail, name="request_detail"),
    path("register/ppid/<int:pk>/aksi/", staff.request_act, name="request_act"),
    path(
        "register/ppid/<int:pk>/surat/<str:kind>.<str:fmt>",
        documents.request_letter,
        name="request_letter",
    ),
    path(
        "register/<int:unit_pk>/<str:kind>/laporan/",
        documents.register_report,
        name="register_report",
    ),
    # gratification (confidential)
    path("gratifikasi/", gratification.gratification_list, name="gratification_list"),
    path("gratifikasi/baru/", gratification.gratification_new, name="gratification_new"),
    path("gratifikasi/<int:pk>/", gratification.gratification_detail, name="gratification_detail"),
    path("gratifikasi/<int:pk>/aksi/", gratification.gratification_act, name="gratification_act"),
    path(
        "gratifikasi/<int:pk>/lengkapi/",
        gratification.gratification_complete,
        name="gratification_complete",
    ),
    # integrity campaigns
    path("register/<int:unit_pk>/integritas/", integrity.integrity_list, name="integrity_list"),
    path("register/integritas/<int:pk>/", integrity.campaign_detail, name="campaign_detail"),
    path(
        "register/integritas/<int:pk>/tandatangan/",
        integrity.campaign_sign,
        name="campaign_sign",
    ),
    path(
        "register/integritas/deklarasi/<int:pk>/kendalikan/",
        integrity.declaration_handle,
        name="declaration_handle",
    ),
    # plan indicators counted from a register
    path("register/<int:unit_pk>/indikator/", binding.binding_list, name="binding_list"),
    path(
        "register/rencana/<int:plan_pk>/angka/", figures.figures_plan, name="register_figures_plan"
    ),
    path(
        "register/<int:unit_pk>/angka/<int:year>/",
        figures.figures_unit,
        name="register_figures_unit",
    ),
    path("register/indikator/<int:pk>/usulkan/", binding.binding_propose, name="binding_propose"),
]
