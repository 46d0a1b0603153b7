"""gunicorn settings for the suite's web processes: ``gunicorn -c gunicorn.conf.py 'suite:create_app()'``.

Every value can be changed from the environment (``/etc/suite/suite.env`` under systemd, the
``environment`` of compose) without editing this file; docs/deploy.md explains each one.
"""

from __future__ import annotations

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where nginx finds us. 127.0.0.1 when nginx runs on the same host; 0.0.0.0 inside a container.
bind = os.environ.get("SUITE_WEB_BIND", "127.0.0.1:8000").split(",")

# Sync workers: a request is a few database statements, so a worker mostly waits on the database;
# gunicorn's rule of thumb (2 x cores + 1) keeps the cores busy. Each worker holds its own pool of
# database connections (SQLAlchemy's default pool of 5 plus overflow): PostgreSQL's max_connections
# must cover workers x hosts x that pool, plus the worker, sweep and jobs processes.
workers = _env_int("SUITE_WEB_WORKERS", _env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("SUITE_WEB_WORKER_CLASS", "sync")
threads = _env_int("SUITE_WEB_THREADS", 1)  # only used by the gthread worker class

# A request that takes longer than this is killed with its worker (and answered 502 by nginx).
# The database's own statement timeout is shorter, so a slow query fails before the worker dies.
timeout = _env_int("SUITE_WEB_TIMEOUT", 30)
# On restart (systemctl reload: HUP) workers finish the requests they hold for up to this long.
graceful_timeout = _env_int("SUITE_WEB_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from nginx (ignored by sync workers, used by gthread).
keepalive = _env_int("SUITE_WEB_KEEPALIVE", 5)

# A worker is replaced after this many requests (the jitter spreads the restarts so the workers do
# not all restart at once): whatever a long-lived process accumulates (fragmented memory, the
# per-process caches) is returned, and a worker's memory stays near its start-up size.
max_requests = _env_int("SUITE_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = _env_int("SUITE_WEB_MAX_REQUESTS_JITTER", 200)

# Load the app in each worker, not in the master: a database connection opened during start-up is
# never shared by forked workers. SUITE_WEB_PRELOAD=1 trades that for shared memory pages.
preload_app = os.environ.get("SUITE_WEB_PRELOAD", "0") == "1"

# Who may set X-Forwarded-Proto (the scheme the client used): the reverse proxy only. The client's
# address for rate limits and the audit log comes from X-Forwarded-For through SUITE_PROXY_HOPS
# (werkzeug's ProxyFix, suite/__init__.py), which counts trusted hops from the right.
forwarded_allow_ips = os.environ.get("SUITE_WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Requests are bounded before they reach the app (nginx limits the body; these the request line
# and headers): a URL longer than 4 KB is not one of ours.
limit_request_line = 4094
limit_request_fields = 100

# Logs go to stderr (journald, docker logs) unless a file is named ("-" is stderr).
accesslog = os.environ.get("SUITE_WEB_ACCESS_LOG", "-") or None
errorlog = os.environ.get("SUITE_WEB_ERROR_LOG", "-")
loglevel = os.environ.get("SUITE_WEB_LOG_LEVEL", "info")
# The access log names the path without its query string (%(U)s, never %(r)s or %(q)s): queries carry
# search terms and filters a citizen typed. suite.operations.access_log masks what a path may still
# hold: a NIK-shaped number and the one-time tokens of reset and invitation links. No referrer
# either (it is another page's full URL). The request id is nginx's, to match its log line.
logger_class = "suite.operations.access_log.AccessLogger"
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}i)s'
)

proc_name = "suite-web"
# Gunicorn's temporary heartbeat files in memory, not on a disk that may stall (as in containers).
worker_tmp_dir = os.environ.get("SUITE_WEB_TMP_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
