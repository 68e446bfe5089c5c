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
