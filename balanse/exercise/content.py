from balanse.exercise.services import load_default_template


def load_default_content(stdout) -> None:
    load_default_template()
