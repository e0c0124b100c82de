"""`make bench`: the site under gunicorn with the production settings, on SQLite and on
PostgreSQL filled by `generate_load_data`, driven by wrk on loopback; writes a Markdown report
to docs/benchmarks/<date>-report.md and docs/benchmarks/latest.md.

Every page is also given as a ratio to the ceiling — a trivial view (/sante/) through the full
middleware, measured in the same run — because absolute figures move from run to run on a
shared machine. Where a target is missed, the report adds a profile of that request.

Only the standard library: wrk (Debian package, installed with apt-get when missing and root)
drives the load; the Django side runs in subprocesses (`bench/prepare.py`, `manage.py`).
"""

# A local tool: it runs fixed commands (wrk, psql, gunicorn, apt-get) and opens loopback URLs.
# ruff: noqa: S603, S607, S310

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / ".bench"  # git-ignored: databases, static files, media, logs
REPORTS = ROOT / "docs" / "benchmarks"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "osengo_bench"
REDIS = ("127.0.0.1", 6379)
WORKERS = 2
THREADS = 2

# (key, label, ratio target, p95 target in ms)
PAGES = [
    ("home", "Accueil", 0.50, None),
    ("showcase", "Page vitrine", 0.50, None),
    ("news_index", "Index des actualités", 0.50, None),
    ("news_article", "Actualité", 0.50, None),
    ("agency_list", "Liste des agences", 0.25, None),
    ("slot_page", "Créneaux d'une agence", 0.25, None),
    ("manage", "Page « gérer mon rendez-vous »", None, None),
]
BOOKING_P95_MS = 150
ADMIN_P95_MS = 300
EXPORT_SECONDS = 10
EXPORT_PEAK_MB = 200


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, env, quiet=True):
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        sys.exit("wrk is missing: apt-get install wrk (Debian package), then make bench again.")
    log("installing wrk from Debian's packages")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk")


def reachable(host, port) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(args) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BENCH_STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        SERVE_MEDIA="true",
        TASKS_BACKEND="database",  # as in production: emails queued, not sent in the request
        BOOKING_RATE_LIMIT_BOOKINGS="100000000",  # one client IP plays every founder
        BOOKING_RATE_LIMIT_LINK_HITS="100000000",
        BOOKING_MIN_FILL_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    if args.cache == "redis":
        env["CACHE_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    else:
        env["PAGE_CACHE_TIMEOUT"] = "300"  # per-worker cache: fine for a benchmark only
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
        "python": versions[0],
        "django": versions[1],
        "wagtail": versions[2],
        "gunicorn": versions[3],
        "wrk": (wrk_version.split() or ["wrk", "?"])[1],
    }


# --- database and server --------------------------------------------------------------------


def prepare_database(name, env, sizes) -> dict:
    if name == "sqlite":
        path = WORK / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        drop = f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)"
        run(["psql", PG_ADMIN_URL, "-q", "-c", drop], env)
        run(["psql", PG_ADMIN_URL, "-q", "-c", f"CREATE DATABASE {PG_BENCH_DB}"], env)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
    started = time.monotonic()
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "load_demo_data"], env)
    log(f"{name}: migrated and demo content loaded; generating the load data set")
    output = run([PY, "manage.py", "generate_load_data", "--reset", *sizes], env)
    log(f"{name}: {output.strip().splitlines()[-1]}")
    targets = json.loads(run([PY, "bench/prepare.py", "targets"], env))
    targets["setup_seconds"] = round(time.monotonic() - started)
    return targets


