from balanse.organisations.services import ensure_art_fields


def load_default_content(stdout) -> None:
    ensure_art_fields()
