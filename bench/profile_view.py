"""Where the time of one request goes, for the report of `bench/run.py`:

    python bench/profile_view.py GET /admin/booking/appointment/ --session KEY
    python bench/profile_view.py POST /rendez-vous/agence/x/reserver/ --form form.json

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("method", choices=["GET", "POST"])
    parser.add_argument("path")
    parser.add_argument("--session")
    parser.add_argument("--form", help="JSON file: a list of form dicts, one per request")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=False)
    if args.session:
        client.cookies["sessionid"] = args.session
    forms = json.loads(Path(args.form).read_text()) if args.form else []

    def request(i):
        if args.method == "POST":
            form = forms[i % len(forms)]
            return client.post(form.pop("_path", args.path), form)
        response = client.get(args.path)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response

    request(0)  # warm caches and connections
    profiler = cProfile.Profile()
    elapsed = sql = 0.0
    slowest = []
    for i in range(1, args.repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.enable()
            response = request(i)
            profiler.disable()
            elapsed += time.perf_counter() - started
        sql += sum(float(q["time"]) for q in queries.captured_queries)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        count = len(queries.captured_queries)
    print(f"{args.method} {args.path} → {response.status_code}")
    print(
        f"mean {elapsed / args.repeat * 1000:.1f} ms per request (in-process, profiler on), "
        f"SQL {sql / args.repeat * 1000:.1f} ms in {count} queries"
    )
    print("slowest queries of the last request:")
    for query in slowest:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(16)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print("top functions by own time (all requests):")
    print("\n".join(lines[start:]))


if __name__ == "__main__":
    main()
