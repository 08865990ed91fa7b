"""`lantian serve`: gunicorn sized from the CPUs, and a supervisor that stops every child
when one exits or a signal arrives (the children here are small Python processes)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from lantian.core.management.commands import serve

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_workers_follow_the_cpus_capped_or_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("LANTIAN_WEB_WORKERS", raising=False)
    assert serve.default_workers(1) == 3
    assert serve.default_workers(2) == 5
    assert serve.default_workers(64) == serve.MAX_WORKERS
    monkeypatch.setenv("LANTIAN_WEB_WORKERS", "12")
    assert serve.default_workers(2) == 12


def test_gunicorn_serves_the_wsgi_app_beside_a_worker_and_the_scheduler() -> None:
    commands = serve.commands("127.0.0.1:8123", 5, 120)
    web = commands["web"]
    assert web[1:4] == ["-m", "gunicorn", "lantian.config.wsgi"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8123"
    assert web[web.index("--workers") + 1] == "5"
    assert int(web[web.index("--graceful-timeout") + 1]) < serve.GRACE_SECONDS
    assert commands["worker"][-2:] == ["db_worker", "--no-reload"]
    assert commands["scheduler"][-1] == "scheduler"


def test_when_one_child_exits_the_others_are_stopped_with_its_status() -> None:
    messages: list[str] = []
    started = time.monotonic()
    status = serve.supervise(
        {
            "web": SLEEPER,
            "worker": [sys.executable, "-c", "import time, sys; time.sleep(0.5); sys.exit(3)"],
            "scheduler": SLEEPER,
        },
        log=messages.append,
        grace=10,
    )
    assert status == 3
    assert messages == ["worker exited with status 3; stopping the others."]
    assert time.monotonic() - started < 10  # the sleepers were stopped, not waited for


def test_a_signal_stops_every_child_and_a_stubborn_one_is_killed() -> None:
    stubborn = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        " open(__import__('sys').argv[1], 'w').close(); time.sleep(60)"
    )
    ready = f"/tmp/lantian-serve-test-{os.getpid()}"
    messages: list[str] = []

    def terminate_when_ready() -> None:
        deadline = time.monotonic() + 30
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=terminate_when_ready, daemon=True).start()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        status = serve.supervise(
            {"web": SLEEPER, "worker": [sys.executable, "-c", stubborn, ready]},
            log=messages.append,
            grace=1,
        )
    finally:
        if os.path.exists(ready):
            os.remove(ready)
    assert status == 0
    assert messages == ["worker did not stop within 1 s; killing it."]
    assert signal.getsignal(signal.SIGTERM) is previous  # our handler is put back


@pytest.mark.parametrize("workers", [None, 2])
def test_the_command_reports_its_workers(monkeypatch, capsys, workers) -> None:
    from django.core.management import call_command

    seen = {}

    def fake_supervise(commands, *, log, started):
        seen.update(commands)
        started()
        return 0

    monkeypatch.setattr(serve, "supervise", fake_supervise)
    monkeypatch.setenv("LANTIAN_WEB_WORKERS", "4")
    call_command("serve", "--addr", "127.0.0.1:8124", *(["--workers", "2"] if workers else []))
    expected = str(workers or 4)
    assert seen["web"][seen["web"].index("--workers") + 1] == expected
    assert f"({expected} web workers)" in capsys.readouterr().out
