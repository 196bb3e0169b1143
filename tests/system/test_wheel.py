"""Data travels with the package: a wheel installed without the repository finds it.

Colab's ``%pip install`` and any non-editable install put nnlib and nncourse into
site-packages with no checkout next to them.  This test builds the wheel from a copy of the
sources (so the build leaves nothing in the working tree), installs it into a fresh virtual
environment in a temporary directory, and there loads MNIST (nnlib's package data) and
chapter 6's seed study (nncourse's).  NumPy and matplotlib come from this environment's
site-packages through a .pth file, which adds paths but runs none of the .pth files found
there, so the editable install of nnlib cannot leak in; the test checks where the modules
were imported from.
"""

import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "nnlib", "nncourse"]

CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path
    import nncourse, nnlib
    from nncourse.studies import load_seed_study
    for module in (nnlib, nncourse):
        assert Path(sys.prefix) in Path(module.__file__).parents, module.__file__
    X_train, y_train, X_test, y_test = nnlib.load_mnist()
    assert X_train.shape == (60000, 784) and y_train.shape == (60000,)
    assert X_test.shape == (10000, 784) and y_test.shape == (10000,)
    assert load_seed_study()["runs"]
    print("ok", Path(nnlib.__file__).parent)
""")


def _copy_sources(target):
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


def _run(*command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_installed_outside_the_repo_finds_its_data(tmp_path):
    source, wheels, env = tmp_path / "src", tmp_path / "wheels", tmp_path / "venv"
    source.mkdir()
    _copy_sources(source)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(source), cwd=tmp_path)
    wheel, = wheels.glob("nnlib-*.whl")
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    env_site = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                         "['purelib'])", cwd=tmp_path).strip())
    (env_site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", str(wheel), cwd=tmp_path)
    out = _run(str(python), "-c", CHECK, cwd=tmp_path)
    assert out.startswith("ok") and str(env) in out
