# The Suite image: one image for every process of compose.yaml (web, worker, sweep, jobs, migrate);
# each service picks its command. Python 3.11 on Debian 12, as the tests run.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump and pg_restore for `flask --app suite backup` / `restore`: the same major version as the
# PostgreSQL server (15 in compose.yaml; older tools refuse a newer server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user; its state (uploads, backups) lives in /var/lib/suite, a volume in compose.yaml.
RUN useradd --system --uid 10001 --home-dir /var/lib/suite --shell /usr/sbin/nologin suite \
    && install -d -o suite -g suite -m 0700 /var/lib/suite

WORKDIR /srv/suite
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .
RUN python -m compileall -q suite modules

USER suite
ENV SUITE_INSTANCE_PATH=/var/lib/suite \
    SUITE_WEB_BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "suite:create_app()"]
