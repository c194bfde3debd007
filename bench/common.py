"""Shared plumbing for the benchmark and scale-out scripts: a database, Redis,
gunicorn instances and nginx, all on loopback, all stopped at exit."""

import atexit
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
_children: list[subprocess.Popen] = []


def _stop_children():
    for proc in reversed(_children):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


atexit.register(_stop_children)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def log(message):
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"Nothing listens on 127.0.0.1:{port} after {timeout}s")


def spawn(args, env=None, **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen(args, env=env, cwd=ROOT, **kwargs)  # noqa: S603 - our own commands
    _children.append(proc)
    return proc


def database_url(name: str) -> str:
    """A fresh database `name` on DATABASE_URL's server or on the embedded one."""
    import psycopg

    base = os.environ.get("DATABASE_URL")
    if base:
        parsed = urllib.parse.urlparse(base)
        admin_url = parsed._replace(path="/postgres").geturl()
        target = parsed._replace(path=f"/{name}").geturl()
    else:
        sys.path.insert(0, str(ROOT))
        from spring_portal.embedded_db import database_settings

        socket_dir = database_settings()["HOST"]
        admin_url = f"postgresql://postgres@/postgres?host={socket_dir}"
        target = f"postgresql://postgres@/{name}?host={socket_dir}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return target


def redis_url(db: int = 14) -> str:
    """REDIS_URL, the local server on 6379, or a private redis-server we start."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", 6379)) == 0:
            return f"redis://127.0.0.1:6379/{db}"
    binary = shutil.which("redis-server")
    if not binary:
        raise RuntimeError("Redis is needed: set REDIS_URL or install redis-server.")
    port = free_port()
    spawn([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
          stdout=subprocess.DEVNULL)  # fmt: skip
    wait_for_port(port)
    return f"redis://127.0.0.1:{port}/{db}"


def portal_env(**extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "bench-and-scale-check-secret-key-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "locmem://",
        "LOG_LEVEL": "WARNING",
        # Installs bench/portal_bench: the generate_* and bench_* commands, /__bench__/bare.
        "BENCH": "1",
    }
    env.update(extra)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own management commands
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, **kwargs
    )


def start_gunicorn(env, port: int, workers: int = 2) -> subprocess.Popen:
    proc = spawn(
        [PYTHON, "-m", "gunicorn", "spring_portal.wsgi:application",
         "-c", "spring_portal/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", "/dev/null"],
        env=env,
    )  # fmt: skip
    wait_for_port(port)
    return proc


def start_nginx(upstream_ports: list[int], port: int) -> subprocess.Popen:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("nginx is needed: apt-get install nginx")
    prefix = Path(tempfile.mkdtemp(prefix="spring-nginx-"))
    (prefix / "logs").mkdir()
    servers = "\n".join(
        f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstream_ports
    )
    (prefix / "nginx.conf").write_text(f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  upstream portal {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
    }}
  }}
}}
""")
    proc = spawn([binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"])
    wait_for_port(port)
    return proc


class Browser:
    """A tiny cookie-keeping HTTP client (stdlib only) that can post Django forms."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310 - http URLs we build
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.headers, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, url):
        return self.request(url)

    def post_form(self, url, form_url, data):
        """GET form_url for the CSRF token, then POST data to url."""
        _, _, html = self.get(form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        payload = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        origin = urllib.parse.urlparse(url)
        return self.request(
            url, payload, {"Referer": form_url, "Origin": f"{origin.scheme}://{origin.netloc}"}
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
