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


def run_wrk(url) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        raise RuntimeError("wrk is needed: apt-get install wrk")
    out = subprocess.run(  # noqa: S603 - fixed tool
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "report.lua"), url],
        capture_output=True, text=True, check=True, timeout=DURATION + 60,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1_000_000)
    data["errors"] = data["socket_errors"] + data["non2xx"]
    return data


UNCACHED_CONNECTIONS = int(os.environ.get("BENCH_UNCACHED_CONNECTIONS", "4"))


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
    for kind, name in (("facets", "practices uncached, new facet combinations"),
                       ("search", "practices uncached, common word + country"),
                       ("rare", "practices uncached, rare word + area + year")):  # fmt: skip
        log(f"Measuring {name}")
        rows.append({"page": name, "path": f"bench/uncached.lua ({kind})",
                     **run_uncached(base, env, kind)})  # fmt: skip
    return rows


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
        LIST_CLIENT_BUDGET="0",
    )  # fmt: skip
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "generate_bench_data", *[f"--{k}={v}" for k, v in SIZES.items()])
    manage(env, "collectstatic", "--no-input", "-v0")
    targets = [("bare view (ceiling)", "/__bench__/bare"), *pages(env)]
    queries = query_counts(env, [path for _, path in targets])

    port = free_port()
    server = start_gunicorn(env, port, workers=WORKERS)
    base = f"http://127.0.0.1:{port}"
    for _, path in targets:  # warm up: imports, connections, caches
        for _ in range(3):
            Browser().get(base + path)

    rows = []
    for name, path in targets:
        log(f"Measuring {name}: {path}")
        result = run_wrk(base + path)
        rows.append({"page": name, "path": path, **queries.get(path, {}), **result})
    if os.environ.get("BENCH_UNCACHED", "1") == "1":
        rows += uncached_rows(base, env)
    ceiling = rows[0]["rps"]
    for row in rows:
        row["ratio_to_bare"] = row["rps"] / ceiling if ceiling else 0.0
    rss = worker_rss_mb(server.pid)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": SIZES,
        "duration_s": DURATION,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "worker_rss_mb": [round(x, 1) for x in rss],
        "pages": rows,
        "total_s": round(time.monotonic() - started),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    table = [
        f"Benchmark {report['when']}: {SIZES['practices']:,} practices, {SIZES['members']:,} "
        f"members, {SIZES['events']:,} events, {SIZES['documents']:,} documents; gunicorn "
        f"{WORKERS} workers, wrk {CONNECTIONS} connections x {DURATION}s",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to bare | SQL/request "
        "| uncached p50 / max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        table.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['p99_ms']:.1f} | {row['errors']} | {row['ratio_to_bare']:.0%} | "
            f"{row.get('queries')} | {row.get('uncached_ms_p50')} / {row.get('uncached_ms_max')} |"
        )
    table += [
        "",
        f"Worker RSS after the run (MB): {', '.join(f'{x:.0f}' for x in rss)}",
        "",
        "req/s and latencies come from wrk against gunicorn: repeated anonymous requests, so "
        "pages are served from the shared page cache after the first. 'uncached' is the same "
        "request with every cache emptied first (in-process, no HTTP), the cost of the first "
        "visitor after a change.",
    ]
    (RESULTS / "latest.md").write_text("\n".join(table) + "\n")
    log("\n".join(table))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
