"""gunicorn's settings for production: ``gunicorn -c python:kohtaamo.gunicorn kohtaamo.wsgi``
(docs/operations.md). Its access log goes to standard output with the codes of secret
links blotted out (kohtaamo/core/secret_links.py)."""

import os

from gunicorn.glogging import Logger

from kohtaamo.core.secret_links import redact

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# gunicorn's usual combined format; the referrer too can hold a page's address.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        # Every field an access-log format can name: the request line, path, query,
        # referrer and any header or environment value.
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = RedactingLogger
