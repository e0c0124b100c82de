"""`make bench`: the site under gunicorn with the production settings, on SQLite and on
PostgreSQL filled by `generate_load_data`, driven by wrk on loopback; writes a Markdown report
to docs/benchmarks/<date>-report.md and docs/benchmarks/latest.md.

For each data set (by default 10,000 appointments on SQLite, 100,000 on SQLite and PostgreSQL)
the public pages are measured with the page cache as it ships (file-based, nothing to set), with
the cache off, and with Redis when it answers on 127.0.0.1:6379 (largest sets); then the private
manage page, the admin pages, the booking POST and the CSV export. Every figure is also given as
a ratio to the ceiling — a trivial view (/sante/) through the full middleware, measured by the
same server — because absolute figures move from run to run on a shared machine. The Django
peer django-appointment 3.12 is measured in the same run (bench/peer.py), and the home page's
weight over the wire (bench/weight.py). Where a target is missed, the report adds a profile.

Only the standard library: wrk (Debian package, installed with apt-get when missing and root)
drives the load; the Django side runs in subprocesses (`bench/prepare.py`, `manage.py`).
Modules: common (servers, wrk), datasets (generation and snapshots), peer, weight, report.
"""

# A local tool: it runs fixed commands (wrk, psql, gunicorn) and opens loopback URLs.
# ruff: noqa: S607, S310

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import datasets
import peer
import report
import weight
from common import (
    BENCH,
    PY,
    REDIS,
    REPORTS,
    ROOT,
    THREADS,
    WORK,
    Server,
    ensure_wrk,
    log,
    measure_get,
    reachable,
    run,
    run_json,
    wrk,
)

PAGE_CACHE_DIR = WORK / "page-cache"
SECRET_KEY = secrets.token_urlsafe(50)  # one per run: sessions made by prepare.py stay valid


def base_env(config="defaults") -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BENCH_STATIC_ROOT=str(WORK / "static"),
        SERVE_MEDIA="true",
        TASKS_BACKEND="database",  # as in production: emails queued, not sent in the request
        BOOKING_RATE_LIMIT_BOOKINGS="100000000",  # one client IP plays every founder
        BOOKING_RATE_LIMIT_LINK_HITS="100000000",
        BOOKING_MIN_FILL_SECONDS="0",
        LOG_LEVEL="WARNING",
        # The defaults: nothing set but where the file-based cache lives (not the repo's .cache/)
        CACHE_DIR=str(PAGE_CACHE_DIR),
    )
    if config == "off":
        env["PAGE_CACHE_TIMEOUT"] = "0"
    elif config == "redis":
        env["CACHE_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    return env


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    versions = run(
        [
            PY,
            "-c",
            "import django, wagtail, gunicorn, sys; "
            "print(sys.version.split()[0], django.__version__, wagtail.__version__, "
            "gunicorn.__version__)",
        ],
        os.environ.copy(),
    ).split()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024),
        "kernel": platform.release(),
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "python": versions[0],
        "django": versions[1],
        "wagtail": versions[2],
        "gunicorn": versions[3],
        "wrk": (wrk_version.split() or ["wrk", "?"])[1],
    }


# --- measurements ---------------------------------------------------------------------------


def booking_script(targets, run_id) -> Path:
    """A wrk script posting the booking form, each request on a different free slot: the
    slots are split between wrk's threads, each request gets its own email and phone number (no
    per-founder cap), and each slot its own submission key with the form timestamp signed for
    it by `prepare.py` (no idempotent replay while the slots last)."""
    slots = ",\n".join(
        f'{{"{path}", {pk}, "{quote(key)}", "{quote(started)}"}}'
        for path, pk, key, started in targets["booking_slots"]
    )
    fixed = "&".join(
        f"{quote(k)}={quote(str(v))}"
        for k, v in {**targets["form"], "csrfmiddlewaretoken": targets["csrf_token"]}.items()
    )
    script = WORK / "booking_post.lua"
    script.write_text(
        f"""local slots = {{
{slots}
}}
local fixed = "{fixed}"
local nthreads = {THREADS}
local counter = 0
local created = 0
local headers = {{
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken={targets["csrf_cookie"]}",
}}
setup = function(thread)
  thread:set("tid", created)
  created = created + 1
end
request = function()
  counter = counter + 1
  local i = tid + nthreads * (counter - 1) + 1
  if i > #slots then i = ((i - 1) % #slots) + 1 end
  local n = tid * 1000000 + counter
  local body = fixed .. "&slot=" .. slots[i][2]
    .. "&submission_key=" .. slots[i][3] .. "&form_started=" .. slots[i][4]
    .. string.format("&email=bench.{run_id}.%d%%40exemple.fr", n)
    .. string.format("&phone=061%07d", n)
  return wrk.format("POST", slots[i][1], headers, body)
end
"""
        + (BENCH / "wrk_report.lua").read_text()
    )
    return script


