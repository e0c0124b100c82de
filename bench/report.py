"""What `bench/run.py` measures, the targets, the checks, and the Markdown report."""

from datetime import datetime

from common import BROWSER_ACCEPT_ENCODING, THREADS, WARM_UP_REQUESTS, WORKERS

# Public pages the page cache may keep: (key, label, target with the defaults, target uncached)
CACHED_PAGES = [
    ("home", "Accueil", 0.50, 0.10),
    ("showcase", "Page vitrine", 0.50, 0.10),
    ("news_index", "Index des actualités", 0.50, 0.10),
    ("news_article", "Actualité", 0.50, 0.10),
    ("agency_list", "Liste des agences", 0.25, 0.10),
    ("slot_page", "Créneaux d'une agence", 0.25, 0.10),
]
MANAGE_RATIO = 0.25  # never cached (a private link)
ADMIN_LABELS = {
    "admin_list": "Admin: liste des rendez-vous",
    "admin_slots": "Admin: liste des créneaux",
    "admin_agenda": "Admin: agenda",
}
BOOKING_P95_MS = 150
ADMIN_P95_MS = 300
EXPORT_SECONDS = 10
EXPORT_PEAK_MB = 200
GROWTH_TOLERANCE = 1.3  # a ratio to the ceiling may drop by this factor from the small set
MIN_ANSWERS = 10  # fewer answers in a row (a saturated machine): its percentiles mean nothing
CONFIGS = {
    "defaults": "defaults: file-based page cache",
    "off": "cache off (`PAGE_CACHE_TIMEOUT=0`)",
    "redis": "Redis (`CACHE_URL`)",
}
DB_TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
LABELS = {
    **{key: label for key, label, _, _ in CACHED_PAGES},
    "manage": "Page « gérer mon rendez-vous »",
    "booking_post": "Réservation (POST, un créneau neuf chaque fois)",
    **ADMIN_LABELS,
    "export": "Export CSV",
}


def ratio(rows, key):
    return rows[key]["rps"] / rows["ceiling"]["rps"] if rows.get("ceiling", {}).get("rps") else 0


def too_few(row) -> str:
    if row["requests"] >= MIN_ANSWERS:
        return ""
    return f"only {row['requests']} answers in {row['seconds']:.0f} s, too few to measure; "


