"""What every part of the benchmark shares: paths, subprocesses, a gunicorn server, wrk.

Only the standard library: the Django side always runs in subprocesses.
"""

# A local tool: it runs fixed commands (wrk, psql, gunicorn, apt-get) and opens loopback URLs.
# ruff: noqa: S603, S607, S310

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / ".bench"  # git-ignored: databases, data set snapshots, static files, media, logs
REPORTS = ROOT / "docs" / "benchmarks"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS = ("127.0.0.1", 6379)
WORKERS = 2
THREADS = 2
WARM_UP_REQUESTS = 8  # before each row, 4 at a time: fills the page cache, wakes both workers


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd, env, quiet=True, cwd=ROOT):
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=quiet, text=True)
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_json(cmd, env, cwd=ROOT):
    """A helper script's last output line, as JSON (Django may print warnings before it)."""
    return json.loads(run(cmd, env, cwd=cwd).strip().splitlines()[-1])


def psql(sql, env):
    run(["psql", PG_ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], env)


def psql_list(sql, env) -> list[str]:
    out = run(["psql", PG_ADMIN_URL, "-q", "-t", "-A", "-c", sql], env)
    return [line for line in out.splitlines() if line]


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


class Server:
    """gunicorn with WORKERS sync workers on a free loopback port, until stop()."""

    def __init__(self, env, name, *, gunicorn=GUNICORN, app="site_config.wsgi", cwd=ROOT):
        self.name = name
        self.port = free_port()
        self.log = open(WORK / f"gunicorn-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                gunicorn,
                app,
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--no-control-socket",  # several servers (and other gunicorns) at once
            ],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.base}/sante/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
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

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# --- measurements ---------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url, headers=None, timeout=60) -> tuple[int, dict, bytes]:
    """One GET, redirects not followed: (status, headers, body as received on the wire)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def warm(url, headers=()):
    """A few requests before a row: the page cache is filled and both workers have served the
    page once. A row whose URL answers anything but 200 (a redirect to the login page, an
    error) stops the benchmark: wrk would count a 302 as a success."""
    header_dict = dict(h.split(": ", 1) for h in headers)
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: fetch(url, header_dict)[0], range(WARM_UP_REQUESTS)))
    if set(statuses) != {200}:
        sys.exit(f"{url} answered {sorted(set(statuses))} instead of 200")


# What every browser sends: the pages' rows then pay for the compression a visitor gets (the
# page cache's stored gzip, GZipMiddleware on the rendered pages).
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"


def wrk(url, *, duration, connections, script=None, headers=()):
    cmd = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    cmd += ["-s", str(script or BENCH / "wrk_report.lua")]
    if not any(header.lower().startswith("accept-encoding:") for header in headers):
        headers = (*headers, f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}")
    for header in headers:
        cmd += ["-H", header]
    result = subprocess.run([*cmd, url], capture_output=True, text=True)
    match = re.search(r"BENCH_JSON (\{.*\})", result.stdout)
    if not match:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    data["connections"] = connections
    return data


def measure_get(base, path, args, *, connections=None, headers=()):
    url = base + path
    warm(url, headers)
    row = wrk(
        url, duration=args.duration, connections=connections or args.connections, headers=headers
    )
    row["path"] = path
    return row