def measure_export(server, targets) -> dict:
    workers = server.workers()
    for pid in workers:  # reset each worker's peak RSS (VmHWM) to its current RSS
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")
    request = urllib.request.Request(
        server.base + targets["export"],
        headers={"Cookie": f"sessionid={targets['admin_session']}"},
    )
    started = time.monotonic()
    size = lines = 0
    with urllib.request.urlopen(request, timeout=120) as response:
        status = response.status
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.monotonic() - started
    peaks = []
    for pid in workers:
        status_text = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status_text).group(1)) / 1024)
    return {
        "status": status,
        "seconds": round(seconds, 2),
        "megabytes": round(size / 1e6, 1),
        "rows": max(lines - 1, 0),
        "peak_mb": round(max(peaks), 1),
    }


def measure_pages(server, targets, args, name) -> dict:
    rows = {"ceiling": measure_get(server.base, "/sante/", args)}
    for key, *_ in report.CACHED_PAGES:
        rows[key] = measure_get(server.base, targets["pages"][key], args)
    log(
        f"{name}: ceiling {rows['ceiling']['rps']:.0f} req/s, "
        + ", ".join(f"{key} {report.ratio(rows, key):.0%}" for key, *_ in report.CACHED_PAGES)
    )
    return rows


def measure_uncached(server, targets, args, rows, name):
    """The requests no cache serves, on the server with the defaults; the booking POST last
    (every booking empties the page cache)."""
    rows["manage"] = measure_get(server.base, targets["pages"]["manage"], args)
    admin_headers = [f"Cookie: sessionid={targets['admin_session']}"]
    for key, path in targets["admin_pages"].items():
        rows[key] = measure_get(
            server.base, path, args, connections=args.admin_connections, headers=admin_headers
        )
    script = booking_script(targets, secrets.token_hex(3))
    rows["booking_post"] = wrk(
        server.base + "/", duration=args.duration, connections=args.connections, script=script
    )
    rows["booking_post"]["slots_offered"] = len(targets["booking_slots"])
    log(
        f"{name}: manage {report.ratio(rows, 'manage'):.0%}, "
        + ", ".join(f"{k} p95 {rows[k]['p95_ms']:.0f} ms" for k in targets["admin_pages"])
        + f", booking POST p95 {rows['booking_post']['p95_ms']:.0f} ms"
    )


def bench_set(database, size, args, state, smaller=None) -> dict:
    name = f"{database}-{size}"
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    env = base_env()
    data = datasets.prepare(
        database, size, args.slots or size, args.generator_args, env, fresh=args.fresh
    )
    shutil.rmtree(PAGE_CACHE_DIR, ignore_errors=True)
    targets = run_json([PY, "bench/prepare.py", "targets"], env)
    configs = {}
    with Server(config_env(env, "off"), f"{name}-off") as server:
        configs["off"] = measure_pages(server, targets, args, f"{name} off")
    if state["redis"] and database in args.redis_on and size == max(args.sizes):
        redis_env = config_env(env, "redis")
        run_json([PY, "bench/prepare.py", "clear"], redis_env)  # no page of an earlier run
        with Server(redis_env, f"{name}-redis") as server:
            configs["redis"] = measure_pages(server, targets, args, f"{name} redis")
    with Server(env, f"{name}-defaults") as server:
        rows = configs["defaults"] = measure_pages(server, targets, args, f"{name} defaults")
        if state.get("weight") is None:
            home = state["weight"] = weight.measure(server.base)
            log(f"home page: {home['requests']} requests, {home['wire_bytes']:,} bytes")
        measure_uncached(server, targets, args, rows, name)
        export = measure_export(server, targets)
        log(
            f"{name}: export {export['rows']:,} rows, {export['seconds']} s, {export['peak_mb']} MB"
        )
    result = {
        "database": database,
        "size": size,
        "data": {**data, "load": load},
        "targets": {
            k: v
            for k, v in targets.items()
            if k not in ("booking_slots", "admin_session", "csrf_cookie", "csrf_token", "form")
        },
        "configs": configs,
        "export": export,
        "verify": run_json([PY, "bench/prepare.py", "verify"], env),
    }
    result["checks"] = report.checks(result, smaller)
    result["profiles"] = profile_misses(env, targets, result)
    return result


