"""Argon2id sized for small government servers.

Django's default Argon2 parameters take 100 MiB of memory per hash, so twenty people signing in at
once need 2 GB (seen in the bench: one gunicorn worker at 589 MB during sign-ins). OWASP's password
storage guidance lists m=19 MiB, t=2, p=1 as an equivalent choice; the memory is configurable.
Hashes made with other parameters still verify and are rehashed at the next sign-in.
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class RenaksiArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    parallelism = 1

    @property
    def memory_cost(self) -> int:  # type: ignore[override]  # KiB, read at call time
        return settings.ARGON2_MEMORY_KIB
