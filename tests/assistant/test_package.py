"""The package's layout: the folders say where a message goes, and the gateway can use the safety rule."""
from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_PYTHON = ROOT / ".venv" / "bin" / "python"
SUBPACKAGES = ["nlu", "runtime", "safety", "speedups"]


@pytest.mark.parametrize("init", ["assistant/__init__.py", "assistant/safety/__init__.py"])
def test_the_packages_the_gateway_goes_through_import_nothing(init):
    body = ast.parse((ROOT / init).read_text()).body
    assert body, f"{init} is empty: it should say what the package holds"
    assert all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body), (
        f"{init} must hold only its docstring (see assistant/__init__.py)"
    )


def test_every_module_lives_in_a_folder_named_for_its_job():
    loose = sorted(p.name for p in (ROOT / "assistant").glob("*.py") if p.name not in {"__init__.py", "serve.py"})
    assert loose == []
    for name in SUBPACKAGES:
        assert (ROOT / "assistant" / name / "__init__.py").exists()


@pytest.mark.skipif(not GATEWAY_PYTHON.exists(), reason="the gateway venv is made by `make venvs`")
def test_the_gateway_imports_the_safety_rule_without_rasa():
    probe = (
        "import sys; from assistant.safety import rule; "
        "assert rule.match('he is flying out to join them tonight'); "
        "assert not [m for m in sys.modules if m == 'rasa' or m.startswith(('rasa.', 'tensorflow'))]"
    )
    done = subprocess.run([str(GATEWAY_PYTHON), "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_class_path_in_the_configuration_is_importable():
    import importlib

    import yaml

    paths = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"] if c["name"].startswith("assistant.")]
    for endpoints in ["endpoints.yml", "deploy/endpoints.scaled.yml"]:
        for section in yaml.safe_load((ROOT / endpoints).read_text()).values():
            if isinstance(section, dict) and str(section.get("type", "")).startswith("assistant."):
                paths.append(section["type"])
    paths += [k for k in yaml.safe_load((ROOT / "credentials.yml").read_text()) if k.startswith("assistant.")]
    assert len(paths) >= 12
    for path in paths:
        module, _, name = path.rpartition(".")
        assert hasattr(importlib.import_module(module), name), path
