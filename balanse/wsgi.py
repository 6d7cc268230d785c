import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")

application = get_wsgi_application()

from balanse.core.process import freeze_what_lives_forever  # noqa: E402 (after the application is loaded)

freeze_what_lives_forever()
