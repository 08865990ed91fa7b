"""`lantian serve`: gunicorn, a task worker and the scheduler, as one command.

For the demo and for a single-machine install behind a TLS proxy. At scale run the three
separately (gunicorn on several servers, several `db_worker`s, one `scheduler`); see
docs/operations.md. Static files are served by WhiteNoise inside gunicorn (compressed,
hashed names cached for a year), so `collectstatic` must have run.

The three are child processes: SIGINT and SIGTERM are passed on to each as SIGTERM
(gunicorn and the worker finish what they are doing; what still runs 30 s later is killed
with its process group), SIGHUP to gunicorn (it reloads its workers); when one child
exits, the others are stopped and the command exits with that child's status.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

MAX_WORKERS = 8  # more sync workers than this on one machine only contend for the database
# gunicorn kills workers still busy this long after SIGTERM; the children that are still
# running GRACE_SECONDS after it (gunicorn's workers included) are killed.
GUNICORN_GRACE = 20
GRACE_SECONDS = 30


def default_workers(cpus: int | None = None) -> int:
    """Gunicorn's rule of thumb, 2 × CPUs + 1, capped; ``LANTIAN_WEB_WORKERS`` overrides."""
    configured = os.environ.get("LANTIAN_WEB_WORKERS", "").strip()
    if configured:
        return max(1, int(configured))
    return min(2 * (cpus or os.cpu_count() or 1) + 1, MAX_WORKERS)


def commands(addr: str, workers: int, timeout: int) -> dict[str, list[str]]:
    lantian = [sys.executable, "-m", "lantian.manage"]
    return {
        "web": [
            sys.executable,
            "-m",
            "gunicorn",
            "lantian.config.wsgi",
            "--bind",
            addr,
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            str(GUNICORN_GRACE),
            "--access-logfile",
            "-",
            # Its control socket sits at one path per user ($HOME/.gunicorn): two servers
            # would share it, and nothing here uses it.
            "--no-control-socket",
            # Extra gunicorn options come from GUNICORN_CMD_ARGS, which gunicorn reads itself.
        ],
        "worker": [*lantian, "db_worker", "--no-reload"],
        "scheduler": [*lantian, "scheduler"],
    }


def supervise(
    commands: Mapping[str, Sequence[str]],
    *,
    log: Any = None,
    grace: float = GRACE_SECONDS,
    started: Any = None,
) -> int:
    """Run ``commands`` as children until a signal arrives or one of them exits; stop
    them all and return the exit status (0 after a signal)."""
    write = log or (lambda message: print(message, file=sys.stderr))
    # Each child leads a process group of its own: signals reach it from here only (not
    # twice, from the terminal too), and a killed gunicorn takes its workers with it.
    processes = {
        name: subprocess.Popen(list(cmd), start_new_session=True) for name, cmd in commands.items()
    }
    if started:
        started()
    received: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        if signum == signal.SIGHUP:
            web = processes.get("web")
            if web and web.poll() is None:
                web.send_signal(signal.SIGHUP)
            return
        received.append(signum)

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, on_signal) for signum in handled}
    status = 0
    try:
        while not received:
            exited = [(n, p.returncode) for n, p in processes.items() if p.poll() is not None]
            if exited:
                name, status = exited[0]
                write(f"{name} exited with status {status}; stopping the others.")
                break
            time.sleep(0.2)
    finally:
        # SIGTERM whatever arrived: gunicorn and the worker shut down gracefully on it
        # (after Ctrl-C the terminal has already sent each of them SIGINT too).
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for name, process in processes.items():
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                write(f"{name} did not stop within {grace:.0f} s; killing it.")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return status


class Command(BaseCommand):
    help = "Serve the site (gunicorn) with a task worker and the scheduler; Ctrl-C stops all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn worker processes (default: 2 × CPUs + 1, at most "
            f"{MAX_WORKERS}; or LANTIAN_WEB_WORKERS)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("LANTIAN_WEB_TIMEOUT", "120")),
            help="seconds before gunicorn restarts a silent worker (default 120: uploads)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        addr = options["addr"]
        workers = options["workers"] or default_workers()
        url = f"http://{addr}"

        def started() -> None:
            self.stdout.write(
                self.style.SUCCESS(f"Lantian is running at {url}/ ({workers} web workers)")
            )
            self.stdout.write(f"Back office: {url}/admin/   API: {url}/api/v1/docs")
            self.stdout.write("Press Ctrl-C to stop.")
            self.stdout.flush()

        status = supervise(
            commands(addr, workers, options["timeout"]),
            log=self.stderr.write,
            started=started,
        )
        if status:
            sys.exit(status)