class Server:
    def __init__(self, env, name):
        self.port = free_port()
        self.log = open(WORK / f"gunicorn-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "site_config.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/sante/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not answer; see {self.log.name}")

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# --- measurements ---------------------------------------------------------------------------


def wrk(url, *, duration, connections, script=None, headers=()):
    cmd = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    cmd += ["-s", str(script or BENCH / "wrk_report.lua")]
    for header in headers:
        cmd += ["-H", header]
    result = subprocess.run([*cmd, url], capture_output=True, text=True)
    match = re.search(r"BENCH_JSON (\{.*\})", result.stdout)
    if not match:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    data["connections"] = connections
    return data


def measure_get(server, path, args, *, connections=None, headers=()):
    connections = connections or args.connections
    url = server.base + path
    wrk(url, duration=1, connections=connections, headers=headers)  # warm-up (fills caches)
    return wrk(url, duration=args.duration, connections=connections, headers=headers)


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


def profile(env, method, path, *, session=None, form_file=None) -> str:
    cmd = [PY, "bench/profile_view.py", method, path]
    if session:
        cmd += ["--session", session]
    if form_file:
        cmd += ["--form", str(form_file)]
    return run(cmd, env)


def bench_database(name, args, sizes) -> dict:
    env = base_env(args)
    log(f"{name}: preparing the database")
    targets = prepare_database(name, env, sizes)
    server = Server(env, name)
    log(f"{name}: gunicorn on {server.base}")
    results = {"targets": {k: v for k, v in targets.items() if k != "booking_slots"}}
    rows = results["rows"] = {}
    try:
        rows["ceiling"] = measure_get(server, "/sante/", args)
        log(f"{name}: ceiling {rows['ceiling']['rps']:.0f} req/s")
        for key, _label, _ratio, _p95 in PAGES:
            rows[key] = measure_get(server, targets["pages"][key], args)
            log(f"{name}: {key} {rows[key]['rps']:.0f} req/s")
        admin_headers = [f"Cookie: sessionid={targets['admin_session']}"]
        rows["admin_list"] = measure_get(
            server,
            targets["admin_list"],
            args,
            connections=args.admin_connections,
            headers=admin_headers,
        )
        log(f"{name}: admin list p95 {rows['admin_list']['p95_ms']:.0f} ms")
        run_id = secrets.token_hex(3)
        script = booking_script(targets, run_id)
        rows["booking_post"] = wrk(
            server.base + "/",
            duration=args.duration,
            connections=args.connections,
            script=script,
        )
        rows["booking_post"]["slots_offered"] = len(targets["booking_slots"])
        log(f"{name}: booking POST p95 {rows['booking_post']['p95_ms']:.0f} ms")
        results["export"] = measure_export(server, targets)
        log(f"{name}: export {results['export']}")
    finally:
        server.stop()
    results["verify"] = json.loads(run([PY, "bench/prepare.py", "verify"], env))
    results["profiles"] = profiles_for_misses(name, env, targets, results)
    return results


def profiles_for_misses(name, env, targets, results) -> dict:
    rows, ceiling = results["rows"], results["rows"]["ceiling"]["rps"]
    profiles = {}
    for key, _label, ratio, _p95 in PAGES:
        if ratio and rows[key]["rps"] / ceiling < ratio:
            profiles[key] = profile(env, "GET", targets["pages"][key])
    if rows["admin_list"]["p95_ms"] >= ADMIN_P95_MS:
        profiles["admin_list"] = profile(
            env, "GET", targets["admin_list"], session=targets["admin_session"]
        )
    if rows["booking_post"]["p95_ms"] >= BOOKING_P95_MS:
        forms = []
        for (path, pk, _, _), (key, started) in zip(
            targets["booking_slots"][-5:], targets["profile_forms"], strict=False
        ):
            n = len(forms)
            forms.append(
                {
                    **targets["form"],
                    "_path": path,
                    "slot": pk,
                    "submission_key": key,
                    "form_started": started,
                    "email": f"profil.{n}.{secrets.token_hex(3)}@exemple.fr",
                    "phone": f"0698{secrets.randbelow(10**6):06d}",
                }
            )
        form_file = WORK / "profile_forms.json"
        form_file.write_text(json.dumps(forms))
        profiles["booking_post"] = profile(env, "POST", "", form_file=form_file)
    export = results["export"]
    if export["seconds"] >= EXPORT_SECONDS or export["peak_mb"] >= EXPORT_PEAK_MB:
        profiles["export"] = profile(
            env, "GET", targets["export"], session=targets["admin_session"]
        )
    if profiles:
        log(f"{name}: profiled {', '.join(profiles)}")
    return profiles


# --- report ---------------------------------------------------------------------------------


def fmt_row(label, row, ceiling, target=""):
    ratio = row["rps"] / ceiling if ceiling else 0
    return (
        f"| {label} | {row['connections']} | {row['rps']:,.0f} | {ratio:.0%} | "
        f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
        f"{row['errors']} | {target} |"
    )


def verdicts(results) -> list[tuple[str, bool, str]]:
    rows, export, verify = results["rows"], results["export"], results["verify"]
    ceiling = rows["ceiling"]["rps"]
    out = []
    for key, label, ratio, _p95 in PAGES:
        if ratio:
            got = rows[key]["rps"] / ceiling
            out.append((label, got >= ratio, f"{got:.0%} of the ceiling (target ≥ {ratio:.0%})"))
    post = rows["booking_post"]
    ok = (
        post["p95_ms"] < BOOKING_P95_MS
        and post["errors"] == 0
        and verify["slots_with_several"] == 0
        and verify["slots_with_wrong_counter"] == 0
        and verify["overbooked_slots"] == 0
        # wrk counts the answers it received; up to one request per connection is still in
        # flight when it stops, and the server books those too.
        and post["requests"]
        <= verify["bench_appointments"]
        <= post["requests"] + post["connections"]
    )
    out.append(
        (
            "Booking POST",
            ok,
            f"p95 {post['p95_ms']:.0f} ms (target < {BOOKING_P95_MS}), {post['errors']} errors, "
            f"{verify['bench_appointments']} appointments for {post['requests']} requests, "
            f"{verify['slots_with_several']} slots with several, "
            f"{verify['slots_with_wrong_counter']} wrong counters, "
            f"{verify['overbooked_slots']} overbooked",
        )
    )
    admin = rows["admin_list"]
    out.append(
        (
            "Admin appointment list",
            admin["p95_ms"] < ADMIN_P95_MS,
            f"p95 {admin['p95_ms']:.0f} ms (target < {ADMIN_P95_MS})",
        )
    )
    out.append(
        (
            "CSV export",
            export["seconds"] < EXPORT_SECONDS and export["peak_mb"] < EXPORT_PEAK_MB,
            f"{export['rows']:,} rows in {export['seconds']} s (target < {EXPORT_SECONDS} s), "
            f"worker peak {export['peak_mb']} MB (target < {EXPORT_PEAK_MB} MB)",
        )
    )
    return out


def report(args, info, all_results, total_seconds) -> str:
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"# Benchmark — {when}",
        "",
        "Written by `make bench` (`bench/run.py`). Ratios compare each page with the ceiling "
        "measured in the same run: absolute figures move with the load of the machine.",
        "",
        f"- **Machine**: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, "
        f"Linux {info['kernel']}",
        f"- **Software**: Python {info['python']}, Django {info['django']}, Wagtail "
        f"{info['wagtail']}, gunicorn {info['gunicorn']} ({WORKERS} sync workers), "
        f"wrk {info['wrk']} ({THREADS} threads) on loopback",
        "- **Settings**: `site_config.settings.production` (via `bench/settings.py`: only "
        "STATIC_ROOT and log level differ), `TASKS_BACKEND=database`, rate limits raised "
        "(one client IP plays every visitor)",
        f"- **Cache**: {'Redis (CACHE_URL), shared by the workers' if args.cache == 'redis' else 'local memory, one per worker'}"  # noqa: E501
        f"; full-page cache of anonymous showcase/news views (`home/page_cache.py`)",
        f"- **Load**: {args.duration} s per row after a 1 s warm-up; {args.connections} "
        f"connections, {args.admin_connections} for the admin list; the CSV export is one "
        "request",
        f"- **Whole run**: {total_seconds / 60:.1f} min, data generation included",
        "",
    ]
    for name, results in all_results.items():
        rows, targets = results["rows"], results["targets"]
        ceiling = rows["ceiling"]["rps"]
        title = {"sqlite": "SQLite", "postgres": "PostgreSQL 15"}[name]
        lines += [
            f"## {title}",
            "",
            f"Data: {targets['slots']:,} slots, {targets['appointments']:,} appointments "
            f"(`generate_load_data {' '.join(args.sizes) or '(defaults)'}`), "
            f"set up in {targets['setup_seconds']} s.",
            "",
            "| request | conn. | req/s | vs ceiling | p50 ms | p95 ms | p99 ms | errors | target |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            fmt_row("Ceiling: `/sante/` (full middleware)", rows["ceiling"], ceiling, "—"),
        ]
        for key, label, ratio, _p95 in PAGES:
            target = f"≥ {ratio:.0%}" if ratio else "—"
            lines.append(
                fmt_row(f"{label} `{targets['pages'][key][:40]}`", rows[key], ceiling, target)
            )
        lines.append(
            fmt_row("Booking POST (a new slot each)", rows["booking_post"], ceiling, "p95 < 150")
        )
        lines.append(
            fmt_row("Admin appointment list (logged in)", rows["admin_list"], ceiling, "p95 < 300")
        )
        export = results["export"]
        lines += [
            "",
            f"CSV export of all appointments: {export['rows']:,} rows, {export['megabytes']} MB in "
            f"**{export['seconds']} s**, worker peak memory **{export['peak_mb']} MB** "
            f"(HTTP {export['status']}).",
            "",
            "| target | met | measured |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {label} | {'yes' if ok else '**no**'} | {text} |"
            for label, ok, text in verdicts(results)
        ]
        lines.append("")
        for key, text in results["profiles"].items():
            lines += [f"### Profile: {key} ({title})", "", "```", text.strip(), "```", ""]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=6)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--admin-connections", type=int, default=4)
    parser.add_argument("--cache", choices=["redis", "locmem", "auto"], default="auto")
    parser.add_argument("--no-report", action="store_true", help="print, do not write files")
    # Any other option goes to generate_load_data, e.g. --slots 20000 --appointments 20000.
    args, args.sizes = parser.parse_known_args()
    if args.cache == "auto":
        args.cache = "redis" if reachable(*REDIS) else "locmem"
    started = time.monotonic()
    ensure_wrk()
    WORK.mkdir(exist_ok=True)
    info = machine()
    env = base_env(args)
    log("collectstatic")
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    all_results = {}
    for name in args.databases.split(","):
        if name == "postgres" and not reachable("127.0.0.1", 5432):
            log("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
            continue
        all_results[name] = bench_database(name, args, args.sizes)
    if "postgres" in all_results:
        run(
            [
                "psql",
                PG_ADMIN_URL,
                "-q",
                "-c",
                f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)",
            ],
            env,
        )
    text = report(args, info, all_results, time.monotonic() - started)
    (WORK / "results.json").write_text(json.dumps(all_results, indent=2, default=str))
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
    main()
