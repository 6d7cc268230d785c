"""Helpers for the access tests every view has: one request per role, with the expected status."""

# "learner": enrolled in the organisation's course (by its join link or an admin), not a member of it.
ROLES = ["anonymous", "member", "admin", "other_admin", "operator", "learner"]


def assert_status(response, expected: int | str) -> None:
    """expected is a status code, or "login" for a redirect to the log-in page."""
    if expected == "login":
        assert response.status_code == 302, response.status_code
        assert response.url.startswith("/konto/login/"), response.url
    else:
        assert response.status_code == expected, (response.status_code, getattr(response, "url", ""))
