"""`make bench`: the public portal under load at production size.

1. A dedicated database (`spring_bench`, on DATABASE_URL's server or the embedded one)
   filled by `generate_bench_data` (100,000 practices, 20,000 members, 2,000 organisations,
   5,000 events, 2,000 documents). Kept between runs: BENCH_REGENERATE=1 rebuilds it.
2. gunicorn with production settings (and Redis when REDIS_URL is set or a local Redis runs).
3. wrk on loopback, bounded in time, for each page; the bare view measured in the same run
   is the framework's ceiling.
4. SQL queries per request counted in-process; gunicorn worker memory (RSS) read after the run.
Writes bench/results/latest.json and bench/results/latest.md and prints the table.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    Browser,
    free_port,
    log,
    manage,
    portal_env,
    redis_url,
    start_gunicorn,
)

RESULTS = ROOT / "bench" / "results"
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
# The uncached runs: a new session cookie on every request, few connections.
UNCACHED_CONNECTIONS = int(os.environ.get("BENCH_UNCACHED_CONNECTIONS", "4"))
# bench/results/<name>.md and .json: "latest" by default; the million-practice run
# uses BENCH_RESULT_NAME=million (with BENCH_PRACTICES=1000000 BENCH_PAGES=practices).
RESULT_NAME = os.environ.get("BENCH_RESULT_NAME", "latest")
SIZES = {
    "practices": int(os.environ.get("BENCH_PRACTICES", "100000")),
    "members": int(os.environ.get("BENCH_MEMBERS", "20000")),
    "organisations": int(os.environ.get("BENCH_ORGANISATIONS", "2000")),
    "events": int(os.environ.get("BENCH_EVENTS", "5000")),
    "documents": int(os.environ.get("BENCH_DOCUMENTS", "2000")),
}


def bench_database() -> str:
    import psycopg
    from common import database_url

    name = os.environ.get("BENCH_DATABASE", "spring_bench")
    if os.environ.get("BENCH_REGENERATE") != "1":
        url = _existing(name)
        if url:
            with psycopg.connect(url) as conn:
                try:
                    done = conn.execute("SELECT count(*) FROM practices_practice").fetchone()[0]
                except psycopg.Error:
                    done = 0
            if done >= SIZES["practices"]:
                log(f"Reusing {name} ({done} practices); BENCH_REGENERATE=1 rebuilds it.")
                return url
    return database_url(name)


def _existing(name):
    import psycopg

    base = os.environ.get("DATABASE_URL")
    if base:
        from urllib.parse import urlparse

        url = urlparse(base)._replace(path=f"/{name}").geturl()
    else:
        from spring_portal.embedded_db import database_settings

        url = f"postgresql://postgres@/{name}?host={database_settings()['HOST']}"
    try:
        psycopg.connect(url).close()
    except psycopg.Error:
        return None
    return url


def pages(env) -> list[tuple[str, str]]:
    """The URLs to measure, picked from the generated data."""
    out = subprocess.run(  # noqa: S603 - our own management command
        [sys.executable, "manage.py", "bench_pages"], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return [tuple(item) for item in json.loads(out.stdout)]


def query_counts(env, urls) -> dict[str, int]:
    out = subprocess.run(  # noqa: S603 - our own management command
        [sys.executable, "manage.py", "bench_queries", *urls], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def run_wrk(url, connections=CONNECTIONS, script="report.lua") -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        raise RuntimeError("wrk is needed: apt-get install wrk")
    out = subprocess.run(  # noqa: S603 - fixed tool
        [wrk, "-t2", f"-c{connections}", f"-d{DURATION}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / script), url],
        capture_output=True, text=True, check=True, timeout=DURATION + 60,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1_000_000)
    data["errors"] = data["socket_errors"] + data["non2xx"]
    return data


def run_uncached(base, env, kind) -> dict:
    """wrk with bench/uncached.lua: every request a new practices list URL (issue 15)."""
    out = subprocess.run(  # noqa: S603 - fixed tool
        [shutil.which("wrk") or "wrk", "-t2", f"-c{UNCACHED_CONNECTIONS}", f"-d{DURATION}s",
         "--timeout", "10s", "-s", str(ROOT / "bench" / "uncached.lua"), base],
        capture_output=True, text=True, check=True, timeout=DURATION + 60,
        env={**env, "BENCH_KIND": kind, "BENCH_AREAS": ",".join(_area_slugs(env))},
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1_000_000)
    data["errors"] = data["socket_errors"] + data["non2xx"]
    return data


def _area_slugs(env) -> list[str]:
    out = subprocess.run(  # noqa: S603 - our own management command
        [sys.executable, "manage.py", "bench_pages", "--areas"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def uncached_rows(base, env) -> list[dict]:
    """Uncached practices lists at UNCACHED_CONNECTIONS connections (new query strings)."""
    rows = []
    for kind, name in (
        ("facets", "practices uncached, new facet combinations"),
        ("search", "practices uncached, common word + country"),
        ("rare", "practices uncached, rare word + area + year"),
        ("map", "map uncached, new facet combinations"),
        ("api", "API practices uncached, new facet combinations"),
        ("api-search", "API practices uncached, common word + country"),
    ):
        log(f"Measuring {name}")
        data = run_uncached(base, env, kind)
        rows.append({"page": name, "path": f"bench/uncached.lua ({kind})", "uncached_only": True,
                     **{f"uncached_{k}": data[k] for k in ("rps", "p50_ms", "p95_ms", "errors")},
                     **data})  # fmt: skip
    return rows


def ready(base, seconds=180):
    """Wait for every worker to answer: on a busy machine booting four workers (each
    importing Django) can take longer than one request's timeout."""
    deadline = time.monotonic() + seconds
    answered = 0
    while answered < WORKERS * 2:
        try:
            Browser().get(base + "/__bench__/bare")
            answered += 1
        except OSError:
            if time.monotonic() > deadline:
                raise
            answered = 0


