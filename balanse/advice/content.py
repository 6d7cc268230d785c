from balanse.advice.services import load_default_contacts


def load_default_content(stdout) -> None:
    load_default_contacts()
