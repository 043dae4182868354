"""The wheel carries the styles and the corpus, and a plain (non-editable) install works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("openai_reader-*.whl")
    return built


def test_wheel_contains_styles_and_corpus(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("reader/styles/") and name.endswith(".tcss") for name in names)
    for seed in sorted((REPO / "corpus").glob("*.txt")):
        assert f"reader/corpus/{seed.name}" in names


def test_shipped_corpus_is_the_seeds_byte_for_byte(wheel: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("the shared seeds are not beside this checkout")
    archive = zipfile.ZipFile(wheel)
    for seed in sorted(SEEDS.iterdir()):
        assert (REPO / "corpus" / seed.name).read_bytes() == seed.read_bytes()
        assert archive.read(f"reader/corpus/{seed.name}") == seed.read_bytes()


def test_plain_install_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    # This interpreter's packages provide the dependencies; the wheel itself is installed for real.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _see_dependencies_of_this_interpreter(python)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [str(env_dir / "bin" / "openai-reader"), "--check", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"000_bc22c95311503198"' in result.stdout
    assert str(env_dir) in result.stdout  # the corpus came from inside the installed package
    located = subprocess.run(
        [str(python), "-c", "from reader.paths import styles_dir; print(styles_dir())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    styles = Path(located.stdout.strip())
    assert str(env_dir) in str(styles) and any(styles.glob("*.tcss"))


def _see_dependencies_of_this_interpreter(python: Path) -> None:
    """Let the environment at `python` import what this interpreter has installed, after its own.

    Not `system_site_packages`: run from a virtual environment (as a developer usually is), that
    reaches the base interpreter's packages, which need not hold the dependencies. A path line in a
    `.pth` file only extends `sys.path`: the `.pth` files there (an editable install of this very
    checkout) are not run, so `reader` still comes from the wheel."""
    paths = sysconfig.get_paths()
    # Where this interpreter's packages are: its environment's, and the user's (`pip install --user`).
    package_folders = [paths["purelib"], paths["platlib"],
                       *(path for path in sys.path if Path(path).name in ("site-packages", "dist-packages"))]
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    lines = dict.fromkeys(package_folders)
    (Path(own) / "dependencies-of-the-test-runner.pth").write_text("".join(f"{line}\n" for line in lines))
