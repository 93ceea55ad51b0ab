"""`make lab` without a browser: the learner's copies, server reuse, the venv set-up, links.

tests/e2e/test_make_lab.py runs `make lab` itself and looks at it in a browser.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from tools import lab, processes
from tools.chapters import ROOT, chapters

# --- the learner's copies -----------------------------------------------------------

def test_every_chapter_is_copied_once_and_a_copy_is_never_overwritten(tmp_path):
    made = lab.copy_new_chapters(tmp_path)
    assert sorted(p.name for p in made) == sorted(p.name for p in chapters())
    assert not [p for p in made if "solutions" in p.name]
    mine = tmp_path / chapters()[1].name
    mine.write_text(mine.read_text().replace('"cells": [', '"cells": [\n  ', 1) + "\n")
    answered = mine.read_bytes()
    assert lab.copy_new_chapters(tmp_path) == []
    assert mine.read_bytes() == answered


def test_a_copy_is_the_chapter_marked_with_its_source(tmp_path):
    chapter = chapters()[0]
    copy, = [p for p in lab.copy_new_chapters(tmp_path) if p.name == chapter.name]
    original, copied = nbformat.read(chapter, 4), nbformat.read(copy, 4)
    assert copied.cells == original.cells
    assert copied.metadata[lab.MARK] == {"copied_from": f"notebooks/{chapter.name}",
                                         "sha256": lab.digest(chapter)}


def test_fresh_keeps_the_learners_copy_under_another_name(tmp_path):
    chapter = lab.find_chapter("05")
    lab.copy_new_chapters(tmp_path)
    mine = tmp_path / chapter.name
    nb = nbformat.read(mine, 4)
    nb.cells[-1].source = "my answer"
    nbformat.write(nb, mine)
    answered = mine.read_bytes()
    copy, kept = lab.fresh("5", tmp_path, now=0)
    assert copy == mine and kept.parent == tmp_path
    assert re.fullmatch(rf"{chapter.stem}\.kept-\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d\.ipynb", kept.name)
    assert kept.read_bytes() == answered
    assert nbformat.read(copy, 4).cells == nbformat.read(chapter, 4).cells


def test_a_chapter_changed_since_it_was_copied_is_named(tmp_path):
    lab.copy_new_chapters(tmp_path)
    assert lab.changed_since_copied(tmp_path) == []
    copy = tmp_path / chapters()[2].name
    nb = json.loads(copy.read_text())
    nb["metadata"][lab.MARK]["sha256"] = "0" * 64     # as if copied from an older version
    copy.write_text(json.dumps(nb))
    assert lab.changed_since_copied(tmp_path) == [chapters()[2]]


LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]*\bsrc=[\"']([^\"']+)")


@pytest.mark.parametrize("chapter", chapters(), ids=lambda p: p.stem)
def test_every_link_and_figure_works_from_the_learners_copy_too(chapter):
    """Relative links and figures resolve from notebooks/ and from my-notebooks/ alike."""
    nb = nbformat.read(chapter, 4)
    targets = [a or b for cell in nb.cells if cell.cell_type == "markdown"
               for a, b in LINK.findall(cell.source)]
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:|#", t)]
    for folder in (ROOT / "notebooks", ROOT / "my-notebooks"):
        # a link to a chapter is to the copy beside it, which `make lab` makes
        # resolved as text: my-notebooks/ itself need not exist for "../" to mean the root
        missing = [t for t in local if not Path(os.path.normpath(folder / t)).exists()
                   and not (folder.name == "my-notebooks" and (ROOT / "notebooks" / t).is_file()
                            and "/" not in t)]
        assert not missing, f"{chapter.name}, seen from {folder.name}/: {missing} do not exist"


# --- reusing a running server ---------------------------------------------------------

def server_file(runtime, root):
    """A running server's info file, as jupyter_server writes it (this process stands in)."""
    info = {"url": "http://localhost:8899/", "token": "abc", "root_dir": str(root),
            "pid": os.getpid(), "port": 8899, "base_url": "/"}
    (runtime / f"jpserver-{os.getpid()}.json").write_text(json.dumps(info))


