"""The files that list the suite's services say what the registry says: `make generate` wrote them
from shared/b2b_shared/suite/registry.toml and deploy/templates/, and nobody edited them since."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    spec = importlib.util.spec_from_file_location("deploy_generate", ROOT / "deploy" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = load_generator()


@pytest.mark.parametrize("path", sorted(GENERATOR.rendered()), ids=str)
def test_the_generated_file_matches_the_registry(path):
    assert (ROOT / path).read_text() == GENERATOR.rendered()[path], f"{path} is out of date: run `make generate`"


def test_every_built_service_has_its_package_and_service_description():
    from b2b_shared import suite
    from b2b_shared.entrypoints import load_service

    for entry in suite.built():
        assert (ROOT / entry.folder / entry.package / "service.py").is_file(), entry.name
        assert load_service(entry.name).name == entry.name
