"""Reading configuration from the environment (the only way production differs)."""

import os
from pathlib import Path


def env(name: str, default: str = "") -> str:
    """Return ``name`` from the environment; ``NAME_FILE`` holds a path to read it from."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str = "0") -> int:
    return int(env(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]
