"""Every model of the project has a factory (in tests/factories.py or tests/<app>/factories.py), and every
factory makes a valid object, twice over (a second object must not clash with the first on a unique field).

A new model without a factory fails here: add one beside its app's tests."""

import importlib
import inspect
from pathlib import Path

import factory
import pytest
from django.apps import apps

TESTS = Path(__file__).parent


def factory_modules() -> list[str]:
    paths = sorted(TESTS.glob("**/factories.py"))
    return [".".join(path.relative_to(TESTS.parent).with_suffix("").parts) for path in paths]


def all_factories() -> dict[type, list[type]]:
    """model → the factory classes (found in the factories modules) that make it."""
    found: dict[type, list[type]] = {}
    for name in factory_modules():
        module = importlib.import_module(name)
        for _attr, value in inspect.getmembers(module, inspect.isclass):
            if not issubclass(value, factory.django.DjangoModelFactory) or value._meta.abstract:
                continue
            model = value._meta.get_model_class()
            if value not in found.setdefault(model, []):
                found[model].append(value)
    return found


PROJECT_MODELS = sorted(
    (model for model in apps.get_models() if model.__module__.startswith("balanse.")),
    key=lambda model: model._meta.label,
)


def test_the_factory_modules_are_found():
    assert "tests.factories" in factory_modules()
    assert "tests.members.factories" in factory_modules()
    assert len(PROJECT_MODELS) >= 50


@pytest.fixture(autouse=True)
def _temporary_keys(tmp_path, settings):
    """The credential key factory writes private keys, and the inquiry factory the advisory notes' key file:
    into a temporary folder, never var/."""
    from balanse.certification import credentials

    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer-ed25519.pem"
    settings.ADVISORY_KEY_PATH = tmp_path / "keys" / "advisory-notes.key"
    yield
    credentials.clear_cache()


@pytest.mark.django_db
@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_a_factory_that_makes_valid_objects(model):
    factories = all_factories().get(model)
    assert factories, (
        f"No factory makes {model._meta.label}: add one to tests/{model._meta.app_label}/factories.py"
    )
    for factory_class in factories:
        first = factory_class()
        second = factory_class()
        for obj in (first, second):
            assert isinstance(obj, model), (factory_class, type(obj))
            assert obj.pk is not None, f"{factory_class.__name__} did not save its object"
            model._default_manager.get(pk=obj.pk).full_clean()  # as saved: fields and constraints hold
        if not factory_class._meta.django_get_or_create:
            assert first.pk != second.pk, f"{factory_class.__name__} returned the same object twice"
