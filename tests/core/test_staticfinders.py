"""ECharts comes from npm (package-lock.json): the finder serves it from node_modules under
its static path, collectstatic copies only the files the pages use, and a missing
node_modules is a system-check warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from lantian.core.staticfinders import MISSING, NPM_FILES, NodeModulesFinder

ECHARTS = "lantian/vendor/echarts/echarts.min.js"


def test_echarts_is_found_in_node_modules() -> None:
    found = finders.find(ECHARTS)
    assert found == str(Path(settings.NODE_MODULES_DIR) / "echarts/dist/echarts.min.js")
    assert Path(found).read_bytes().startswith(b"\n/*\n* Licensed to the Apache Software")
    assert finders.find("lantian/vendor/echarts/echarts.js") is None  # only what pages use
    assert NodeModulesFinder().find(ECHARTS, find_all=True) == [found]


def test_no_warning_after_npm_ci() -> None:
    assert NodeModulesFinder().check() == []


def test_warning_without_node_modules(settings: Any, tmp_path: Path) -> None:
    settings.NODE_MODULES_DIR = tmp_path  # `npm ci` never ran
    finder = NodeModulesFinder()
    problems = finder.check()
    assert [p.id for p in problems] == [MISSING]
    assert ECHARTS in problems[0].msg and "npm ci" in problems[0].hint
    assert finder.find(ECHARTS) == [] and finder.find(ECHARTS, find_all=True) == []
    assert list(finder.list([])) == []


def test_collectstatic_copies_the_npm_files(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["lantian.core.staticfinders.NodeModulesFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    finders.get_finder.cache_clear()
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    finally:
        finders.get_finder.cache_clear()
    copied = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert copied == set(NPM_FILES)
    node_modules = Path(settings.NODE_MODULES_DIR)
    assert (tmp_path / ECHARTS).read_bytes() == (
        node_modules / "echarts/dist/echarts.min.js"
    ).read_bytes()
