"""`make scale-check`: two gunicorn instances behind nginx, sharing PostgreSQL and Redis.

Shows that the app servers are stateless:
1. a login made through one instance is valid through the other (sessions in Redis);
2. a rate limit counts across both (allauth's limits on the shared cache);
3. a record published through one instance is visible through the other at once
   (no stale cached page);
4. stopping one instance mid-load loses no request nginx can retry; the site stays up.
Everything runs on loopback and stops by itself. Exit status 0 only if all checks pass.
"""

import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Browser,
    database_url,
    free_port,
    log,
    manage,
    portal_env,
    redis_url,
    start_gunicorn,
    start_nginx,
)

MEMBER = ("scale.member@example.org", "scale-check-password-2026")
MODERATOR = ("scale.moderator@example.org", "scale-check-moderator-2026")
RATE_LIMITED = "scale.locked-out@example.org"
SETUP = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from members.models import User
from spring_portal.roles import MODERATORS_GROUP
for email, password, staff in [("{MEMBER[0]}", "{MEMBER[1]}", False),
                               ("{MODERATOR[0]}", "{MODERATOR[1]}", True)]:
    user = User.objects.create_user(email, password, full_name="Scale check", is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if staff:
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        user.groups.add(group)
"""

results: list[tuple[str, bool, str]] = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))
    log(f"[{'PASS' if ok else 'FAIL'}] {name}{': ' + detail if detail else ''}")


def login(browser, base, email, password):
    return browser.post_form(
        f"{base}/accounts/login/", f"{base}/accounts/login/", {"login": email, "password": password}
    )


def check_shared_login(a, b):
    browser = Browser()
    status, headers, _ = login(browser, a, *MEMBER)
    status_b, _, _ = browser.get(f"{b}/accounts/email/")
    check(
        "login through instance A is valid through instance B",
        status == 302 and status_b == 200,
        f"login on A answered {status}, account page on B answered {status_b}",
    )


def check_shared_rate_limit(a, b):
    browser = Browser()
    answers = []
    # allauth allows 5 failed logins per account in 5 minutes: 3 on A, 2 on B, then A again.
    for base in (a, a, a, b, b):
        status, _, html = login(browser, base, RATE_LIMITED, "wrong-password")
        answers.append(status)
    status, _, html = login(browser, a, RATE_LIMITED, "wrong-password")
    blocked = status == 429 or "Too many failed login attempts" in html
    check(
        "failed-login limit counts across both instances",
        blocked,
        f"sixth failure answered {status}{' (blocked)' if blocked else ' (not blocked)'}",
    )


def check_publication_visible(a, b, env):
    """Publish through A (the moderator's admin action) and read the public page through B."""
    from publish_probe import publish_probe

    ok, detail = publish_probe(a, b, env, MODERATOR, MEMBER[0])
    check("a record published through A is visible through B at once", ok, detail)


def check_failover(nginx_url, instance_a):
    errors: list[str] = []
    done = threading.Event()
    counts = {"requests": 0}
    lock = threading.Lock()
    paths = ["/", "/about/", "/healthz", "/privacy/"]

    def visitor(index):
        browser = Browser()
        i = index
        while not done.is_set():
            try:
                status, _, _ = browser.get(f"{nginx_url}{paths[i % len(paths)]}")
            except OSError as exc:  # a dropped connection is a lost request too
                status = type(exc).__name__
            i += 1
            with lock:
                counts["requests"] += 1
                if status != 200:
                    errors.append(str(status))

    threads = [threading.Thread(target=visitor, args=(n,), daemon=True) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    os.kill(instance_a.pid, signal.SIGKILL)  # the master: its workers go with it
    for child in _children_of(instance_a.pid):
        os.kill(child, signal.SIGKILL)
    time.sleep(6)
    done.set()
    for thread in threads:
        thread.join(35)
    status, _, _ = Browser().get(f"{nginx_url}/healthz")
    check(
        "killing instance A mid-load loses no request; the site stays up",
        not errors and status == 200,
        f"{counts['requests']} requests, {len(errors)} errors {sorted(set(errors))}, "
        f"healthz after: {status}",
    )


def _children_of(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                children.append(int(entry.name))
    return children


def main():
    started = time.monotonic()
    db = database_url("spring_scale_check")
    redis = redis_url()
    import redis as redis_client

    redis_client.Redis.from_url(redis).flushdb()
    env = portal_env(DATABASE_URL=db, REDIS_URL=redis)
    log(f"Database: {db.split('?')[0]}  Redis: {redis}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "-c", SETUP)
    manage(env, "collectstatic", "--no-input", "-v0")
    port_a, port_b, port_lb = free_port(), free_port(), free_port()
    instance_a = start_gunicorn(env, port_a)
    start_gunicorn(env, port_b)
    start_nginx([port_a, port_b], port_lb)
    a, b, lb = (f"http://127.0.0.1:{p}" for p in (port_a, port_b, port_lb))
    log(f"Instance A {a}, instance B {b}, nginx {lb}")

    check_shared_login(a, b)
    check_shared_rate_limit(a, b)
    check_publication_visible(a, b, env)
    check_failover(lb, instance_a)

    failed = [name for name, ok, _ in results if not ok]
    log(f"Scale-out checks: {len(results) - len(failed)} of {len(results)} met")
    log(f"scale-check finished in {time.monotonic() - started:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
