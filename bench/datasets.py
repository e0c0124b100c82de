"""The benchmark's databases: migrated, demo content, `generate_load_data`; kept between runs.

Generating 100,000 appointments takes one to two and a half minutes per database on a 2-core
machine, most of a run's budget. So each generated data set is kept in `.bench/datasets/`
(a copy of the SQLite file, or a PostgreSQL template database `osengo_benchset_…`, plus the
media files its images point to), under a key: a hash of everything that shapes the data —
the migrations, the models, the demo content and the generators, requirements.txt, and the
generator's options. A run whose key matches copies the set in a second or two; any change to
those files generates it again (`--fresh` always does). Older sets of the same database and
size are deleted, so at most one per (database, size) stays on disk.
"""

# ruff: noqa: S608

import hashlib
import json
import shutil
import time
from pathlib import Path

from common import PY, ROOT, WORK, log, psql, psql_list, run

DATASETS = WORK / "datasets"
PG_BENCH_DB = "osengo_bench"
PG_SET_PREFIX = "osengo_benchset_"
KEY_FILES = [
    "*/migrations/*.py",
    "*/models.py",
    "*/models/*.py",
    "*/demo*.py",
    "*/management/commands/load_demo_data.py",
    "*/management/commands/generate_load_data.py",
    "requirements.txt",
]


def dataset_key(generator_args: list[str]) -> str:
    digest = hashlib.sha256(json.dumps(generator_args).encode())
    for pattern in KEY_FILES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _sqlite_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]


def _copy_sqlite(source: Path, target: Path):
    for file in _sqlite_files(target):
        file.unlink(missing_ok=True)
    for src, dst in zip(_sqlite_files(source), _sqlite_files(target), strict=True):
        if src.exists():
            shutil.copy2(src, dst)


def _copy_media(source: Path, target: Path):
    shutil.rmtree(target, ignore_errors=True)
    if source.exists():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)


def prepare(database, size, slots, extra_args, env, *, fresh=False) -> dict:
    """Point `env` at a ready database of `size` appointments; return how it was obtained."""
    generator_args = ["--slots", str(slots), "--appointments", str(size), *extra_args]
    key = dataset_key(generator_args)
    name = f"{database}-{size}"
    snapshot = DATASETS / f"{name}-{key}"
    media = WORK / "media" / name
    env["MEDIA_ROOT"] = str(media)
    pg_set = f"{PG_SET_PREFIX}{size}_{key}"
    if database == "sqlite":
        path = WORK / "db" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        stored = snapshot / "db.sqlite3"
        have = stored.exists()
    else:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
        existing = psql_list(f"SELECT datname FROM pg_database WHERE datname = '{pg_set}'", env)
        have = bool(existing)
    meta_file = snapshot / "meta.json"
    started = time.monotonic()
    if have and meta_file.exists() and not fresh:
        if database == "sqlite":
            _copy_sqlite(stored, path)
        else:
            psql(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)", env)
            psql(f"CREATE DATABASE {PG_BENCH_DB} TEMPLATE {pg_set}", env)
        _copy_media(snapshot / "media", media)
        meta = json.loads(meta_file.read_text())
        meta.update(reused=True, restore_seconds=round(time.monotonic() - started, 1), key=key)
        log(f"{name}: data set {key} restored in {meta['restore_seconds']} s")
        return meta

    _forget(database, size, env)
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    if database == "sqlite":
        for file in _sqlite_files(path):
            file.unlink(missing_ok=True)
    else:
        psql(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)", env)
        psql(f"CREATE DATABASE {PG_BENCH_DB}", env)
    log(f"{name}: migrating and loading the demo content")
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "load_demo_data"], env)
    log(f"{name}: generate_load_data {' '.join(generator_args)}")
    output = run([PY, "manage.py", "generate_load_data", "--reset", *generator_args], env)
    summary = output.strip().splitlines()[-1]
    log(f"{name}: {summary}")
    snapshot.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        _copy_sqlite(path, snapshot / "db.sqlite3")
    else:
        psql(f"CREATE DATABASE {pg_set} TEMPLATE {PG_BENCH_DB}", env)
    _copy_media(media, snapshot / "media")
    meta = {
        "generator_args": generator_args,
        "summary": summary,
        "generate_seconds": round(time.monotonic() - started),
    }
    meta_file.write_text(json.dumps(meta))
    return {**meta, "reused": False, "key": key}


def _forget(database, size, env):
    """Delete the stored sets of this database and size (an older key, or --fresh)."""
    for old in DATASETS.glob(f"{database}-{size}-*"):
        shutil.rmtree(old, ignore_errors=True)
    if database == "postgres":
        like = f"{PG_SET_PREFIX}{size}\\_%"
        for db in psql_list(f"SELECT datname FROM pg_database WHERE datname LIKE '{like}'", env):
            psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", env)


def drop_work_database(env):
    psql(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)", env)