def booking_ok(post, verify) -> tuple[bool, str]:
    ok = (
        not too_few(post)
        and post["p95_ms"] < BOOKING_P95_MS
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
    text = too_few(post) + (
        f"p95 {post['p95_ms']:.0f} ms, {post['errors']} errors, "
        f"{verify['bench_appointments']} appointments for {post['requests']} answers, "
        f"{verify['slots_with_several']} slots with several, "
        f"{verify['slots_with_wrong_counter']} wrong counters, "
        f"{verify['overbooked_slots']} overbooked"
    )
    return ok, text


def checks(result, smaller=None) -> list[dict]:
    """Every target of one data set: {id, label, ok, text, profile: (config, request) | None}.
    `smaller` is the same database's smallest set, for the checks that the data size must not
    change query counts or times."""
    out = []
    configs = result["configs"]

    def add(id_, label, ok, text, profile):
        out.append({"id": id_, "label": label, "ok": ok, "text": text, "profile": profile})

    for config, index in (("defaults", 2), ("off", 3)):
        rows = configs[config]
        for page in CACHED_PAGES:
            key, label, target = page[0], page[1], page[index]
            got = ratio(rows, key)
            add(
                f"{config}:{key}",
                f"{label} — {config}",
                got >= target,
                f"{_pct(got)} (≥ {target:.0%})",
                (config, key),
            )
    rows = configs["defaults"]
    got = ratio(rows, "manage")
    add(
        "manage",
        LABELS["manage"],
        got >= MANAGE_RATIO,
        f"{_pct(got)} (≥ {MANAGE_RATIO:.0%})",
        ("defaults", "manage"),
    )
    ok, text = booking_ok(rows["booking_post"], result["verify"])
    add(
        "booking_post",
        "Réservation POST",
        ok,
        f"{text} (p95 < {BOOKING_P95_MS})",
        ("defaults", "booking_post"),
    )
    for key in result["targets"]["admin_pages"]:
        p95, few = rows[key]["p95_ms"], too_few(rows[key])
        add(
            key,
            ADMIN_LABELS[key],
            p95 < ADMIN_P95_MS and not few,
            f"{few}p95 {p95:.0f} ms (< {ADMIN_P95_MS})",
            ("defaults", key),
        )
    export = result["export"]
    add(
        "export",
        "Export CSV",
        export["seconds"] < EXPORT_SECONDS and export["peak_mb"] < EXPORT_PEAK_MB,
        f"{export['rows']:,} rows in {export['seconds']} s (< {EXPORT_SECONDS}), "
        f"peak {export['peak_mb']} MB (< {EXPORT_PEAK_MB})",
        ("defaults", "export"),
    )
    if smaller:
        small_q, large_q = smaller["targets"]["queries"], result["targets"]["queries"]
        grew = [
            k for k in large_q if k in small_q and large_q[k]["queries"] > small_q[k]["queries"]
        ]
        add(
            "growth:queries",
            "Requêtes SQL indépendantes de la taille",
            not grew,
            (
                "more queries: "
                + ", ".join(f"{k} {small_q[k]['queries']} → {large_q[k]['queries']}" for k in grew)
            )
            if grew
            else f"same or fewer on all {len(large_q)} requests",
            ("off", grew[0]) if grew else None,
        )
        slower = []
        for config, keys in (
            ("off", [p[0] for p in CACHED_PAGES]),
            ("defaults", ["manage", "booking_post", *result["targets"]["admin_pages"]]),
        ):
            for key in keys:
                small_rows = smaller["configs"][config]
                if (
                    key not in small_rows
                    or too_few(small_rows[key])
                    or too_few(configs[config][key])
                ):
                    continue  # unmeasured: its own target says so
                before, after = ratio(small_rows, key), ratio(configs[config], key)
                if after * GROWTH_TOLERANCE < before:
                    slower.append((config, key, before, after))
        add(
            "growth:times",
            "Temps indépendants de la taille",
            not slower,
            ("slower: " + ", ".join(f"{k} ({c}) {b:.0%} → {a:.0%}" for c, k, b, a in slower))
            if slower
            else f"no ratio to the ceiling dropped by more than ×{GROWTH_TOLERANCE}",
            (slower[0][0], slower[0][1]) if slower else None,
        )
        for config, key, _, _ in slower[1:]:
            out[-1].setdefault("more_profiles", []).append((config, key))
    return out


# --- Markdown ---------------------------------------------------------------------------------


def _n(value):
    return f"{value:,.0f}"


def _set_name(result):
    return f"{DB_TITLES[result['database']]} {result['size']:,}"


def _pct(value):
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def _cells(rows, key, *, latency=("p95_ms",)):
    if key not in rows:
        return ["—", "—"] + ["—" for _ in latency]
    row = rows[key]
    return [_pct(ratio(rows, key)), _n(row["rps"])] + [f"{row[k]:.1f}" for k in latency]


def _header(args, info, all_results, total_seconds) -> list[str]:
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    sets = all_results["sets"]
    generated = [r for r in sets if not r["data"]["reused"]]
    reused = [r for r in sets if r["data"]["reused"]]
    peer = all_results.get("peer")
    lines = [
        f"# Benchmark — {when}",
        "",
        "Written by `make bench` (`bench/run.py`). Each request is given as a ratio to the "
        "ceiling — a trivial view (`/sante/`) through the full middleware, measured by the same "
        "server in the same run — because absolute figures move with the load of the machine.",
        "",
        f"- **Machine**: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, "
        f"Linux {info['kernel']}; load average {info['load']} when the run started",
        f"- **Software**: Python {info['python']}, Django {info['django']}, Wagtail "
        f"{info['wagtail']}, gunicorn {info['gunicorn']} ({WORKERS} sync workers), "
        f"wrk {info['wrk']} ({THREADS} threads) on loopback, each request with a browser's "
        f"`Accept-Encoding: {BROWSER_ACCEPT_ENCODING}` (pages come gzip-compressed, as to a "
        "visitor)",
        "- **Settings**: `site_config.settings.production` (via `bench/settings.py`: only "
        "STATIC_ROOT and the log level differ), `TASKS_BACKEND=database`, rate limits raised "
        "(one client IP plays every visitor)",
        "- **Page cache**, one gunicorn per configuration: **defaults** — nothing set, so "
        "Django's file-based cache in `CACHE_DIR` (here `.bench/page-cache/`) and "
        "`PAGE_CACHE_TIMEOUT=300`; **off** — `PAGE_CACHE_TIMEOUT=0`, every page rendered; "
        + (
            "**Redis** — `CACHE_URL=redis://127.0.0.1:6379/15`, on "
            + ", ".join(_set_name(r) for r in sets if "redis" in r["configs"])
            + " only (a cache hit reads no database row: another set would say nothing new)"
            if any("redis" in r["configs"] for r in sets)
            else "Redis not reachable on 127.0.0.1:6379: no Redis column"
        )
        + ". The private pages, the booking POST and the admin never come from the cache: "
        "they are measured once, with the defaults.",
        f"- **Data sets**: {', '.join(_set_name(r) for r in sets)} appointments "
        f"(`generate_load_data`, as many slots as appointments unless `--slots`). "
        + (
            f"Sizes below the largest run on {', '.join(DB_TITLES[d] for d in args.all_sizes_on)} "
            "only: whether query counts and times grow with the data is a property of the code, "
            "and the largest set is the one to compare with production. "
            if len(args.sizes) > 1
            else ""
        )
        + "Generated sets are kept in `.bench/datasets/` (SQLite file copy, "
        "PostgreSQL template database) under a hash of the migrations, models, demo content, "
        "generators, requirements and options: "
        + (
            f"generated this run: {', '.join(_set_name(r) for r in generated)}"
            if generated
            else "none generated this run"
        )
        + (f"; restored: {', '.join(_set_name(r) for r in reused)}" if reused else "")
        + " (`--fresh` regenerates).",
        f"- **Load**: {args.duration} s per row after {WARM_UP_REQUESTS} warm-up requests; "
        f"{args.connections} connections, {args.admin_connections} for the admin pages; the "
        "CSV export is one request",
    ]
    if peer:
        versions = peer["versions"]
        lines.append(
            f"- **Peer**: django-appointment {versions['django-appointment']} (Django "
            f"{versions['Django']}, gunicorn {versions['gunicorn']}, {WORKERS} workers) in its "
            "own virtualenv `.bench/peer-venv`, a `startproject`-like project written by "
            "`bench/peer.py` (DEBUG off, SQLite, its own `/sante/` as its ceiling), data from "
            "`bench/peer_load.py`"
        )
    generating = sum(r["data"]["generate_seconds"] for r in generated)
    generating += sum(
        s["targets"]["setup_seconds"]
        for s in (peer or {}).get("sets", {}).values()
        if not s["targets"]["reused"]
    )
    lines += [
        f"- **Whole run**: {total_seconds / 60:.1f} min, of which {generating / 60:.1f} min "
        "generating data sets",
        "",
    ]
    return lines


def _summary(all_results) -> list[str]:
    sets = all_results["sets"]
    by_set = [{c["id"]: c for c in r["checks"]} for r in sets]
    ids = []
    for checks_ in by_set:
        ids += [i for i in checks_ if i not in ids]
    lines = [
        "## Targets",
        "",
        "| target | " + " | ".join(_set_name(r) for r in sets) + " |",
        "| --- |" + " --- |" * len(sets),
    ]
    for id_ in ids:
        label = next(c[id_]["label"] for c in by_set if id_ in c)
        cells = []
        for checks_ in by_set:
            check = checks_.get(id_)
            if check is None:
                cells.append("—")
            else:
                cells.append(("yes" if check["ok"] else "**no**") + f": {check['text']}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    missed = sum(not c["ok"] for checks_ in by_set for c in checks_.values())
    lines += [
        "",
        f"{missed} target(s) missed; each has a profile at the end of the report. The ratios "
        "are to the ceiling of the same server. Data size: against the smallest set of the same "
        f"database, no request may run more SQL queries, and no ratio may drop by more than "
        f"×{GROWTH_TOLERANCE} (the noise of a shared machine). A row with fewer than "
        f"{MIN_ANSWERS} answers (a saturated machine) fails its latency target.",
        "",
    ]
    return lines


def _database_section(database, results) -> list[str]:
    sizes = [r["size"] for r in results]
    head = " | ".join(f"{s:,}: vs ceiling | req/s | p95 ms" for s in sizes)
    lines = [f"## {DB_TITLES[database]}", ""]
    for r in results:
        data = r["data"]
        how = f"generated in {data['generate_seconds']} s"
        if data["reused"]:
            how = f"restored in {data['restore_seconds']} s ({how} by an earlier run)"
        lines.append(
            f"- {r['size']:,} set: {r['targets']['slots']:,} slots, "
            f"{r['targets']['appointments']:,} appointments; {how} (key `{data['key']}`); "
            f"load average {data['load']} when it started"
        )
    connections = results[0]["configs"]["defaults"]["ceiling"]["connections"]
    lines += [
        "",
        f"### Public pages ({connections} connections)",
        "",
        f"| page | cache | target | {head} |",
        "| --- | --- | --- |" + " --- | --- | --- |" * len(sizes),
    ]
    for config in ("defaults", "off", "redis"):
        if not any(config in r["configs"] for r in results):
            continue
        targets_of = {p[0]: {"defaults": p[2], "off": p[3]}.get(config) for p in CACHED_PAGES}
        for key in ["ceiling", *[p[0] for p in CACHED_PAGES]]:
            label = (
                "Ceiling `/sante/`"
                if key == "ceiling"
                else f"{LABELS[key]} `{results[-1]['targets']['pages'][key][:42]}`"
            )
            target = f"≥ {targets_of[key]:.0%}" if targets_of.get(key) else "—"
            cells = []
            for r in results:
                cells += _cells(r["configs"].get(config, {}), key)
            lines.append(f"| {label} | {config} | {target} | " + " | ".join(cells) + " |")
    head = " | ".join(f"{s:,}: vs ceiling | req/s | p50 | p95 | p99 | err." for s in sizes)
    lines += [
        "",
        "### Never cached (server with the defaults)",
        "",
        f"| request | conn. | target | {head} |",
        "| --- | --- | --- |" + " --- | --- | --- | --- | --- | --- |" * len(sizes),
    ]
    keys = ["manage", *ADMIN_LABELS, "booking_post"]
    targets = {"manage": f"≥ {MANAGE_RATIO:.0%}", "booking_post": f"p95 < {BOOKING_P95_MS}"}
    for key in keys:
        present = [r for r in results if key in r["configs"]["defaults"]]
        if not present:
            continue
        cells = []
        for r in results:
            rows = r["configs"]["defaults"]
            cells += _cells(rows, key, latency=("p50_ms", "p95_ms", "p99_ms"))
            cells.append(str(rows[key]["errors"]) if key in rows else "—")
        conn = present[0]["configs"]["defaults"][key]["connections"]
        target = targets.get(key, f"p95 < {ADMIN_P95_MS}")
        lines.append(f"| {LABELS[key]} | {conn} | {target} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### SQL queries per request (page cache off, one request in-process, after a first one)",
        "",
        "| request | " + " | ".join(f"{s:,}: queries | ms" for s in sizes) + " |",
        "| --- |" + " --- | --- |" * len(sizes),
    ]
    all_keys = []
    for r in results:
        all_keys += [k for k in r["targets"]["queries"] if k not in all_keys]
    for key in all_keys:
        cells = []
        for r in results:
            q = r["targets"]["queries"].get(key)
            cells += [str(q["queries"]), f"{q['ms']:.0f}"] if q else ["—", "—"]
        lines.append(f"| {LABELS.get(key, key)} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in results:
        e = r["export"]
        lines.append(
            f"- CSV export, {r['size']:,} set: {e['rows']:,} rows, {e['megabytes']} MB in "
            f"**{e['seconds']} s**, worker peak memory **{e['peak_mb']} MB** (HTTP {e['status']})"
        )
    for r in results:
        _, text = booking_ok(r["configs"]["defaults"]["booking_post"], r["verify"])
        lines.append(f"- Booking check, {r['size']:,} set: {text}")
    lines.append("")
    return lines


def _peer_section(all_results) -> list[str]:
    peer = all_results["peer"]
    ours = {r["size"]: r for r in all_results["sets"] if r["database"] == "sqlite"}
    sizes = list(peer["sets"])
    lines = [
        f"## The Django peer: django-appointment {peer['versions']['django-appointment']}",
        "",
        "Same machine, same run, same number of appointments, SQLite on both sides, 2 gunicorn "
        "workers each, each side against its own ceiling. The peer computes free times from "
        "working hours minus appointments (no slot rows); its free-slots endpoint answers for "
        "one staff member and one day, in JSON. Our slot page answers a whole week for every "
        "adviser of an agency, in HTML.",
        "",
        "| request | "
        + " | ".join(f"{s:,}: vs own ceiling | req/s | p95 ms | queries" for s in sizes)
        + " |",
        "| --- |" + " --- | --- | --- | --- |" * len(sizes),
    ]

    def our_row(label, config, key):
        cells = []
        for size in sizes:
            r = ours.get(size)
            rows = r["configs"].get(config, {}) if r else {}
            if key == "ceiling" or not r:
                queries = "—"
            elif config == "off":
                queries = str(r["targets"]["queries"][key]["queries"])
            else:
                queries = "0 (cache hit)"
            cells += [*_cells(rows, key), queries]
        return f"| {label} | " + " | ".join(cells) + " |"

    lines.append(our_row("Osengo ceiling `/sante/` (defaults)", "defaults", "ceiling"))
    lines.append(our_row("Osengo slot page, page cache (defaults)", "defaults", "slot_page"))
    lines.append(our_row("Osengo ceiling `/sante/` (cache off)", "off", "ceiling"))
    lines.append(our_row("Osengo slot page, rendered (cache off)", "off", "slot_page"))
    for key, label in (
        ("ceiling", "Peer ceiling `/sante/`"),
        ("peer_slots", "Peer free slots `ajax/available_slots/` (JSON, one day)"),
        ("peer_request", "Peer booking page `request/<service>/`"),
    ):
        cells = []
        for size in sizes:
            s = peer["sets"][size]
            q = (
                s["targets"]["queries"].get(key, {}).get("queries", "—")
                if key != "ceiling"
                else "—"
            )
            cells += [*_cells(s["rows"], key), str(q)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for size in sizes:
        s = peer["sets"][size]
        day = s["targets"]["measured_day"]
        mine = ours.get(size)
        lines.append(
            f"- {size:,} set: peer loaded in {s['targets']['setup_seconds']} s"
            f"{' (restored)' if s['targets']['reused'] else ''}; the day asked ({day['date']}) "
            f"has {day['booked']} appointments and {day['free']} free times ({day['answer']})."
        )
        if mine:
            for config in ("defaults", "off"):
                rows = mine["configs"][config]
                if not s["rows"]["peer_slots"]["rps"]:
                    continue
                raw = rows["slot_page"]["rps"] / s["rows"]["peer_slots"]["rps"]
                rel = ratio(rows, "slot_page") / ratio(s["rows"], "peer_slots")
                lines.append(
                    f"  Our slot page ({config}) vs the peer's free-slots endpoint: "
                    f"×{raw:.2f} in raw req/s, ×{rel:.2f} in ratio to each ceiling."
                )
    lines.append("")
    return lines


WEIGHT_TITLE = "## Home page weight (production settings, empty browser cache)"


# Measured once by hand (no node on the project's machines): purgecss 8.0.0 over templates/,
# the apps' Python and JS (safelist: the classes Collapse and booking.js add, alert-*), on
# the Bootstrap 5.3.8 CSS of the bootstrap-wrapper package. KB as (brotli, gzip).
BOOTSTRAP_CSS_FULL = (22.4, 30.1)
BOOTSTRAP_CSS_PURGED = (7.8, 8.8)
BOOTSTRAP_CSS_PURGED_VARIABLES = (7.2, 8.2)  # the unused custom properties dropped too


def _weight_notes(weight, kb) -> list[str]:
    """What the numbers come from, in the words of what is true of this measure."""
    html, items = weight["items"][0], weight["items"]
    urls = " ".join(i["url"] for i in items)
    notes = []
    if html["encoding"] == "gzip":
        brotli = weight.get("html_brotli_bytes")
        notes.append(
            f"The HTML ({kb(html['size'])} KB) comes gzip-compressed ({kb(html['wire'])} KB): "
            "Django's GZipMiddleware for text answers (`home/compression.py`), with its "
            '"Heal The Breach" random padding; the page cache stores each page\'s gzip once '
            "and serves a hit compressed or not for its request. Django has no brotli"
            + (f" (it would send about {kb(brotli)} KB)" if brotli else "")
            + "."
        )
    else:
        notes.append(
            f"The HTML ({kb(html['size'])} KB) comes {html['encoding']} (gzip would send about "
            f"{kb(weight['html_gzip_bytes'])} KB)."
        )
    if any(i.get("encoding") == "br" for i in items):
        notes.append(
            "Static files are WhiteNoise's brotli `.br` files, made at collectstatic by the "
            "`brotli` package (`.gz` for a client without brotli), under hashed names a browser "
            "keeps ten years (`immutable`)."
        )
    else:
        notes.append(
            "Static files are WhiteNoise's gzip `.gz` files: no `.br` (the `brotli` package is "
            "not installed)."
        )
    if "bootstrap.bundle" not in urls and "bootstrap.min" in urls:
        notes.append(
            "Bootstrap's JS is `bootstrap.min.js`, without Popper, deferred: the public pages "
            "use its Collapse alone (the navbar toggler); dropdowns, tooltips and popovers, "
            "which need Popper, are kept out of the templates by a test."
        )
    css = next((i for i in items if "bootstrap" in i["url"] and i["kind"] == "css"), None)
    if css:
        (full_br, full_gz), (br, gz) = BOOTSTRAP_CSS_FULL, BOOTSTRAP_CSS_PURGED
        vars_br, vars_gz = BOOTSTRAP_CSS_PURGED_VARIABLES
        notes.append(
            f"Bootstrap's CSS is shipped whole ({kb(css['wire'])} KB {css['encoding']} here). "
            "Trimmed to the classes our templates and code use (purgecss 8.0.0 on Bootstrap "
            f"5.3.8, measured once) it would weigh {br} KB brotli, {gz} gzip ({vars_br} and "
            f"{vars_gz} with the unused custom properties dropped too) instead of {full_br} "
            f"and {full_gz}: {full_br - br:.1f} to {full_br - vars_br:.1f} KB less for a "
            "browser, on a first visit only: the hashed file is then kept (`immutable`, ten "
            "years). "
            "Not done: that is at the 15 KB it would have to clearly beat, and it could not be "
            "kept in sync safely. The project's machines have no node, so the trimmed file "
            "would be a committed build output to regenerate at each template change, and a "
            "class the scan misses (built in a template, like `alert-{{ level }}`, or set from "
            "Python, like the form widgets' classes) would leave a page unstyled without any "
            "error. Compiling Bootstrap's SCSS with only the components used keeps whole "
            "components and utilities, so it would save less than purgecss."
        )
    if weight.get("lazy_images"):
        notes.append(
            f'{weight["lazy_images"]} of the images are `loading="lazy"`: counted, though a '
            "browser fetches them only as they come near the screen."
        )
    return notes


def weight_section(weight, note="") -> list[str]:
    kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
    lines = [
        WEIGHT_TITLE,
        "",
        *([note, ""] if note else []),
        f"**{weight['requests']} requests, {kb(weight['wire_bytes'])} KB over the wire** "
        f"({kb(weight['decoded_bytes'])} KB decoded), asked with "
        f"`Accept-Encoding: {BROWSER_ACCEPT_ENCODING}` as a current browser does.",
        "",
        *[f"- {line}" for line in _weight_notes(weight, kb)],
        "",
        "| request | kind | status | encoding | KB on the wire | KB decoded |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for item in weight["items"]:
        lines.append(
            f"| `{item['url'][:70]}` | {item['kind']} | {item['status']} | "
            f"{item.get('encoding', '—')} | {kb(item['wire'])} | {kb(item['size'])} |"
        )
    if weight["fonts"]:
        lines.append(
            f"\nFonts referenced by the stylesheets (downloaded only when used): "
            f"{len(weight['fonts'])}, {kb(weight['font_wire_bytes'])} KB on the wire."
        )
    if weight["srcset"]:
        candidates = ", ".join(f"`{url}`" for url in weight["srcset"][:12])
        lines.append(f"\n`srcset` candidates (not counted): {candidates}.")
    lines.append("")
    return lines


def replace_section(text, section) -> str:
    """`text` (a report) with its section of the same title replaced by `section` (up to the
    next `## ` title), or `section` put before the profiles (or at the end) if it had none."""
    lines = text.split("\n")
    title = section[0]
    if title in lines:
        start = lines.index(title)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
    else:
        profiles = "## Profiles of the missed targets"
        start = end = lines.index(profiles) if profiles in lines else len(lines)
    body = section if section[-1] == "" or end == len(lines) else [*section, ""]
    return "\n".join(lines[:start] + body + lines[end:])


def render(args, info, all_results, total_seconds) -> str:
    lines = _header(args, info, all_results, total_seconds)
    lines += _summary(all_results)
    databases = []
    for r in all_results["sets"]:
        if r["database"] not in databases:
            databases.append(r["database"])
    for database in databases:
        lines += _database_section(
            database, [r for r in all_results["sets"] if r["database"] == database]
        )
    if all_results.get("peer"):
        lines += _peer_section(all_results)
    if all_results.get("weight"):
        lines += weight_section(all_results["weight"])
    profiled = [
        (r, name, text) for r in all_results["sets"] for name, text in r["profiles"].items()
    ]
    if profiled:
        lines += ["## Profiles of the missed targets", ""]
        for r, name, text in profiled:
            lines += [f"### {_set_name(r)} — {name}", "", "```", text.strip(), "```", ""]
    return "\n".join(lines) + "\n"
