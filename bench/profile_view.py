"""Where the time of one request goes, for the report of `bench/run.py`:

    python bench/profile_view.py GET /admin/booking/appointment/ --session KEY
    python bench/profile_view.py POST /rendez-vous/agence/x/reserver/ --form form.json
    python bench/profile_view.py --jobs jobs.json   # several, one Django start-up

A jobs file is a JSON list of {"name", "method", "path", "session", "forms", "repeat"}; each
profile is printed after a line `=== PROFILE <name>`.

Runs the request in-process (Django's test client, the benchmark's settings and database) a few
times under cProfile and prints the mean time, the share spent in SQL, the slowest queries and
the functions with the largest cumulative time.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def profile(method, path, *, session=None, forms=(), repeat=3) -> str:
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=False)
    if session:
        client.cookies["sessionid"] = session
    forms = [dict(form) for form in forms]
    shown = path or (forms[0].get("_path", "") if forms else "")

    def request(i):
        if method == "POST":
            form = dict(forms[i % len(forms)])
            return client.post(form.pop("_path", path), form)
        response = client.get(path)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response

    request(0)  # warm caches and connections
    profiler = cProfile.Profile()
    elapsed = sql = 0.0
    slowest = []
    for i in range(1, repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.enable()
            response = request(i)
            profiler.disable()
            elapsed += time.perf_counter() - started
        sql += sum(float(q["time"]) for q in queries.captured_queries)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        count = len(queries.captured_queries)
    lines = [
        f"{method} {shown} → {response.status_code}"
        + (
            f" ({response.get('X-Page-Cache')} in the page cache)"
            if response.get("X-Page-Cache")
            else ""
        ),
        f"mean {elapsed / repeat * 1000:.1f} ms per request (in-process, profiler on), "
        f"SQL {sql / repeat * 1000:.1f} ms in {count} queries",
        "slowest queries of the last request:",
    ]
    lines += [f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}" for q in slowest]
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(16)
    printed = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(printed) if "ncalls" in line)
    lines.append("top functions by own time (all requests):")
    lines += printed[start:]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("method", nargs="?", choices=["GET", "POST"])
    parser.add_argument("path", nargs="?", default="")
    parser.add_argument("--session")
    parser.add_argument("--form", help="JSON file: a list of form dicts, one per request")
    parser.add_argument("--jobs", help="JSON file: a list of profiles to take")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.jobs:
        for job in json.loads(Path(args.jobs).read_text()):
            print(f"=== PROFILE {job['name']}")
            print(
                profile(
                    job["method"],
                    job.get("path", ""),
                    session=job.get("session"),
                    forms=job.get("forms", ()),
                    repeat=job.get("repeat", args.repeat),
                ),
                flush=True,
            )
        return
    if not args.method:
        parser.error("a method and a path, or --jobs")
    forms = json.loads(Path(args.form).read_text()) if args.form else []
    print(profile(args.method, args.path, session=args.session, forms=forms, repeat=args.repeat))


if __name__ == "__main__":
    main()
