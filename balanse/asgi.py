import os

import django
from django.conf import settings
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")
django.setup(set_prefix=False)

# Import the URLconf, and with it every view module, now rather than in the first request: under ASGI that import
# runs in the event loop (Django resolves the URL there), and it takes seconds (the annual report's charts load
# matplotlib), during which the server answers no one, e.g. every phone reconnecting after a restart.
get_resolver().url_patterns  # noqa: B018 (read for its side effect: the import)

if settings.REQUEST_THREADS:
    from balanse.core.asgi import PooledThreadsASGIHandler  # after setup(): it imports Django's handler

    application = PooledThreadsASGIHandler(settings.REQUEST_THREADS)
else:
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()

from balanse.core.process import freeze_what_lives_forever  # noqa: E402

freeze_what_lives_forever()
