"""`make lab` without a browser: the learner's copies, server reuse, the venv set-up, links.

tests/e2e/test_make_lab.py runs `make lab` itself and looks at it in a browser.
"""

import asyncio
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest
from own_thread import apart

from tools import chapters as chapters_module, lab, processes
from tools.chapters import ROOT, chapters

# --- the learner's copies -----------------------------------------------------------


def answer(copy, text="my answer"):
    """Write an answer into the learner's copy, as saving in JupyterLab would."""
    nb = nbformat.read(copy, 4)
    nb.cells[-1].source = text
    nbformat.write(nb, copy)
    return copy.read_bytes()


def test_every_chapter_is_copied_once_and_a_copy_is_never_overwritten(tmp_path):
    made, failed = lab.copy_new_chapters(tmp_path)
    assert sorted(p.name for p in made) == sorted(p.name for p in chapters()) and failed == []
    assert not [p for p in made if "solutions" in p.name]
    answered = answer(tmp_path / chapters()[1].name)
    assert lab.copy_new_chapters(tmp_path) == ([], [])
    assert (tmp_path / chapters()[1].name).read_bytes() == answered


def test_a_copy_is_never_created_over_a_file(tmp_path):
    target = tmp_path / "made-meanwhile.ipynb"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        lab.create_new(target, b"ours")
    assert target.read_text() == "theirs"


def test_a_copy_is_the_chapter_marked_with_its_source(tmp_path):
    chapter = chapters()[0]
    copy, = [p for p in lab.copy_new_chapters(tmp_path)[0] if p.name == chapter.name]
    original, copied = nbformat.read(chapter, 4), nbformat.read(copy, 4)
    assert copied.cells == original.cells
    assert copied.metadata[lab.MARK] == {"copied_from": f"notebooks/{chapter.name}",
                                         "sha256": lab.digest(chapter)}


def test_fresh_keeps_the_learners_copy_under_another_name(tmp_path):
    chapter = lab.find_chapter("05")
    lab.copy_new_chapters(tmp_path)
    mine = tmp_path / chapter.name
    answered = answer(mine)
    copy, kept = lab.fresh("5", tmp_path, now=0)
    assert copy == mine and kept.parent == tmp_path
    assert re.fullmatch(rf"{chapter.stem}\.kept-\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d\.ipynb", kept.name)
    assert kept.read_bytes() == answered
    assert nbformat.read(copy, 4).cells == nbformat.read(chapter, 4).cells


def test_two_fresh_copies_in_the_same_second_lose_nothing(tmp_path):
    chapter = lab.find_chapter("05")
    lab.copy_new_chapters(tmp_path)
    first = answer(tmp_path / chapter.name, "first answer")
    _, kept1 = lab.fresh("05", tmp_path, now=1_000_000)
    second = answer(tmp_path / chapter.name, "second answer")
    _, kept2 = lab.fresh("05", tmp_path, now=1_000_000)       # the same second
    assert kept1 != kept2
    assert kept1.read_bytes() == first and kept2.read_bytes() == second


def test_fresh_never_moves_a_copy_over_a_file_with_the_kept_name(tmp_path):
    chapter = lab.find_chapter("05")
    lab.copy_new_chapters(tmp_path)
    mine = answer(tmp_path / chapter.name)
    squatter = lab.kept_name(tmp_path / chapter.name, now=0)
    squatter.write_text("an older kept copy")
    _, kept = lab.fresh("05", tmp_path, now=0)
    assert kept != squatter and kept.read_bytes() == mine
    assert squatter.read_text() == "an older kept copy"