def abuse_rows(env, targets) -> list[dict]:
    """One client floods the list with new expensive URLs (common words and new facet
    combinations) while visitors read cached pages: the per-client budget
    (LIST_CLIENT_BUDGET, on here as in production) must keep the visitors' p95 low.
    Visitors' cached p95 is measured alone, then with the flood in the same seconds."""
    abuse_env = {
        **env,
        "LIST_CLIENT_BUDGET": os.environ.get("BENCH_ABUSE_BUDGET", "60"),
        "LIST_CLIENT_CONCURRENCY": os.environ.get("BENCH_ABUSE_CONCURRENCY", "2"),
    }
    port = free_port()
    server = start_gunicorn(abuse_env, port, workers=WORKERS)
    base = f"http://127.0.0.1:{port}"
    ready(base)
    paths = [path for _, path in targets if not path.startswith("/__bench__")]
    for path in paths:  # cached, as a running portal's pages are
        for _ in range(2):
            Browser().get(base + path)
    listing = Path(tempfile.mkstemp(prefix="spring-bench-paths-")[1])
    listing.write_text("\n".join(paths) + "\n")
    alone = _visitors(base, listing)
    flood = subprocess.Popen(  # noqa: S603 - fixed tool
        [shutil.which("wrk") or "wrk", "-t1", f"-c{ABUSE_CONNECTIONS}", f"-d{DURATION}s",
         "--timeout", "10s", "-s", str(ROOT / "bench" / "uncached.lua"), base],
        env={**env, "BENCH_KIND": "mixed", "BENCH_AREAS": ",".join(_area_slugs(env))},
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    during = _visitors(base, listing)
    out, _ = flood.communicate(timeout=DURATION + 60)
    server.terminate()
    server.wait(timeout=30)
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    abuser = json.loads(line[5:])
    return [
        {"page": "cached pages, visitors alone", **alone},
        {"page": "cached pages, visitors during one client's flood", **during,
         "abuser": abuser},
    ]  # fmt: skip


ABUSE_CONNECTIONS = int(os.environ.get("BENCH_ABUSE_CONNECTIONS", "4"))


def _visitors(base, listing) -> dict:
    out = subprocess.run(  # noqa: S603 - fixed tool
        [shutil.which("wrk") or "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s",
         "--timeout", "10s", "-s", str(ROOT / "bench" / "visitors.lua"), base, "--",
         str(listing)],
        capture_output=True, text=True, check=True, timeout=DURATION + 60,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    quantiles = data.pop("quantiles_ms")
    return {
        "rps": data["requests"] / (data["duration_us"] / 1_000_000),
        "p50_ms": float(quantiles[499]),
        "p95_ms": float(quantiles[949]),
        "p99_ms": float(quantiles[989]),
        "errors": data["socket_errors"] + data["not_200"],
    }


def errors_note(errors) -> str:
    return f" (errors: {errors})" if errors else ""


def body_of(bodies, number) -> bytes:
    return (bodies / f"page{number}").read_bytes()


def worker_rss_mb(master_pid: int) -> list[float]:
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[1]) != master_pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes


def main():
    started = time.monotonic()
    db = bench_database()
    # wrk sends every request from one address: the per-client list budget is off here.
    env = portal_env(
        DATABASE_URL=db, REDIS_URL=redis_url(db=13), GUNICORN_MAX_REQUESTS="0",
        LIST_CLIENT_BUDGET="0", LIST_CLIENT_CONCURRENCY="0", API_CLIENT_BUDGET="0",
    )  # fmt: skip
    manage(env, "migrate", "--no-input", "-v0")
    generating = time.monotonic()
    manage(env, "generate_bench_data", *[f"--{k}={v}" for k, v in SIZES.items()])
    generation_s = round(time.monotonic() - generating)
    manage(env, "collectstatic", "--no-input", "-v0")
    only = [x for x in os.environ.get("BENCH_PAGES", "").split(",") if x]
    targets = [("bare view (ceiling)", "/__bench__/bare")] + [
        (name, path) for name, path in pages(env) if not only or any(x in name for x in only)
    ]
    queries = query_counts(env, [path for _, path in targets])

    port = free_port()
    bodies = Path(tempfile.mkdtemp(prefix="spring-bench-bodies-"))
    env["BENCH_BODIES"] = str(bodies)
    server = start_gunicorn(env, port, workers=WORKERS)
    base = f"http://127.0.0.1:{port}"
    ready(base)
    for number, (_, path) in enumerate(targets):  # warm up: imports, connections, caches
        for _ in range(3):
            _, _, body = Browser().get(base + path)
        # The bare view serves the page's own bytes (a constant nonce is fine there).
        (bodies / f"page{number}").write_bytes(body.encode())

    rows = []
    for number, (name, path) in enumerate(targets):
        log(f"Measuring {name}: {path}")
        result = run_wrk(base + path)
        row = {"page": name, "path": path, **queries.get(path, {}), **result}
        if number:
            bare = run_wrk(f"{base}/__bench__/bare/page{number}")
            row["bare_rps"] = bare["rps"]
            row["ratio_to_bare"] = result["rps"] / bare["rps"] if bare["rps"] else 0.0
            # A session cookie does not bypass the API's cache (its answers are the same
            # for everyone): the API's uncached rows are the bench/uncached.lua "api" ones.
            if not path.startswith("/api/"):
                fresh = run_wrk(base + path, UNCACHED_CONNECTIONS, "uncached_cookie.lua")
                row.update(
                    {f"uncached_{k}": fresh[k] for k in ("rps", "p50_ms", "p95_ms", "errors")}
                )
        else:
            row["ratio_to_bare"] = 1.0
        row["bytes"] = len(body_of(bodies, number))
        rows.append(row)
    if os.environ.get("BENCH_UNCACHED", "1") == "1":
        rows += uncached_rows(base, env)
    rss = worker_rss_mb(server.pid)
    abuse = []
    if os.environ.get("BENCH_ABUSE", "1") == "1":
        server.terminate()
        server.wait(timeout=30)
        log("Measuring cached pages during one client's flood of new list URLs")
        abuse = abuse_rows(env, targets)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": SIZES,
        "duration_s": DURATION,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "worker_rss_mb": [round(x, 1) for x in rss],
        "pages": rows,
        "abuse": abuse,
        "generation_s": generation_s,
        "total_s": round(time.monotonic() - started),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{RESULT_NAME}.json").write_text(json.dumps(report, indent=2))
    table = [
        f"Benchmark {report['when']}: {SIZES['practices']:,} practices, {SIZES['members']:,} "
        f"members, {SIZES['events']:,} events, {SIZES['documents']:,} documents; gunicorn "
        f"{WORKERS} workers, wrk {CONNECTIONS} connections x {DURATION}s; data generated "
        f"in {generation_s} s (0 when reused)",
        "",
        "| page | KB | req/s | p50 ms | p95 ms | p99 ms | errors | bare, same bytes req/s "
        "| ratio to bare | SQL/request | uncached req/s | uncached p50 / p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.get("uncached_only"):
            # A new list URL on every request: only the uncached columns mean anything.
            table.append(
                f"| {row['page']} | – | – | – | – | – | – | – | – | – | "
                f"{row['uncached_rps']:.0f} | {row['uncached_p50_ms']:.1f} / "
                f"{row['uncached_p95_ms']:.1f}"
                f"{errors_note(row['uncached_errors'])} |"
            )
            continue
        uncached = (
            f"{row['uncached_rps']:.0f} | {row['uncached_p50_ms']:.1f} / "
            f"{row['uncached_p95_ms']:.1f}{' (errors!)' if row['uncached_errors'] else ''}"
            if "uncached_rps" in row
            else " | "
        )
        table.append(
            f"| {row['page']} | {row['bytes'] / 1024:.0f} | {row['rps']:.0f} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} | "
            f"{row.get('bare_rps', row['rps']):.0f} | {row['ratio_to_bare']:.0%} | "
            f"{row.get('queries')} | {uncached} |"
        )
    if abuse:
        alone, during = abuse
        flood = during["abuser"]
        table += [
            "",
            f"One client's flood: {flood['requests']} new list URLs in {DURATION} s from "
            f"{ABUSE_CONNECTIONS} connections (statuses other than 200: "
            f"{json.dumps(flood['statuses'])}); {CONNECTIONS} visitors reading cached pages:",
            "",
            "| visitors' cached pages | req/s | p50 ms | p95 ms | p99 ms | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *[
                f"| {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
                f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |"
                for row in abuse
            ],
        ]
    table += [
        "",
        f"Worker RSS after the run (MB): {', '.join(f'{x:.0f}' for x in rss)}",
        "",
        "req/s and latencies come from wrk against gunicorn: repeated anonymous requests, so "
        "pages are served from the shared page cache after the first. 'bare, same bytes' is "
        "a bare Django view (full middleware stack) returning the page's own body, measured "
        "in the same run; the ratio is the page's req/s over it. 'uncached' is wrk with "
        f"{UNCACHED_CONNECTIONS} connections and a new unknown session cookie on every "
        "request, so every request renders the page (bench/uncached_cookie.lua); the "
        "'practices uncached' rows ask a new list URL on every request (bench/uncached.lua).",
    ]
    (RESULTS / f"{RESULT_NAME}.md").write_text("\n".join(table) + "\n")
    log("\n".join(table))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
