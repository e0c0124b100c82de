"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(items):
    """Every transactional test restores the rows migrations create (root page, collection,
    groups…) when it ends. Without it, the flush after one such test leaves the next tests with
    an empty tree, or with content types that clash with the serialized copy."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            {"transactional_db", "live_server"} & set(item.fixturenames)
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


def pytest_sessionfinish(session):
    """Django drops the SQLite test database, but WAL mode leaves its -wal/-shm files behind."""
    import os
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and str(name).endswith(".sqlite3") and str(os.getpid()) in str(name):
        for leftover in Path(name).parent.glob(Path(name).name + "-*"):
            leftover.unlink(missing_ok=True)
