import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")
django.setup(set_prefix=False)

if settings.REQUEST_THREADS:
    from balanse.core.asgi import PooledThreadsASGIHandler  # after setup(): it imports Django's handler

    application = PooledThreadsASGIHandler(settings.REQUEST_THREADS)
else:
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()
