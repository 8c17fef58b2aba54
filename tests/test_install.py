"""The engine installs as a package: `pip install --no-deps .` gives `wsw` and `python -m analysis` that work
from any folder, with the data files and demo articles inside the package, and the same output as the checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "analysis" / "demo" / "articles" / "chile-copper-strike.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    # built from a copy, so that the build leaves nothing in the checkout
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(source)], check=True, capture_output=True, cwd=target)
    return target


def _run(cmd: list[str], site: Path, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_installed_package_carries_its_data(installed):
    package = installed / "analysis"
    assert (package / "data" / "cues.tsv").is_file()
    assert (package / "data" / "world-110m.json").is_file()
    assert len(list((package / "demo" / "articles").glob("*.txt"))) >= 10
    assert len(list((package / "demo" / "story" / "articles").glob("*.txt"))) >= 24
    assert (installed / "bin" / "wsw").is_file()


def test_console_script_and_module_agree_with_the_checkout_from_another_folder(installed, tmp_path):
    checkout = _run([sys.executable, "-m", "analysis", "extract", str(ARTICLE)], ROOT, ROOT)
    module = _run([sys.executable, "-m", "analysis", "extract", str(ARTICLE)], installed, tmp_path)
    script = _run([sys.executable, str(installed / "bin" / "wsw"), "extract", str(ARTICLE)], installed, tmp_path)
    assert module == script == checkout
    assert '"statements": [{' in checkout
