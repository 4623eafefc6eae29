"""
WSGI config for roadmap_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from roadmap_site.collector import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings.base")

application = get_wsgi_application()
# Each process that serves loads this module before its first request: each gunicorn worker as it
# starts, or with --preload the master once, before the workers fork and inherit what it froze.
tune_for_serving()
