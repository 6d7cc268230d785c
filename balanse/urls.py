from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from balanse.core import views as core_views
from balanse.core.kept_pages import kept_public_page
from balanse.core.resolving import RememberingResolver

admin.site.login = secure_admin_login(admin.site.login)

# One resolver around every app's pages, which keeps each address's match (balanse/core/resolving.py).
urlpatterns = [
    RememberingResolver(
        [
            path("", include("balanse.core.urls")),
            path("", include("balanse.organisations.urls")),
            path("", include("balanse.advice.urls")),
            path("", include("balanse.certification.urls")),
            path("", include("balanse.course.urls")),
            path("", include("balanse.cards.urls")),
            path("", include("balanse.workbook.urls")),
            path("", include("balanse.exercise.urls")),
            path("", include("balanse.members.urls")),
            path("", include("balanse.activities.urls")),
            path("", include("balanse.communication.urls")),
            path("", include("balanse.report.urls")),
            path("", include("balanse.grants.urls")),
            path("", include("balanse.advisory.urls")),
            # The log-in and password reset pages are the same for every visitor (their forms empty): kept whole,
            # as the public pages.
            path("konto/login/", kept_public_page(account_views.login), name="account_login"),
            path(
                "konto/password/reset/",
                kept_public_page(account_views.password_reset),
                name="account_reset_password",
            ),
            path("konto/", include("allauth.urls")),
            path("i18n/setlang/", core_views.set_language, name="set_language"),
            path("django-admin/", admin.site.urls),
        ]
    )
]

handler403 = "balanse.core.views.error_403"
handler404 = "balanse.core.views.error_404"
handler500 = "balanse.core.views.error_500"
