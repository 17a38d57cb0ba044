"""gunicorn for Klachtpad, configured from the environment (see docs/deploy.md).

Requests are logged by Klachtpad itself (JSON, with request id, without query strings
or private links), so gunicorn's own access log stays off.
"""

import os

bind = os.environ.get("KLACHTPAD_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("KLACHTPAD_WEB_WORKERS", "4"))
threads = int(os.environ.get("KLACHTPAD_WEB_THREADS", "1"))
# A letter PDF is the slowest page; nothing takes a minute.
timeout = int(os.environ.get("KLACHTPAD_WEB_TIMEOUT", "60"))
# On TERM or HUP a worker finishes the requests it has before it stops.
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), so memory cannot creep.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
# X-Forwarded-* are believed from these addresses only (the reverse proxy).
forwarded_allow_ips = os.environ.get("KLACHTPAD_TRUSTED_PROXIES", "127.0.0.1")
# The application is loaded once, before the workers fork.
preload_app = True
