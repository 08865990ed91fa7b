"""Pointing the private storage at a temporary directory for one test.

A model's ``FileField(storage=private_storage)`` calls :func:`private_storage` once, when
the model class is built, and keeps that storage instance: overriding
``settings.STORAGES["private"]`` alone gives ``storages["private"]`` a new instance but
leaves every field writing where it did (the real ``PRIVATE_ROOT``). So this swaps both:
the setting, and the ``storage`` attribute of every model field that uses the private
storage (pytest's ``monkeypatch`` puts the original instances back after the test).

Because the fields keep their own instance, compare a field's storage with
``storages["private"]`` by class and location (:func:`same_storage`), never by identity:
another test may have swapped the setting, and the registry then builds a new instance.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models import FileField

from lantian.core.privatefiles import ALIAS, private_storage


def private_file_fields() -> Iterator[FileField]:
    """Every concrete model's file field whose storage is the private one."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField) and (
                getattr(field, "_storage_callable", None) is private_storage
            ):
                yield field


def point_private_storage_at(location: Path, *, settings: Any, monkeypatch: Any) -> Storage:
    """Make the private storage a directory at ``location`` for this test: the setting
    (so ``storages["private"]`` and ``private_storage()`` answer it) and every private
    file field. ``settings`` and ``monkeypatch`` are pytest-django's and pytest's
    fixtures, which undo both after the test."""
    private = settings.STORAGES[ALIAS]
    options = {**private.get("OPTIONS", {}), "location": str(location)}
    settings.STORAGES = {**settings.STORAGES, ALIAS: {**private, "OPTIONS": options}}
    storage = storages[ALIAS]
    for field in private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
    return storage


def same_storage(storage: Storage, other: Storage) -> bool:
    """The same kind of storage in the same place (two instances may serve one place)."""
    if type(storage) is not type(other):
        return False
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location).resolve() == Path(other.location).resolve()
    return storage is other
