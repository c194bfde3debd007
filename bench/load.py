"""`make load`: concurrent visitors and members against gunicorn with production settings.

For LOAD_SECONDS (60 by default), on loopback only, against the `make bench` data
(100,000 practices: the database is copied from spring_bench, or generated):
- LOAD_VISITORS (100) anonymous visitors browse list, detail, search and event pages
  without pause: wrk with bench/visitors.lua, one connection per visitor (a threaded
  Python client used most of the 2 cores itself and measured its own queueing);
- LOAD_MEMBERS (10) members, created verified by this script (not staff, so no MFA),
  log in, then in turn save a practice as a draft and submit it for review, register
  for an event and read a page. Each stays under the per-member hourly limits
  (spring_portal/ratelimit.py), which would otherwise refuse a correct submission.

Any answer other than the expected one (200 for pages, 302 for accepted forms) or a
network error counts as an error. The load generator's CPU share (wrk and this
script's member threads, against the gunicorn workers) is reported; with 4 or more
CPUs (or LOAD_PIN=1) wrk is pinned to the last CPU and gunicorn to the others.
Afterwards every submission and registration that got a success answer is looked up
in the database. Prints a summary and writes
bench/results/load.json; exit status 0 only with no error and nothing missing.
"""

import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    Browser,
    database_url,
    free_port,
    log,
    manage,
    portal_env,
    redis_url,
    start_gunicorn,
)

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
VISITORS = int(os.environ.get("LOAD_VISITORS", "100"))
MEMBERS = int(os.environ.get("LOAD_MEMBERS", "10"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
# gunicorn's threaded workers (GUNICORN_THREADS, a production setting): 4 threads keep
# 100 visitors' connections alive instead of reconnecting for every request, which
# doubled throughput and halved p95 on 2 CPUs (docs/performance.md).
THREADS = os.environ.get("LOAD_THREADS", "4")
# Below ratelimit.LIMITS["practices:submit"] (10 an hour): every submission is legitimate.
SUBMISSIONS_PER_MEMBER = 8
PASSWORD = "load-test-member-password-2026"
RESULTS = ROOT / "bench" / "results"
SIZES = {
    "practices": int(os.environ.get("LOAD_PRACTICES", "100000")),
    "members": 20000,
    "organisations": 2000,
    "events": 5000,
    "documents": 2000,
}
CPUS = os.cpu_count() or 1
PIN = os.environ.get("LOAD_PIN", "1" if CPUS >= 4 else "0") == "1"

SETUP = """
import json, datetime
from allauth.account.models import EmailAddress
from django.utils import timezone
from events.enums import RegistrationMode
from events.models import Event
from hub.models import Document
from members.models import Organisation, User
from practices.models import Practice
from spring_portal.moderation import ModerationState

members = []
for i in range(%(members)d):
    email = f"load.member{i}@example.org"
    user = User.objects.create_user(email, "%(password)s", full_name=f"Load member {i}",
                                    privacy_consent_at=timezone.now())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    members.append(email)
organiser = Organisation.objects.approved().first()
start = timezone.now() + datetime.timedelta(days=20)
open_events = []
for i in range(40):
    event = Event.objects.create(
        title=f"Load test workshop {i}", slug=f"load-workshop-{i}", organiser=organiser,
        start=start, end=start + datetime.timedelta(hours=2), time_zone="Europe/Brussels",
        format="online", online_url="https://meet.example.org/load",
        registration_mode=RegistrationMode.PORTAL, capacity=1000,
        state=ModerationState.PUBLISHED, state_changed_at=timezone.now(),
        description="A workshop created by the load script.",
    )
    open_events.append(event.slug)
print(json.dumps({
    "members": members,
    "open_events": open_events,
    "practices": list(Practice.objects.published().values_list("slug", flat=True)[:300]),
    "events": list(Event.objects.published().values_list("slug", flat=True)[:100]),
    "documents": list(Document.objects.published().values_list("slug", flat=True)[:100]),
}))
"""
SEARCHES = ["integration", "language", "housing", "women", "employment", "youth", "health"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def timed(stats, kind, call, expected):
    """Run one request; count it, and an error if the status is not `expected`."""
    started = time.monotonic()
    try:
        status, headers, body = call()
    except OSError as exc:
        stats.record(kind, time.monotonic() - started, type(exc).__name__)
        return None, None, ""
    error = None if status in expected else f"status {status}"
    stats.record(kind, time.monotonic() - started, error)
    return status, headers, body


def visitor_paths(data, rng) -> list[str]:
    """The visitors' page mix (one line per request kind, weighted as before)."""
    paths = []
    for _ in range(40):
        paths += [
            "/practices/",
            f"/practices/?page={rng.randint(1, 20)}",
            "/documents/",
            "/",
            f"/practices/{rng.choice(data['practices'])}/",
            f"/documents/{rng.choice(data['documents'])}/",
            f"/practices/?q={rng.choice(SEARCHES)}",
            f"/documents/?q={rng.choice(SEARCHES)}",
            "/events/",
            f"/events/{rng.choice(data['events'] + data['open_events'])}/",
        ]
    return paths


def run_visitors(base, data, seconds):
    """wrk with one connection per visitor; returns its JSON report and CPU seconds."""
    import resource
    import shutil
    import subprocess
    import tempfile

    wrk = shutil.which("wrk")
    if not wrk:
        raise RuntimeError("wrk is needed: apt-get install wrk")
    paths = Path(tempfile.mkdtemp(prefix="spring-load-")) / "paths.txt"
    paths.write_text("\n".join(visitor_paths(data, random.Random(7))) + "\n")
    pin = ["taskset", "-c", str(CPUS - 1)] if PIN else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(  # noqa: S603 - fixed tool and arguments
        [*pin, wrk, "-t2", f"-c{VISITORS}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "visitors.lua"), base, "--", str(paths)],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(line[5:]), cpu


def server_cpu_seconds(master_pid) -> float:
    """CPU time of the gunicorn master and its workers so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == master_pid or int(stat[1]) == master_pid:
            total += int(stat[11]) + int(stat[12])
    return total / tick


def pin_server(master_pid):
    """gunicorn on every CPU but the last, which wrk gets."""
    cpus = set(range(CPUS - 1))
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if int(entry.name) == master_pid or parent == master_pid:
            os.sched_setaffinity(int(entry.name), cpus)


def hidden_inputs(html):
    """Hidden fields of a form page (formset management forms), except the CSRF token."""
    fields = {}
    for tag in re.findall(r"<input[^>]+>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and name.group(1) != "csrfmiddlewaretoken":
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def choice_values(html, name):
    return re.findall(rf'name="{name}" value="([^"]+)"', html)


def practice_data(html, member_index, number):
    countries = re.findall(r'<option value="([A-Z]{2})"', html)
    return {
        **hidden_inputs(html),
        "title": f"Load test practice {member_index}-{number}",
        "summary": "Weekly conversation tables where newcomers and neighbours meet.",
        "description": "Volunteers host tables in six languages; **free** and open.",
        "language": "en",
        "countries": countries[0] if countries else "BE",
        "geographic_scope": choice_values(html, "geographic_scope")[0],
        "areas": choice_values(html, "areas")[0],
        "target_groups": choice_values(html, "target_groups")[0],
        "start_date": "2025-03-15",
        "is_ongoing": "on",
        "outcomes": "Forty regular participants.",
        "evaluation_type": choice_values(html, "evaluation_type")[0],
        "contact_name": f"Load member {member_index}",
        "contact_email": f"load.member{member_index}@example.org",
        # The open licence the author accepts when submitting (issue 19).
        "licence_consent": "on",
    }


def member(base, index, email, data, stats, deadline, accepted):
    rng = random.Random(1000 + index)
    browser = Browser()
    status, _, _ = timed(
        stats,
        "member login",
        lambda: browser.post_form(
            f"{base}/accounts/login/",
            f"{base}/accounts/login/",
            {"login": email, "password": PASSWORD},
        ),
        {302},
    )
    if status != 302:
        return
    events = list(data["open_events"])
    rng.shuffle(events)
    submitted = 0
    step = 0
    while time.monotonic() < deadline:
        step += 1
        if step % 3 == 1 and submitted < SUBMISSIONS_PER_MEMBER:
            submitted += 1
            submit_practice(base, browser, index, submitted, stats, accepted)
        elif step % 3 == 2 and events:
            register(base, browser, email, events.pop(), stats, accepted)
        else:
            timed(stats, "member page", lambda: browser.get(f"{base}/practices/mine/"), {200})
        time.sleep(rng.uniform(0.5, 1.5))  # a person reads before the next action


def submit_practice(base, browser, index, number, stats, accepted):
    _, _, form = timed(
        stats, "submission form", lambda: browser.get(f"{base}/practices/submit/"), {200}
    )
    if not form:
        return
    fields = practice_data(form, index, number)
    status, headers, _ = timed(
        stats,
        "save draft",
        lambda: browser.post_form(
            f"{base}/practices/submit/", f"{base}/practices/submit/", {**fields, "action": "draft"}
        ),
        {302},
    )
    match = re.search(r"/practices/edit/(\d+)/", (headers or {}).get("Location", ""))
    if status != 302 or not match:
        return
    edit_url = f"{base}/practices/edit/{match.group(1)}/"
    _, _, form = timed(stats, "submission form", lambda: browser.get(edit_url), {200})
    fields = {**practice_data(form, index, number), "action": "submit"}
    status, headers, _ = timed(
        stats, "submit", lambda: browser.post_form(edit_url, edit_url, fields), {302}
    )
    if status == 302 and headers["Location"].endswith("/practices/mine/"):
        with stats.lock:
            accepted["practices"].append(int(match.group(1)))
    elif status == 302:
        stats.record("submit", 0, f"submission refused, sent to {headers['Location']}")


def register(base, browser, email, slug, stats, accepted):
    page = f"{base}/events/{slug}/"
    status, _, _ = timed(
        stats,
        "register",
        lambda: browser.post_form(f"{base}/events/{slug}/register/", page, {}),
        {302},
    )
    if status != 302:
        return
    _, _, html = timed(stats, "event", lambda: browser.get(page), {200})
    if "event-status--registered" in html:
        with stats.lock:
            accepted["registrations"].append((email, slug))
    else:
        stats.record("register", 0, f"no confirmation on {slug}")


def weighted_percentile(pairs, fraction):
    """`pairs` sorted (value, weight); the value below which `fraction` of the weight lies."""
    total = sum(weight for _, weight in pairs)
    seen = 0.0
    for value, weight in pairs:
        seen += weight
        if seen >= fraction * total:
            return value
    return pairs[-1][0] if pairs else 0.0


def load_database() -> str:
    """spring_load: a copy of `make bench`'s spring_bench when it has the data (seconds),
    else a fresh database that generate_bench_data fills."""
    import psycopg

    sys.path.insert(0, str(ROOT))
    from run_bench import _existing

    bench = _existing("spring_bench")
    if bench:
        with psycopg.connect(bench) as conn:
            try:
                count = conn.execute("SELECT count(*) FROM practices_practice").fetchone()[0]
            except psycopg.Error:
                count = 0
        if count >= SIZES["practices"]:
            admin = bench.replace("/spring_bench", "/postgres", 1)
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute('DROP DATABASE IF EXISTS "spring_load" WITH (FORCE)')
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = 'spring_bench' AND pid <> pg_backend_pid()"
                )
                conn.execute('CREATE DATABASE "spring_load" TEMPLATE "spring_bench"')
            log(f"spring_load copied from spring_bench ({count} practices)")
            return bench.replace("/spring_bench", "/spring_load", 1)
    return database_url("spring_load")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def verify(db, accepted):
    """Every accepted submission and registration, read back from PostgreSQL."""
    import psycopg

    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT id FROM practices_practice WHERE id = ANY(%s) AND state = 'submitted'",
            (accepted["practices"],),
        ).fetchall()
        found_practices = {row[0] for row in rows}
        found_registrations = set()
        for email, slug in accepted["registrations"]:
            row = conn.execute(
                "SELECT 1 FROM events_registration r JOIN events_event e ON e.id = r.event_id "
                "JOIN members_user u ON u.id = r.user_id "
                "WHERE u.email = %s AND e.slug = %s AND r.status = 'registered'",
                (email, slug),
            ).fetchone()
            if row:
                found_registrations.add((email, slug))
    missing_practices = sorted(set(accepted["practices"]) - found_practices)
    missing_registrations = sorted(set(accepted["registrations"]) - found_registrations)
    return missing_practices, missing_registrations


def main():
    started = time.monotonic()
    db = load_database()
    redis = redis_url(db=12)
    import redis as redis_client

    redis_client.Redis.from_url(redis).flushdb()
    # wrk sends the 100 visitors' requests from one address: the per-client limits of
    # uncached list pages (meant for one client) are off here, as in make bench.
    env = portal_env(
        DATABASE_URL=db,
        REDIS_URL=redis,
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_THREADS=THREADS,
        LIST_CLIENT_BUDGET="0",
        LIST_CLIENT_CONCURRENCY="0",
        API_CLIENT_BUDGET="0",
    )
    log(f"Database: {db.split('?')[0]}  Redis: {redis}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "generate_bench_data", *[f"--{k}={v}" for k, v in SIZES.items()])
    manage(env, "collectstatic", "--no-input", "-v0")
    out = manage(
        env,
        "shell",
        "-c",
        SETUP % {"members": MEMBERS, "password": PASSWORD},
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])

    port = free_port()
    server = start_gunicorn(env, port, workers=WORKERS)
    if PIN:
        pin_server(server.pid)
    base = f"http://127.0.0.1:{port}"
    assert urllib.parse.urlparse(base).hostname == "127.0.0.1"  # loopback only

    # A running portal has its pages cached: fetch each visitor page once (4 at a time)
    # before the measured minute. The cost of a cold page is what `make bench`'s
    # uncached runs measure.
    from concurrent.futures import ThreadPoolExecutor

    warm_started = time.monotonic()
    distinct = sorted(set(visitor_paths(data, random.Random(7))))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda path: Browser().get(base + path), distinct))
    log(f"Warm-up: {len(distinct)} visitor pages in {time.monotonic() - warm_started:.0f}s")

    stats = Stats()
    accepted = {"practices": [], "registrations": []}
    log(f"Load: {VISITORS} visitors (wrk) and {MEMBERS} members for {SECONDS}s on {base}")
    load_started = time.monotonic()
    deadline = load_started + SECONDS
    server_cpu_before = server_cpu_seconds(server.pid)
    self_before = os.times()
    threads = [
        threading.Thread(
            target=member,
            args=(base, index, email, data, stats, deadline, accepted),
            daemon=True,
        )
        for index, email in enumerate(data["members"])
    ]
    for thread in threads:
        thread.start()
    visitors, wrk_cpu = run_visitors(base, data, SECONDS)
    for thread in threads:
        thread.join(SECONDS + 60)
    elapsed = time.monotonic() - load_started
    self_after = os.times()
    client_cpu = (
        wrk_cpu + (self_after.user - self_before.user) + (self_after.system - self_before.system)
    )
    server_cpu = server_cpu_seconds(server.pid) - server_cpu_before
    if visitors["socket_errors"] or visitors["not_200"]:
        stats.errors.append(
            f"visitors: {visitors['socket_errors']} network errors, "
            f"{visitors['not_200']} answers other than 200"
        )

    missing_practices, missing_registrations = verify(db, accepted)
    member_latencies = [x for values in stats.latencies.values() for x in values]
    # wrk's 1,000 latency quantiles, each standing for a thousandth of its requests.
    weight = visitors["requests"] / 1000
    every = sorted(
        [(q / 1000, weight) for q in visitors["quantiles_ms"]] + [(x, 1) for x in member_latencies]
    )
    requests = visitors["requests"] + len(member_latencies)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": SECONDS,
        "visitors": VISITORS,
        "members": MEMBERS,
        "gunicorn_workers": WORKERS,
        "gunicorn_threads": int(THREADS),
        "cpus": CPUS,
        "pinned": PIN,
        "data": SIZES,
        "requests": requests,
        "errors": len(stats.errors),
        "error_samples": stats.errors[:20],
        "rps": round(requests / elapsed, 1),
        "p50_ms": round(weighted_percentile(every, 0.5) * 1000, 1),
        "p95_ms": round(weighted_percentile(every, 0.95) * 1000, 1),
        "visitors_wrk": {
            "requests": visitors["requests"],
            "p50_ms": float(visitors["quantiles_ms"][499]),
            "p95_ms": float(visitors["quantiles_ms"][949]),
            "p99_ms": float(visitors["quantiles_ms"][989]),
        },
        "cpu_seconds": {"load_generator": round(client_cpu, 1), "gunicorn": round(server_cpu, 1)},
        "load_generator_cpu_share": round(client_cpu / (client_cpu + server_cpu or 1), 3),
        "by_kind": {
            kind: {
                "requests": len(values),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            }
            for kind, values in sorted(stats.latencies.items())
        },
        "practices_submitted": len(accepted["practices"]),
        "registrations": len(accepted["registrations"]),
        "missing_practices": missing_practices,
        "missing_registrations": [list(x) for x in missing_registrations],
        "total_s": round(time.monotonic() - started),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    log(
        f"{report['requests']} requests in {elapsed:.0f}s, {report['rps']} req/s, "
        f"p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, {report['errors']} errors"
    )
    log(
        f"  visitors (wrk)   {visitors['requests']:6} requests  "
        f"p50 {report['visitors_wrk']['p50_ms']:7} ms  p95 {report['visitors_wrk']['p95_ms']:7} ms"
    )
    log(
        f"Load generator CPU {client_cpu:.1f}s, gunicorn {server_cpu:.1f}s: "
        f"{report['load_generator_cpu_share']:.0%} of the CPU used"
        f"{' (wrk pinned to its own CPU)' if PIN else ' (not pinned: too few CPUs)'}"
    )
    for kind, row in report["by_kind"].items():
        log(
            f"  {kind:16} {row['requests']:6} requests  "
            f"p50 {row['p50_ms']:7} ms  p95 {row['p95_ms']:7} ms"
        )
    log(
        f"{report['practices_submitted']} practices submitted and "
        f"{report['registrations']} registrations accepted; missing from the database: "
        f"{len(missing_practices)} practices, {len(missing_registrations)} registrations"
    )
    for error in report["error_samples"]:
        log(f"  error: {error}")
    log(f"Written to {RESULTS / 'load.json'}")
    ok = not stats.errors and not missing_practices and not missing_registrations
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
