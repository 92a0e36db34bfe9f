"""`make install` installs exactly the versions constraints.txt pins (`make lock` renews them)."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

CONSTRAINTS = Path(__file__).resolve().parents[2] / "constraints.txt"


def pins() -> dict[str, str]:
    lines = (line.split("#")[0].strip() for line in CONSTRAINTS.read_text().splitlines())
    return {canonicalize_name(name): version for name, _, version in (line.partition("==") for line in lines if line)}


def test_every_line_pins_one_exact_version():
    for line in CONSTRAINTS.read_text().splitlines():
        assert line.startswith("#") or ("==" in line and not line.startswith("-")), line


def test_every_pinned_package_is_installed_at_its_pinned_version():
    installed = {name: _installed(name) for name in pins()}
    assert {name: (version, installed[name]) for name, version in pins().items() if installed[name] != version} == {}


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
