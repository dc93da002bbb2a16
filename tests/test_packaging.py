"""The wheel carries every data file, and an installed copy loads them (not the checkout)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def data_files() -> list[str]:
    files = [
        f"simplify/_data/vocab/{p.name}"
        for p in (REPO / "vocab").iterdir()
        if p.suffix in (".tsv", ".md", ".txt")
    ]
    files += [f"simplify/_data/genres/{p.name}" for p in (REPO / "genres").glob("*.toml")]
    return sorted(files)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, src / name)
    (src / "examples").mkdir()
    shutil.copy(REPO / "examples" / "LICENSE-TinyHelen.txt", src / "examples")
    for folder in ("simplify", "vocab", "genres"):
        shutil.copytree(REPO / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(src)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_every_data_file_and_no_build_scripts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = data_files()
    assert len(expected) >= 11  # 8 genres, the word list, the lexicon, the notice
    missing = [f for f in expected if f not in names]
    assert not missing, f"data files missing from the wheel: {missing}"
    assert "simplify/py.typed" in names
    assert not any("/tools/" in n for n in names), "vocab/tools build scripts must not ship"
    assert any(n.endswith("entry_points.txt") for n in names)


@pytest.mark.slow
def test_installed_copy_loads_its_own_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); sys.modules.pop('simplify', None)\n"
        "import simplify, simplify.resources as r\n"
        "from simplify import get_genre, get_vocabulary, known_genres\n"
        "from simplify.lexicon import default_lexicon\n"
        "assert simplify.__file__.startswith(sys.argv[1]), simplify.__file__\n"
        "assert str(r.data_dir('vocab')).startswith(sys.argv[1]), r.data_dir('vocab')\n"
        "assert len(known_genres()) >= 8 and get_genre('wiki').name == 'wiki'\n"
        "assert len(get_vocabulary('leaner-2k')) >= 2000 and len(default_lexicon()) > 1000\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules and 'spacy' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(target)], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_import_is_light():
    code = "import sys, simplify; print(sorted(m for m in ('torch', 'transformers', 'spacy') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
