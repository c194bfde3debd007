"""The map and statistics pages, uncached, timed in process at a few thousand practices:
`.venv/bin/python bench/insights_timing.py [practices] [--reuse]` (default 5,000).

`make bench` measures them at 100,000 practices with wrk (their rows in bench_pages
and the "map" kind of bench/uncached.lua) but needs a quiet machine; this check runs
anywhere in a minute or two. A fresh database `spring_insights_timing` is filled by
generate_bench_data (practices, a tenth as many events, members and organisations),
then manage.py bench_insights times 60 requests per page, each with a new session
cookie so that the page cache never answers.
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, database_url, log, manage, portal_env, redis_url  # noqa: E402
from run_bench import _existing  # noqa: E402

sys.path.insert(0, str(ROOT))


def main(practices):
    name = "spring_insights_timing"
    url = _existing(name) if "--reuse" in sys.argv else None
    # Redis as in production: the facet index, its version and the sessions live there.
    env = portal_env(
        DATABASE_URL=url or database_url(name), REDIS_URL=redis_url(db=12), LIST_CLIENT_BUDGET="0"
    )
    manage(env, "migrate", "--no-input", "-v0")
    sizes = {
        "practices": practices,
        "events": max(practices // 10, 50),
        "members": max(practices // 5, 100),
        "organisations": max(practices // 50, 20),
        "documents": 0,
    }
    if "--reuse" not in sys.argv:
        manage(env, "generate_bench_data", *[f"--{k}={v}" for k, v in sizes.items()])
    manage(env, "collectstatic", "--no-input", "-v0")
    out = manage(env, "bench_insights", stdout=subprocess.PIPE, text=True)
    results = json.loads(out.stdout)
    log(
        f"{practices} practices, in process, uncached "
        "(p50 / p95 / max ms; CPU p50 ms; bytes; queries):"
    )
    for name, row in results.items():
        log(
            f"  {name}: {row['p50_ms']} / {row['p95_ms']} / {row['max_ms']} ms; "
            f"CPU {row['cpu_p50_ms']} ms; {row['bytes']} bytes; {row['queries']} queries"
        )


if __name__ == "__main__":
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    main(int(numbers[0]) if numbers else 5000)
