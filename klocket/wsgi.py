"""WSGI entry point: gunicorn klocket.wsgi (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klocket.settings")

application = get_wsgi_application()
