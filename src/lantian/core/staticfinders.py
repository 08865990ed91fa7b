"""Static files that come from npm packages (``package-lock.json``), not from the repository.

``make install`` runs ``npm ci``; this finder serves the few files the pages need from
``node_modules`` under stable static paths, so templates keep ``{% static %}`` paths,
``collectstatic`` copies only these files (ECharts' ``dist`` folder alone holds 50 MB),
and ``lantian check`` warns when ``npm ci`` has not run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core import checks
from django.core.files.storage import FileSystemStorage

# static path → file inside node_modules (same file name); Apache-2.0 asks for the
# licence and notice to travel with the file.
NPM_FILES = {
    "lantian/vendor/echarts/echarts.min.js": "echarts/dist/echarts.min.js",
    "lantian/vendor/echarts/LICENSE": "echarts/LICENSE",
    "lantian/vendor/echarts/NOTICE": "echarts/NOTICE",
}
MISSING = "lantian.W040"


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.NODE_MODULES_DIR)

    def _source(self, path: str) -> Path | None:
        source = NPM_FILES.get(path)
        return self.root / source if source and (self.root / source).is_file() else None

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        missing = [path for path in NPM_FILES if self._source(path) is None]
        if not missing:
            return []
        return [
            checks.Warning(
                f"Static files from npm are missing in {self.root}: {', '.join(missing)}. "
                "The air pages draw no interactive charts without ECharts.",
                hint="Run `make install` (or `npm ci`) in the project folder, or set "
                "NODE_MODULES_DIR.",
                id=MISSING,
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found = self._source(path)
        if found is None:
            return []  # Django's finders answer "nothing" with an empty list either way
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        """Each file with a storage on its folder whose ``prefix`` is its static folder,
        as collectstatic expects from a finder."""
        for path, source in NPM_FILES.items():
            if self._source(path) is None:
                continue
            static, package = PurePosixPath(path), PurePosixPath(source)
            storage = FileSystemStorage(location=self.root / package.parent)
            storage.prefix = str(static.parent)
            yield package.name, storage