def test_a_server_on_this_repository_is_found_and_others_are_not(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    assert lab.running_server() is None
    server_file(tmp_path, tmp_path / "another-clone")
    assert lab.running_server() is None
    server_file(tmp_path, ROOT)
    info = lab.running_server()
    assert info["pid"] == os.getpid()
    assert (lab.address(info, "my-notebooks/00_start_here.ipynb")
            == "http://localhost:8899/lab/tree/my-notebooks/00_start_here.ipynb?token=abc")


def test_the_server_config_is_ours_and_comes_after_the_learners(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/learner/config")
    paths = lab.environment()["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths == ["/learner/config", str(lab.CONFIG)]
    assert (lab.CONFIG / "jupyter_server_config.py").exists()
    command = lab.command("my-notebooks/00_start_here.ipynb", open_browser=False)
    assert f"--ServerApp.root_dir={ROOT}" in command and "--no-browser" in command


# --- the venv: a half-made one is replaced, a failing one leaves nothing behind --------

def fake_python(path, creates_pip):
    """A stand-in for python3 whose `-m venv DIR` makes DIR/bin/python, with or without pip."""
    pip = 'exit 0' if creates_pip else 'echo "No module named pip" >&2; exit 1'
    path.write_text(f"""#!/bin/sh
case "$1 $2" in
  "-c import sys"*) exit 0 ;;
  "--version ") echo "Python 3.11.0" ;;
  "-m venv") mkdir -p "$3/bin"
             printf '#!/bin/sh\\n' > "$3/bin/python"
             printf 'if [ "$1 $2" = "-m pip" ]; then {pip}; fi\\nexit 1\\n' >> "$3/bin/python"
             chmod +x "$3/bin/python"
             {'exit 0' if creates_pip else 'echo "ensurepip is not available" >&2; exit 1'} ;;
esac
""")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(not shutil.which("make"), reason="`make` is not installed")
def test_a_venv_without_pip_is_removed_and_python3_venv_named(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 1\n")   # left by a failed attempt
    (venv / "bin" / "python").chmod(0o755)
    python = fake_python(tmp_path / "python3", creates_pip=False)
    run = subprocess.run(["make", "-C", str(ROOT), f"{venv}/.installed", f"VENV={venv}",
                          f"PYTHON={python}"], capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "apt-get install python3-venv" in run.stdout + run.stderr
    assert not venv.exists(), "a half-made venv was left behind"


@pytest.mark.skipif(not shutil.which("make"), reason="`make` is not installed")
def test_a_half_made_venv_is_made_again(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 1\n")
    (venv / "bin" / "python").chmod(0o755)
    python = fake_python(tmp_path / "python3", creates_pip=True)
    run = subprocess.run(["make", "-C", str(ROOT), f"{venv}/.installed", f"VENV={venv}",
                          f"PYTHON={python}"], capture_output=True, text=True, timeout=60)
    # the stand-in venv's pip answers every call with success and installs nothing
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"creating {venv}" in run.stdout
    assert (venv / "bin" / "python").read_text().startswith("#!/bin/sh\nif")
    assert (venv / ".installed").exists()


# --- one way to import tools, one copy of the process helpers ---------------------------

def test_tools_are_imported_without_path_tricks():
    tricks = re.compile(r"spec_from_file_location|sys\.path\.insert"
                        r"|syspath_prepend\([^)]*(TOOLS|tools)")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for folder in ("tools", "tests", "benchmarks")
                 for p in (ROOT / folder).rglob("*.py") if p.name != "test_lab.py"
                 for n, line in enumerate(p.read_text().splitlines(), 1) if tricks.search(line)]
    assert not offenders, f"path tricks: {offenders}"


def test_process_helpers_are_written_once():
    defines = re.compile(r"^\s*def (free_port|children_of|descendants|_descendants|alive|_alive)\(",
                         re.MULTILINE)
    found = {str(p.relative_to(ROOT)): defines.findall(p.read_text())
             for folder in ("tools", "tests", "benchmarks") for p in (ROOT / folder).rglob("*.py")}
    elsewhere = {k: v for k, v in found.items()
                 if v and k not in ("tools/processes.py", "tools/lecture.py")}
    assert not elsewhere, f"process helpers defined outside tools/processes.py: {elsewhere}"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux /proc")
def test_stop_ends_a_process_and_its_children():
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60 & wait"], start_new_session=True)
    deadline = time.monotonic() + 10
    while len(processes.descendants(shell.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    children = processes.descendants(shell.pid)
    assert len(children) == 2 and all(processes.alive(p) for p in children)
    assert sorted(processes.children_of(shell.pid)) == sorted(children)
    # SIGTERM to the group, as a terminal would: the shell and both sleeps end
    assert processes.stop(shell, group=True) == []
    assert not any(processes.alive(p) for p in children + [shell.pid])


def test_free_port_can_be_listened_on():
    port = processes.free_port()
    assert processes.port_is_free(port)
    with socket.socket() as sock:
        sock.bind((processes.HOST, port))
        sock.listen()
        assert not processes.port_is_free(port)
        assert processes.free_port(port) != port


# --- the Python versions claimed are the ones CI runs ---------------------------------------

def test_readme_pyproject_and_ci_claim_the_same_python_versions():
    ci = re.search(r'^VERSIONS="([^"]+)"', (ROOT / ".ci" / "run").read_text(), re.MULTILINE)
    versions = ci.group(1).split()
    low, high = re.search(r"Python (3\.\d+) to (3\.\d+)", (ROOT / "README.md").read_text()).groups()
    pyproject = (ROOT / "pyproject.toml").read_text()
    classifiers = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject)
    minor = lambda v: int(v.split(".")[1])      # noqa: E731
    assert [minor(v) for v in versions] == list(range(minor(low), minor(high) + 1))
    assert classifiers == versions
    assert f'requires-python = ">={low}"' in pyproject
    assert f"sys.version_info < (3, {minor(low)})" in (ROOT / "Makefile").read_text()
