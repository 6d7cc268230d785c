import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
