"""`lantian serve`: the web server, a task worker and the scheduler, as one command.

For the demo and for a single-machine install. At scale run the three separately
(gunicorn on several servers, several `db_worker`s, one `scheduler`); see the README.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the site with a task worker and the scheduler; Ctrl-C stops all three."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to listen on")

    def handle(self, *args: Any, **options: Any) -> None:
        addr = options["addr"]
        lantian = [sys.executable, "-m", "lantian.manage"]
        commands = {
            "web": [*lantian, "runserver", addr, "--noreload", "--skip-checks"],
            "worker": [*lantian, "db_worker", "--no-reload"],
            "scheduler": [*lantian, "scheduler"],
        }
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        url = f"http://{addr}"
        self.stdout.write(self.style.SUCCESS(f"Lantian is running at {url}/"))
        self.stdout.write(f"Back office: {url}/admin/   API: {url}/api/v1/docs")
        self.stdout.write("Press Ctrl-C to stop.")

        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with {process.returncode}; stopping.")
                        stopping = True
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
