from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInThrottle(models.Model):
    """Failed sign-ins counted per key (account, address or known device), shared by processes."""

    key = models.CharField(_("kunci"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("kegagalan"), default=0)
    last_failure = models.DateTimeField(_("kegagalan terakhir"))
    blocked_until = models.DateTimeField(_("ditahan sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penahan percobaan masuk")
        verbose_name_plural = _("penahan percobaan masuk")

    def __str__(self):
        return self.key
