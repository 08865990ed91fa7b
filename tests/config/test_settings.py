"""Configuration from the environment: deploy checks, WAL, the console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections


def run_lantian(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    test_only = {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "lantian.manage", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_silent_with_debug_off_and_a_real_secret(tmp_path: Path) -> None:
    result = run_lantian(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k3J9x!Qv2@pLw8#Zr5^Tn1&Hy6*Bm4(Cs7)Fd0_Gj-Rk+Vq=Ux~Ea.Wo;Ni:Pt",
        ALLOWED_HOSTS="sthjj.demo.gov.cn",
        STATICFILES_STORAGE="whitenoise.storage.CompressedManifestStaticFilesStorage",
        LANTIAN_HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_is_refused_when_debug_is_off(tmp_path: Path) -> None:
    result = run_lantian("check", DEBUG="false", LANTIAN_HOME=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_time_zone_and_language() -> None:
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.USE_TZ


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    default = connections["default"]
    if default.vendor != "sqlite":
        pytest.skip("the PostgreSQL run checks PostgreSQL; WAL is SQLite's")
    wrapper = default.__class__({**default.settings_dict, "NAME": str(tmp_path / "wal.sqlite3")})
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_postgres_when_database_url_says_so() -> None:
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connections["default"].vendor == expected
