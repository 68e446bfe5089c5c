import os
import subprocess
import sys

from django.conf import settings


def test_it_passes_the_deploy_check_when_configured_for_production():
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
        "RENAKSI_HTTPS": "true",
        "ALLOWED_HOSTS": "renaksi.kpu.example",
        "EMAIL_HOST": "smtp.kpu.example",
    }
    # The browser tests' switch (set for this test process only) is not part of a deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_fails_the_deploy_check_with_the_embedded_secret_key():
    env = {
        **os.environ,
        "RENAKSI_HTTPS": "true",
        "ALLOWED_HOSTS": "renaksi.kpu.example",
        "EMAIL_HOST": "smtp.kpu.example",
    }
    env.pop("SECRET_KEY", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


def test_it_sends_a_strict_content_security_policy(client, people):
    client.force_login(people.sekretaris)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_hashes_new_passwords_with_argon2():
    # The tests themselves use a fast hasher (conftest); the project's own setting is checked here.
    import argon2  # noqa: F401  (the hasher's library is installed)

    from renaksi import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_hashes_with_argon2id_at_19_mib_and_upgrades_older_argon2_hashes(settings):
    from django.contrib.auth.hashers import (
        Argon2PasswordHasher,
        check_password,
        get_hasher,
        make_password,
    )

    from renaksi import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    encoded = make_password("rahasia-sekali")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("rahasia-sekali", encoded)
    assert not check_password("salah", encoded)
    assert not get_hasher("argon2").must_update(encoded)

    # A hash made with Django's defaults (100 MiB) still signs in and is marked for rehashing.
    old = Argon2PasswordHasher().encode("rahasia-sekali", Argon2PasswordHasher().salt())
    assert "m=102400" in old
    assert check_password("rahasia-sekali", old)
    assert get_hasher("argon2").must_update(old)