def config_env(env, config) -> dict:
    """The environment of one cache configuration, on the database and media of `env`."""
    return {**base_env(config), **{k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT")}}


def profile_misses(env, targets, result) -> dict:
    """One profile per missed target, with the configuration it was measured in; one
    `profile_view.py --jobs` process per configuration."""
    wanted = []
    for check in result["checks"]:
        if not check["ok"]:
            for spec in [check["profile"], *check.get("more_profiles", [])]:
                if spec and spec not in wanted:
                    wanted.append(spec)
    profiles = {}
    for config in ("defaults", "off"):
        jobs = []
        for cfg, key in wanted:
            if cfg != config:
                continue
            job = {"name": f"{report.LABELS.get(key, key)} ({config})", "method": "GET"}
            if key in targets["pages"]:
                job["path"] = targets["pages"][key]
            elif key in targets["admin_pages"]:
                job.update(path=targets["admin_pages"][key], session=targets["admin_session"])
            elif key == "export":  # seconds per request: once after the warm-up
                job.update(path=targets["export"], session=targets["admin_session"], repeat=1)
            elif key == "booking_post":
                job.update(method="POST", forms=_profile_forms(targets))
            jobs.append(job)
        if not jobs:
            continue
        jobs_file = WORK / "profile_jobs.json"
        jobs_file.write_text(json.dumps(jobs))
        out = run([PY, "bench/profile_view.py", "--jobs", str(jobs_file)], config_env(env, config))
        for chunk in out.split("=== PROFILE ")[1:]:
            title, _, text = chunk.partition("\n")
            profiles[title] = text
    if profiles:
        log(f"{result['database']}-{result['size']}: profiled {', '.join(profiles)}")
    return profiles


def _profile_forms(targets) -> list[dict]:
    """Five booking forms, each on its own slot with the submission key and the form timestamp
    `prepare.py` signed together for it (the form binds them)."""
    forms = []
    for (path, pk, _key, _started), (key, started) in zip(
        targets["booking_slots"][-5:], targets["profile_forms"], strict=False
    ):
        forms.append(
            {
                **targets["form"],
                "_path": path,
                "slot": pk,
                "submission_key": key,
                "form_started": started,
                "email": f"profil.{len(forms)}.{secrets.token_hex(3)}@exemple.fr",
                "phone": f"0698{secrets.randbelow(10**6):06d}",
            }
        )
    return forms


def save(all_results):
    """Everything measured so far, for a look when a later step fails."""
    (WORK / "results.json").write_text(json.dumps(all_results, indent=2, default=str))


def plan(args) -> list[tuple[str, int]]:
    """(database, size) in order: every size on the `--all-sizes-on` databases, the largest
    elsewhere; smaller sizes first, so that the larger set can be compared with them."""
    sets = []
    for database in args.databases:
        sizes = args.sizes if database in args.all_sizes_on else [max(args.sizes)]
        sets += [(database, size) for size in sorted(sizes)]
    return sets


def weight_only(args):
    """The home page's weight alone, on the same data set and settings as in a full run (the
    smallest SQLite set, restored from `.bench/datasets/` when kept): no wrk, no load. The
    weight section of latest.md is replaced; the load figures there stay those of the last
    full run."""
    WORK.mkdir(exist_ok=True)
    env = base_env()
    log("collectstatic")
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    size = min(args.sizes)
    datasets.prepare("sqlite", size, args.slots or size, args.generator_args, env)
    shutil.rmtree(PAGE_CACHE_DIR, ignore_errors=True)
    with Server(env, "weight") as server:
        home = weight.measure(server.base)
    log(f"home page: {home['requests']} requests, {home['wire_bytes']:,} bytes")
    note = f"Measured alone on {datetime.now():%Y-%m-%d %H:%M} (`make bench-weight`)."
    section = report.weight_section(home, note=note)
    if args.no_report:
        print("\n".join(section))
        return
    latest = REPORTS / "latest.md"
    latest.write_text(report.replace_section(latest.read_text(), section))
    log(f"report: weight section of {latest.relative_to(ROOT)} rewritten")


def main():
    parser = argparse.ArgumentParser(
        description="Load test of the site (and of the peer django-appointment) under gunicorn; "
        "writes docs/benchmarks/latest.md. Other options go to generate_load_data (--news 30).",
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--sizes", default="10000,100000", help="appointments per data set, comma-separated"
    )
    parser.add_argument("--all-sizes-on", default="sqlite", help="databases that get every size")
    parser.add_argument("--appointments", type=int, help="one size only (same as --sizes N)")
    parser.add_argument("--slots", type=int, help="slots of every set (default: = appointments)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per row")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--admin-connections", type=int, default=4)
    parser.add_argument("--no-peer", action="store_true", help="skip django-appointment")
    parser.add_argument(
        "--redis-on",
        default="sqlite",
        help="databases whose largest set also runs with Redis, when it answers ('' for none)",
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the data sets")
    parser.add_argument("--no-report", action="store_true", help="print, do not write files")
    parser.add_argument(
        "--weight-only",
        action="store_true",
        help="only the home page's weight (`make bench-weight`, a minute): rewrites that "
        "section of latest.md and leaves the rest of the report as it was",
    )
    # Any other option goes to generate_load_data, e.g. --news 200 --agencies 10.
    args, args.generator_args = parser.parse_known_args()
    args.databases = args.databases.split(",")
    args.all_sizes_on = (
        args.all_sizes_on.split(",") if args.all_sizes_on != "all" else args.databases
    )
    args.sizes = (
        [args.appointments] if args.appointments else [int(s) for s in args.sizes.split(",")]
    )
    started = time.monotonic()
    if args.weight_only:
        return weight_only(args)
    ensure_wrk()
    WORK.mkdir(exist_ok=True)
    info = machine()
    args.redis_on = [d for d in args.redis_on.split(",") if d]
    state = {"redis": bool(args.redis_on) and reachable(*REDIS), "weight": None}
    env = base_env()
    log("collectstatic")
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    if "postgres" in args.databases and not reachable("127.0.0.1", 5432):
        log("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
        args.databases.remove("postgres")
    all_results = {"sets": []}
    smallest = {}
    for database, size in plan(args):
        result = bench_set(database, size, args, state, smallest.get(database))
        smallest.setdefault(database, result)
        all_results["sets"].append(result)
        save(all_results)
    if "postgres" in args.databases:
        datasets.drop_work_database(env)
    all_results["weight"] = state["weight"]
    if not args.no_peer:
        versions = peer.ensure_installed(info["django"], info["gunicorn"])
        sizes = sorted({r["size"] for r in all_results["sets"] if r["database"] == "sqlite"})
        all_results["peer"] = peer.bench(sizes or args.sizes, versions, args)
    save(all_results)
    text = report.render(args, info, all_results, time.monotonic() - started)
    if args.no_report:
        print(text)
        return
    REPORTS.mkdir(parents=True, exist_ok=True)
    dated = REPORTS / f"{datetime.now():%Y-%m-%d}-report.md"
    dated.write_text(text)
    (REPORTS / "latest.md").write_text(text)
    minutes = (time.monotonic() - started) / 60
    log(f"report: {dated.relative_to(ROOT)} (and latest.md), {minutes:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
