"""gunicorn settings for one ReviewHub node: `gunicorn -c deploy/gunicorn.conf.py reviewhub.wsgi`.

Everything comes from the environment, so one file serves every node.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: ReviewHub's requests are short and CPU-bound; about 2 per core on a web node.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Recycle workers now and then, at different times, so a slow leak never takes a node down.
max_requests = 5000
max_requests_jitter = 500
# Only nginx may set X-Forwarded-Proto for gunicorn's own use; Django trusts its headers only
# through DJANGO_SECURE_PROXY_SSL_HEADER and REVIEWHUB_CLIENT_IP_HEADER.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
proc_name = os.environ.get("GUNICORN_PROC_NAME", "reviewhub")