def test_fresh_that_cannot_write_leaves_the_learners_copy_in_place(tmp_path, monkeypatch,
                                                                   capsys):
    copies = tmp_path / "my-notebooks"
    lab.copy_new_chapters(copies)
    chapter = lab.find_chapter("05")
    answered = answer(copies / chapter.name)

    def refuse(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(lab, "create_new", refuse)
    monkeypatch.setattr(lab, "COPIES", copies)
    with pytest.raises(SystemExit) as stopped:
        lab.main(["--fresh", "05"])
    assert str(stopped.value) == (f"could not make a fresh copy of {chapter.stem} in "
                                  "my-notebooks/ (No space left on device); your copy is "
                                  "where it was")
    assert (copies / chapter.name).read_bytes() == answered
    assert sorted(p.name for p in copies.glob("05*")) == [chapter.name]


@pytest.mark.parametrize("asked", ["5 6", "05,06", "5;ls", ""])
def test_fresh_takes_one_chapter(asked):
    with pytest.raises(SystemExit, match="one chapter at a time"):
        lab.find_chapter(asked)


def test_a_chapter_changed_since_it_was_copied_is_named(tmp_path):
    lab.copy_new_chapters(tmp_path)
    assert lab.check_copies(tmp_path) == ([], [])
    copy = tmp_path / chapters()[2].name
    nb = json.loads(copy.read_text())
    nb["metadata"][lab.MARK]["sha256"] = "0" * 64     # as if copied from an older version
    copy.write_text(json.dumps(nb))
    assert lab.check_copies(tmp_path) == ([chapters()[2]], [])


def test_a_copy_that_cannot_be_written_is_named_and_the_rest_is_copied(tmp_path, monkeypatch):
    """A read-only my-notebooks/ with one new chapter: one line, no traceback, the rest goes on.

    (The tests run as root in containers, where permissions do not stop a write: the
    refusal is made here, where the copy is created.)"""
    create_new = lab.create_new
    lab.copy_new_chapters(tmp_path)
    new = tmp_path / chapters()[3].name
    new.unlink()                                    # a chapter added since the last start

    def refuse(path, data):
        if Path(path).name == new.name:
            raise PermissionError(13, "Permission denied", str(path))
        return create_new(path, data)

    monkeypatch.setattr(lab, "create_new", refuse)
    said = []
    lab.prepare_copies(tmp_path, say=said.append, renamed={})
    number = chapters()[3].stem.split("_")[0]
    assert said == [f"could not copy chapter {number} into {tmp_path}/ (Permission denied); "
                    "the rest of the course opens, and the stored chapter is in notebooks/. "
                    f"To repair: make {tmp_path}/ writable (e.g. `chmod u+w {tmp_path}`) and "
                    "run `make lab` again"]
    assert not new.exists()


def test_the_stored_start_notebook_opens_when_its_copy_could_not_be_made(tmp_path):
    copies = tmp_path / "my-notebooks"
    assert lab.start_page(copies) == f"notebooks/{lab.START}"
    lab.copy_new_chapters(copies)
    assert lab.start_page(copies) == lab.shown(copies / lab.START)
    assert lab.shown(lab.COPIES / lab.START) == f"my-notebooks/{lab.START}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_folder_is_named_once(tmp_path):
    tmp_path.chmod(0o555)
    try:
        said = []
        lab.prepare_copies(tmp_path, say=said.append, renamed={})
    finally:
        tmp_path.chmod(0o755)
    assert len(said) == 1 and "Permission denied" in said[0]


def test_read_only_copies_are_named_in_one_line_and_left_as_they_are(tmp_path):
    """`chmod u+w my-notebooks` repairs the folder, not the copies in it: those are named.

    (Read-only by their mode, which holds for root too, whom no permission stops.)"""
    lab.copy_new_chapters(tmp_path)
    locked = [tmp_path / chapters()[3].name, tmp_path / chapters()[5].name]
    for path in locked:
        path.chmod(0o444)
    try:
        said = []
        lab.prepare_copies(tmp_path, say=said.append, renamed={})
        modes = [path.stat().st_mode & 0o777 for path in locked]
    finally:
        for path in locked:
            path.chmod(0o644)
    assert said == [f"note: read-only in {tmp_path}/: {locked[0].name}, {locked[1].name}; "
                    "JupyterLab cannot save your work there. To make them writable: "
                    f"`chmod u+w {tmp_path}/*.ipynb`"]
    assert modes == [0o444, 0o444], "make lab changed them"
    said.clear()
    lab.prepare_copies(tmp_path, say=said.append, renamed={})
    assert said == []


def test_new_copies_are_named_in_one_line_singular_for_one(tmp_path):
    said = []
    lab.prepare_copies(tmp_path, say=said.append, renamed={})
    numbers = ", ".join(lab.chapter_number(c) for c in chapters())
    assert said == [f"Your own copies of chapters {numbers} are in {tmp_path}/: "
                    "change and save them freely."]
    (tmp_path / chapters()[-1].name).unlink()
    said.clear()
    lab.prepare_copies(tmp_path, say=said.append, renamed={})
    assert said == [f"Your own copy of chapter {lab.chapter_number(chapters()[-1])} is in "
                    f"{tmp_path}/: change and save it freely."]


def test_a_broken_copy_is_named_with_the_way_to_repair_it(tmp_path):
    lab.copy_new_chapters(tmp_path)
    broken = tmp_path / chapters()[4].name
    broken.write_bytes(broken.read_bytes()[:200])   # cut short, as by a full disk
    said = []
    lab.prepare_copies(tmp_path, say=said.append, renamed={})
    number = chapters()[4].stem.split("_")[0]
    assert said == [f"{broken} cannot be read (its JSON is broken, e.g. cut short): "
                    f"`make fresh CHAPTER={number}` puts a new copy there and keeps "
                    "this one beside it"]
    cut = broken.read_bytes()
    copy, kept = lab.fresh(number, tmp_path)
    assert kept.read_bytes() == cut and nbformat.read(copy, 4).cells


# --- renamed chapters: the learner's copies follow them --------------------------------

# as in issue 15: 08 takes 07's number while 07 becomes 10 (in that order only)
RENAMES = {"07_common_mistakes": "10_common_mistakes", "08_affine_softmax": "07_affine_softmax"}
STORED = {"07_affine_softmax", "10_common_mistakes", "07_affine_softmax_solutions",
          "10_common_mistakes_solutions"}


def mine(folder, name, text=None):
    path = folder / name
    path.write_text(text or f"the learner's {name}")
    return path.read_text()


def test_copies_of_renamed_chapters_move_to_the_new_names(tmp_path):
    old07 = mine(tmp_path, "07_common_mistakes.ipynb")
    old08 = mine(tmp_path, "08_affine_softmax.ipynb")
    kept = mine(tmp_path, "07_common_mistakes.kept-2026-01-01_10-00-00.ipynb")
    solution = mine(tmp_path, "08_affine_softmax_solutions.ipynb")
    moved, stuck = lab.move_renamed(tmp_path, RENAMES, STORED)
    assert stuck == []
    assert sorted((a.name, b.name) for a, b in moved) == [
        ("07_common_mistakes.ipynb", "10_common_mistakes.ipynb"),
        ("07_common_mistakes.kept-2026-01-01_10-00-00.ipynb",
         "10_common_mistakes.kept-2026-01-01_10-00-00.ipynb"),
        ("08_affine_softmax.ipynb", "07_affine_softmax.ipynb"),
        ("08_affine_softmax_solutions.ipynb", "07_affine_softmax_solutions.ipynb")]
    assert (tmp_path / "10_common_mistakes.ipynb").read_text() == old07
    assert (tmp_path / "07_affine_softmax.ipynb").read_text() == old08
    assert (tmp_path / "10_common_mistakes.kept-2026-01-01_10-00-00.ipynb").read_text() == kept
    assert (tmp_path / "07_affine_softmax_solutions.ipynb").read_text() == solution
    assert lab.move_renamed(tmp_path, RENAMES, STORED) == ([], [])


def test_a_renamed_copy_never_replaces_a_file_under_the_new_name(tmp_path):
    old = mine(tmp_path, "07_common_mistakes.ipynb")
    new = mine(tmp_path, "10_common_mistakes.ipynb", "made by a newer make lab")
    moved, stuck = lab.move_renamed(tmp_path, RENAMES, STORED)
    assert moved == [] and [(a.name, b.name, why) for a, b, why in stuck] == [
        ("07_common_mistakes.ipynb", "10_common_mistakes.ipynb", "taken")]
    assert (tmp_path / "07_common_mistakes.ipynb").read_text() == old
    assert (tmp_path / "10_common_mistakes.ipynb").read_text() == new


def test_renames_that_swap_two_names_keep_both_copies(tmp_path):
    a, b = mine(tmp_path, "01_a.ipynb"), mine(tmp_path, "02_b.ipynb")
    moved, stuck = lab.move_renamed(tmp_path, {"01_a": "02_b", "02_b": "01_a"}, stored=set())
    assert moved == [] and len(stuck) == 2
    assert (tmp_path / "01_a.ipynb").read_text() == a and (tmp_path / "02_b.ipynb").read_text() == b


def test_a_chapter_not_yet_renamed_in_the_course_is_left_alone(tmp_path):
    old = mine(tmp_path, "07_common_mistakes.ipynb")
    assert lab.move_renamed(tmp_path, RENAMES, stored={"07_common_mistakes"}) == ([], [])
    assert (tmp_path / "07_common_mistakes.ipynb").read_text() == old


def test_make_lab_says_in_one_line_per_chapter_what_moved(tmp_path):
    mine(tmp_path, "07_common_mistakes.ipynb")
    mine(tmp_path, "08_affine_softmax.ipynb")
    mine(tmp_path, "07_affine_softmax.ipynb", "already there")   # 08 cannot move
    mine(tmp_path, "10_common_mistakes.ipynb.bak")                # not a copy: untouched
    said = []
    lab.prepare_copies(tmp_path, say=said.append, renamed=RENAMES, stored=STORED)
    assert said[:2] == [
        f"{tmp_path}/07_common_mistakes.ipynb is now {tmp_path}/10_common_mistakes.ipynb "
        "(the chapter was renamed)",
        f"note: {tmp_path}/08_affine_softmax.ipynb stays as it is: the chapter is now "
        f"07_affine_softmax ({tmp_path}/07_affine_softmax.ipynb exists already; "
        "both are yours)"]


def test_the_solutions_follow_their_chapters():
    assert chapters_module.renames({"07_x": "10_x"}) == {"07_x": "10_x",
                                                          "07_x_solutions": "10_x_solutions"}
    assert all(new != old for old, new in chapters_module.RENAMED.items())
    assert len(set(chapters_module.RENAMED.values())) == len(chapters_module.RENAMED)


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


# --- one server per folder: reused only if it answers ------------------------------------

class StandIn(http.server.BaseHTTPRequestHandler):
    """A Jupyter server's /api/status and /api/sessions, token "abc"."""
    sessions = []

    def do_GET(self):
        if self.headers.get("Authorization") != "token abc":
            self.send_response(403)
            self.end_headers()
            return
        body = {"/api/status": {}, "/api/sessions": self.sessions}.get(self.path.split("?")[0])
        self.send_response(404 if body is None else 200)
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    server = http.server.ThreadingHTTPServer((processes.HOST, 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{processes.HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def record(runtime, root, url, pid, token="abc"):
    """A server's record, as jupyter_server writes it in its runtime folder."""
    path = Path(runtime) / f"jpserver-{pid}.json"
    path.write_text(json.dumps({"url": url, "token": token, "root_dir": str(root), "pid": pid,
                                "port": int(url.rsplit(":", 1)[1].strip("/")), "base_url": "/"}))
    return path


def nobody_listens():
    return f"http://{processes.HOST}:{processes.free_port()}/"


def test_a_server_on_this_repository_that_answers_is_reused_and_others_are_not(tmp_path, stand_in):
    assert lab.running_server(ROOT, tmp_path) is None
    record(tmp_path, tmp_path / "another-clone", stand_in, pid=os.getppid())
    assert lab.running_server(ROOT, tmp_path) is None
    record(tmp_path, ROOT, stand_in, pid=os.getppid())
    info = lab.running_server(ROOT, tmp_path)
    assert info["pid"] == os.getppid()
    assert (lab.address(info, "my-notebooks/00_start_here.ipynb")
            == f"{stand_in}lab/tree/my-notebooks/00_start_here.ipynb?token=abc")


def test_a_record_with_this_processes_pid_is_removed_not_trusted(tmp_path, stand_in):
    """The lock-out: after an unclean stop a container's next start gets the same small pid."""
    stale = record(tmp_path, ROOT, stand_in, pid=os.getpid())     # even one that answers
    opener = tmp_path / f"jpserver-{os.getpid()}-open.html"
    opener.write_text("<html></html>")
    assert lab.running_server(ROOT, tmp_path) is None
    assert not stale.exists() and not opener.exists()


def test_a_record_of_a_server_that_does_not_answer_is_removed(tmp_path):
    # its pid is alive (the process that runs the tests), nothing listens at its address
    stale = record(tmp_path, ROOT, nobody_listens(), pid=os.getppid())
    start = time.monotonic()
    assert lab.running_server(ROOT, tmp_path) is None
    assert time.monotonic() - start < 3 and not stale.exists()


def test_a_server_that_refuses_the_token_is_not_reused(tmp_path, stand_in):
    record(tmp_path, ROOT, stand_in, pid=os.getppid(), token="not-its-token")
    assert lab.running_server(ROOT, tmp_path, remove_dead=False) is None


def test_a_second_start_waits_for_the_server_the_first_one_starts(tmp_path, stand_in):
    first = lab.Lock(ROOT, tmp_path)
    assert first.take()                     # the first `make lab`, starting its server
    try:
        assert not lab.Lock(ROOT, tmp_path).take()
        later = threading.Timer(0.5, record, (tmp_path, ROOT, stand_in, os.getppid()))
        later.start()
        said = []
        info, lock = lab.find_or_lock(ROOT, tmp_path, wait=20, say=lambda *a, **k: said.append(a))
        later.join()
        assert lock is None and info["url"] == stand_in
        assert said == [("Another `make lab` is starting JupyterLab on this folder; "
                         "waiting for it ...",)]
    finally:
        first.release()


def test_a_start_that_never_answers_is_reported(tmp_path):
    first = lab.Lock(ROOT, tmp_path)
    assert first.take()
    try:
        with pytest.raises(SystemExit, match=rf"process {os.getpid()}\) .* has not answered"):
            lab.find_or_lock(ROOT, tmp_path, wait=0.3, say=lambda *a, **k: None)
    finally:
        first.release()
    info, lock = lab.find_or_lock(ROOT, tmp_path, wait=0.3)     # released: this one starts
    assert info is None and lock.fd is not None
    lock.release()


@pytest.mark.skipif(lab.fcntl is None, reason="the lock is POSIX fcntl")
def test_the_lock_is_free_again_when_its_holder_is_killed(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from tools import lab;"
         f"assert lab.Lock(lab.ROOT, Path({str(tmp_path)!r})).take(); print('held', flush=True);"
         "time.sleep(60)"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert not lab.Lock(ROOT, tmp_path).take()
    holder.kill()                           # an unclean stop: no clean-up runs
    holder.wait()
    holder.stdout.close()
    assert lab.Lock(ROOT, tmp_path).take()


@pytest.mark.skipif(lab.fcntl is None, reason="the lock is POSIX fcntl")
def test_two_starts_at_once_give_one_server_despite_a_stale_record(tmp_path):
    """Two `make lab` in the same moment, after an unclean stop left a record whose pid lives."""
    home = Path(tempfile.mkdtemp(prefix="bp-"))     # short: kernels' socket paths live here
    runtime = home / "runtime"
    runtime.mkdir()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(runtime),
               IPYTHONDIR=str(home / "ipython"), JUPYTER_PLATFORM_DIRS="1")
    stale = record(runtime, tmp_path, nobody_listens(), pid=os.getppid())
    port = processes.free_port()
    cmd = [sys.executable, "-m", "tools.lab", "--no-browser", "--no-copy", f"--root={tmp_path}",
           "--", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0"]
    starts = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
              for _ in range(2)]
    try:
        deadline = time.monotonic() + 120
        while all(p.poll() is None for p in starts) and time.monotonic() < deadline:
            time.sleep(0.2)
        ended = [p for p in starts if p.poll() is not None]
        assert len(ended) == 1, "neither start ended: the second did not reuse the first's server"
        second, = ended
        server, = [p for p in starts if p is not second]
        output = second.stdout.read()
        assert second.returncode == 0 and "already running" in output, output
        assert f"process {server.pid}" in output and f":{port}/" in output
        records = list(runtime.glob("jpserver-*.json"))
        assert [r.name for r in records] == [f"jpserver-{server.pid}.json"]
        assert not stale.exists(), "the stale record was kept"
        assert lab.answers(json.loads(records[0].read_text()))
    finally:
        for p in starts:
            processes.stop(p, group=True)
            p.stdout.close()
        shutil.rmtree(home, ignore_errors=True)


def test_fresh_warns_when_the_chapter_is_open_in_jupyterlab(tmp_path, stand_in, monkeypatch,
                                                            capsys):
    copies = tmp_path / "my-notebooks"
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setattr(lab, "COPIES", copies)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    lab.copy_new_chapters(copies)
    chapter = lab.find_chapter("05")
    record(runtime, ROOT, stand_in, pid=os.getppid())
    monkeypatch.setattr(StandIn, "sessions", [{"path": lab.shown(copies / chapter.name)}])
    assert lab.main(["--fresh", "05"]) == 0
    out = capsys.readouterr().out
    assert f"WARNING: {chapter.name} is open in JupyterLab" in out
    assert "File > Reload Notebook from Disk" in out
    monkeypatch.setattr(StandIn, "sessions", [])
    assert lab.main(["--fresh", "05"]) == 0
    assert "WARNING" not in capsys.readouterr().out
    assert len(list(copies.glob(f"{chapter.stem}.kept-*.ipynb"))) == 2


@pytest.mark.parametrize("argv, opened", [
    ([], True),
    (["--no-browser"], False),
    (["--", "--no-browser"], False),                   # make lab ARGS="--no-browser"
    (["--", "--ip=0.0.0.0", "--no-browser"], False),   # the README's container variant
    (["--", "--ServerApp.open_browser=False"], False),
])
def test_no_browser_holds_for_a_server_already_running(tmp_path, stand_in, monkeypatch, capsys,
                                                       argv, opened):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    record(runtime, ROOT, stand_in, pid=os.getppid())
    browsed = []
    monkeypatch.setattr(lab.webbrowser, "open", browsed.append)
    assert lab.main(["--no-copy", *argv]) == 0
    assert "already running" in capsys.readouterr().out
    assert bool(browsed) == opened, browsed


def test_no_browser_given_to_jupyterlab_is_passed_on_once():
    cmd = lab.command("x.ipynb", open_browser=False, extra=["--no-browser"])
    assert cmd.count("--no-browser") == 1
    assert lab.command("x.ipynb", open_browser=False).count("--no-browser") == 1


# --- the server's settings: ours, the course's own workspace, the stored course read-only ---

def test_the_server_config_is_ours_and_comes_after_the_learners(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/learner/config")
    paths = lab.environment()["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths == ["/learner/config", str(lab.CONFIG)]
    assert (lab.CONFIG / "jupyter_server_config.py").exists()
    command = lab.command("my-notebooks/00_start_here.ipynb", open_browser=False)
    assert f"--ServerApp.root_dir={ROOT}" in command and "--no-browser" in command


def test_the_workspace_is_this_clones_own(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    ours = [a for a in lab.command("x", root=ROOT) if a.startswith("--LabApp.workspaces_dir=")]
    other = [a for a in lab.command("x", root=tmp_path) if a.startswith("--LabApp.workspaces_dir=")]
    assert len(ours) == 1 and ours != other
    assert Path(ours[0].split("=", 1)[1]).parent == tmp_path / "data" / "backprop-notebooks"
    asked = ["--LabApp.workspaces_dir=/elsewhere"]      # the browser tests' throw-away one
    given = [a for a in lab.command("x", extra=asked) if "workspaces_dir" in a]
    assert given == asked, "JupyterLab refuses a setting given twice"


@pytest.fixture(scope="module")
def contents_manager_class():
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("jupyter_server_config.py", str(lab.CONFIG)).load_config()
    return config.ServerApp.contents_manager_class


@apart
def test_the_stored_course_opens_read_only_and_is_never_saved_over(contents_manager_class):
    from tornado.web import HTTPError
    manager = contents_manager_class(root_dir=str(ROOT))
    for stored in (chapters()[0], chapters_module.solutions()[0]):
        path = stored.relative_to(ROOT).as_posix()
        before = stored.read_bytes()
        model = asyncio.run(manager.get(path))
        assert model["writable"] is False
        with pytest.raises(HTTPError) as refused:
            asyncio.run(manager.save(model, path))
        assert refused.value.status_code == 403
        assert "stored course" in refused.value.log_message
        assert "my-notebooks/" in refused.value.log_message
        assert stored.read_bytes() == before


@apart
def test_a_learners_copy_is_saved_as_usual(contents_manager_class, tmp_path):
    lab.copy_new_chapters(tmp_path / "my-notebooks")
    manager = contents_manager_class(root_dir=str(tmp_path))
    path = f"my-notebooks/{chapters()[0].name}"
    model = asyncio.run(manager.get(path))
    assert model["writable"] is True
    model["content"]["cells"][0]["source"] = "my note"
    asyncio.run(manager.save(model, path))
    assert nbformat.read(tmp_path / path, 4).cells[0].source == "my note"


# --- make fresh: one chapter, quoted, checked before anything is installed -------------------

@pytest.mark.skipif(not shutil.which("make"), reason="`make` is not installed")
@pytest.mark.parametrize("chapter, said", [
    (None, "which chapter? e.g. make fresh CHAPTER=05"),
    ("", "which chapter? e.g. make fresh CHAPTER=05"),
    ("5 6", "make fresh takes one chapter at a time, e.g. make fresh CHAPTER=05 (got: 5 6)"),
    ("05; touch {tmp}/ran", "make fresh takes one chapter at a time"),
    ("`touch {tmp}/ran`", "make fresh takes one chapter at a time"),
    ("$(touch {tmp}/ran)", "which chapter?"),      # make reads $(...) as an empty variable
])
def test_make_fresh_asks_for_one_chapter_before_installing_anything(tmp_path, chapter, said):
    venv = tmp_path / "venv"                     # a new clone: no environment yet
    python = tmp_path / "python3"                # would record any use of Python
    python.write_text(f"#!/bin/sh\ntouch {tmp_path}/installed\nexit 1\n")
    python.chmod(0o755)
    args = ["make", "-C", str(ROOT), "fresh", f"VENV={venv}", f"PYTHON={python}"]
    if chapter is not None:
        args.append(f"CHAPTER={chapter.format(tmp=tmp_path)}")
    env = {k: v for k, v in os.environ.items() if k != "CHAPTER"}
    run = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode != 0
    assert said in run.stdout
    assert not (tmp_path / "installed").exists() and not venv.exists()
    assert not (tmp_path / "ran").exists(), "CHAPTER ran as a command"


# --- the venv: a half-made one is replaced, a failing one leaves nothing behind --------

def fake_python(path, creates_pip):
    """A stand-in for python3 whose `-m venv DIR` makes DIR/bin/python, with or without pip."""
    pip = 'exit 0' if creates_pip else 'echo "No module named pip" >&2; exit 1'
    path.write_text(f"""#!/bin/sh
case "$1 $2" in
  "-c import sys"*) exit 0 ;;
  "--version ") echo "Python 3.11.0" ;;
  "-m venv") mkdir -p "$3/bin"
             printf '#!/bin/sh\\nif [ "$1 $2" = "-m pip" ]; then {pip}; fi\\nexit 1\\n' \\
                 > "$3/bin/python"
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


def as_a_learner():
    """The command prefix that runs a command as a user without root's powers, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


@pytest.mark.skipif(not shutil.which("make"), reason="`make` is not installed")
@pytest.mark.skipif(as_a_learner() is None,
                    reason="root writes into a read-only folder, and setpriv (to run as nobody) "
                           "is not installed")
def test_a_read_only_checkout_is_named_not_python3_venv():
    """A whole checkout read-only: the set-up says the folder is not writable and how to
    repair it, and does not send the learner to install python3-venv."""
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "clone"
        clone.mkdir()
        for name in ("Makefile", "requirements.txt", "pyproject.toml"):
            shutil.copy(ROOT / name, clone / name)
        python = fake_python(Path(scratch) / "python3", creates_pip=True)
        for folder in (Path(scratch), clone):
            folder.chmod(0o555)               # read-only, open to the learner (nobody) to read
        try:
            # VENV named here: CI's runs on other Pythons set their own in the environment
            run = subprocess.run([*as_a_learner(), "make", "-C", str(clone), "lab",
                                  f"PYTHON={python}", "VENV=.venv"],
                                 capture_output=True, text=True, timeout=60)
        finally:
            for folder in (Path(scratch), clone):
                folder.chmod(0o755)
    said = run.stdout + run.stderr
    assert run.returncode != 0
    assert f"cannot create .venv: {clone}/ is not writable by you" in said, said
    assert "git clone" in said and f"chmod u+w {clone}/" in said
    assert "python3-venv" not in said and "Permission denied" not in said, said


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


def test_readme_warns_that_git_clean_x_deletes_the_learners_work():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"`git clean -fdx` deletes `my-notebooks/`", readme)
    assert "make fresh` takes one chapter at a time" in readme
