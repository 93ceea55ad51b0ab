"""`make lab`: JupyterLab on the series, the way a learner uses it.

    python -m tools.lab                  # what `make lab` runs
    python -m tools.lab --fresh 05       # what `make fresh CHAPTER=05` runs
    python -m tools.lab -- --ip=0.0.0.0  # anything after -- goes to JupyterLab

* The server's root is the repository, so every notebook's ``../images/`` figures
  and its ``../layers.py`` link work, and ``layers.py`` is in the file browser.
* Learners work in their own copies: on first use each chapter
  (``notebooks/NN_name.ipynb``) is copied into ``my-notebooks/`` (ignored by git).
  Nothing a learner wrote is ever replaced: a copy is created only where no file
  is, a copy under a chapter's old name (``chapters.RENAMED``) moves to the new
  name only when that name is free, and ``--fresh 05`` moves the old copy aside to a
  name nobody uses.  A copy that cannot be written or read is named in one line and
  the rest of the course opens.  Each copy records the hash of the chapter it came
  from, so a later start can say which chapters changed since.
* The stored notebooks (``notebooks/``, solutions included) stay the course: the
  server opens them read-only and refuses to save over them (see
  ``tools/jupyterlab/jupyter_server_config.py``), so running a solution cannot turn
  ``make test`` red or block ``git pull``.
* Settings come from ``tools/jupyterlab/`` (Ctrl-C stops at once, root allowed,
  no start-up noise; see the comments there), put on ``JUPYTER_CONFIG_PATH``.
  JupyterLab's workspace (its open tabs) is this clone's own, not shared with the
  learner's other projects.  The browser tests start JupyterLab through this same module.
* One server per folder.  A server already running on this repository is reused if
  it answers (its ``/api/status``, with its token, within a second) and is not this
  very process; a record Jupyter left behind after an unclean stop is removed.  A
  lock (``fcntl``, in Jupyter's runtime folder) is held from the check until the
  server exits: the server inherits it, so two `make lab` at once start one server
  and the second one waits for it.

The series' own notebooks are trusted (as ``jupyter trust`` does), so JupyterLab
shows their stored SVG figures before any cell is run.
"""

import argparse
import hashlib
import json
import os
import stat
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from contextlib import contextmanager
from pathlib import Path

from tools.chapters import (
    NOTEBOOKS,
    RENAMED,
    ROOT,
    chapters,
    find_chapter,
    renames,
    solutions,
)

try:
    import fcntl
except ImportError:         # not POSIX: no lock (two starts at once may give two servers)
    fcntl = None

CONFIG = Path(__file__).resolve().parent / "jupyterlab"
COPIES = ROOT / "my-notebooks"     # beside notebooks/: "../images/x.svg" works from both
START = "00_start_here.ipynb"
MARK = "backprop_notebooks"        # notebook metadata key of a learner's copy
LOCK_FD = "BACKPROP_LAB_LOCK_FD"   # tells the server which inherited descriptor is the lock
# JupyterLab's ways of saying "do not open a browser" (given after --)
NO_BROWSER = {"--no-browser", "--ServerApp.open_browser=False", "--LabApp.open_browser=False"}
WAIT = 120                         # seconds to wait for a server another `make lab` starts


# ------------------------------------------------------------------ working copy
def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def shown(path):
    """A path as the learner knows it: relative to the repository when it is in it."""
    path = Path(path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def reason(error):
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)


@contextmanager
def notary():
    """Jupyter's notary, which trusts notebooks (its database is closed after use)."""
    from nbformat.sign import NotebookNotary
    signer = NotebookNotary()
    try:
        yield signer
    finally:
        signer.store.close()


def create_new(path, data):
    """Write ``data`` (bytes) to a file that must not exist yet (FileExistsError if it does).

    Never replaces a file, even one made a moment ago by another `make lab`; a
    half-written file (disk full ...) is removed again."""
    with open(path, "xb") as out:
        try:
            out.write(data)
        except BaseException:
            out.close()
            os.unlink(path)
            raise


def write_copy(chapter, copy, signer):
    """Copy one chapter notebook for the learner: trusted, and marked with its source's hash."""
    import nbformat

    nb = nbformat.read(chapter, as_version=4)
    nb.metadata[MARK] = {"copied_from": shown(chapter), "sha256": digest(chapter)}
    signer.sign(nb)
    copy.parent.mkdir(exist_ok=True)
    create_new(copy, (nbformat.writes(nb) + "\n").encode())


def copy_new_chapters(copies=COPIES, notebooks=NOTEBOOKS):
    """Copy every chapter that has no copy in ``copies`` yet.

    Returns (new copies, [(copy, why) for each copy that could not be written])."""
    made, failed = [], []
    with notary() as signer:
        for chapter in chapters(notebooks):
            copy = Path(copies) / chapter.name
            if copy.exists():
                continue
            try:
                write_copy(chapter, copy, signer)
            except FileExistsError:
                continue                        # made meanwhile (another `make lab`): theirs
            except OSError as error:
                failed.append((copy, reason(error)))
            else:
                made.append(copy)
    return made, failed


def move_aside(path, new):
    """Give ``path`` the name ``new`` unless a file has it (FileExistsError); never replaces.

    (``os.rename`` would silently replace ``new``: a hard link fails instead.)"""
    try:
        os.link(path, new)
    except FileExistsError:
        raise
    except OSError:             # a file system without hard links: copy, then remove
        create_new(new, Path(path).read_bytes())
    try:
        os.unlink(path)
    except FileNotFoundError:   # moved meanwhile by another `make`: both names hold it
        pass


def move_renamed(copies=COPIES, renamed=RENAMED, stored=None):
    """Move the learner's copies of renamed chapters to the new names (``renamed``: old ->
    new stems, applied to the solutions too, and to kept copies ``<old>.kept-...``).

    A copy moves only when the course no longer has a notebook under the old name
    (``stored``: the stems of the stored notebooks, by default the real ones) and its
    new name is free; renames that free each other's names (08 -> 07 while 07 -> 10)
    are done in the order that works.  Returns (moved, stuck): lists of (old path,
    new path, why); a stuck copy stayed where it was (``why``: its new name is taken,
    or the error that stopped the move)."""
    if stored is None:
        stored = {p.stem for p in chapters() + solutions()}
    todo = []
    for old, new in renames(renamed).items():
        if old in stored:
            continue                # not renamed in this version of the course (yet)
        for path in sorted(Path(copies).glob(f"{old}*.ipynb")):
            rest = path.name[len(old):]
            if rest == ".ipynb" or rest.startswith(".kept-"):
                todo.append((path, path.with_name(new + rest)))
    moved, failed = [], []
    progress = True
    while todo and progress:
        progress, left = False, []
        for path, target in todo:
            try:
                move_aside(path, target)
            except FileExistsError:
                left.append((path, target))
                continue
            except OSError as error:
                failed.append((path, target, reason(error)))
                continue
            moved.append((path, target))
            progress = True
        todo = left
    return moved, [(path, target, "taken") for path, target in todo] + failed


def check_copies(copies=COPIES, notebooks=NOTEBOOKS):
    """(chapters changed since copied, [(copy, why)] for copies that cannot be read)."""
    changed, unreadable = [], []
    for chapter in chapters(notebooks):
        copy = Path(copies) / chapter.name
        if not copy.exists():
            continue
        try:
            nb = json.loads(copy.read_bytes())
        except OSError as error:
            unreadable.append((copy, reason(error)))
            continue
        except ValueError:                  # broken JSON (e.g. cut short by a full disk)
            unreadable.append((copy, "its JSON is broken, e.g. cut short"))
            continue
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            unreadable.append((copy, "it is not a notebook"))
            continue
        mark = nb.get("metadata", {}).get(MARK, {})
        if isinstance(mark, dict) and mark.get("sha256") and mark["sha256"] != digest(chapter):
            changed.append(chapter)
    return changed, unreadable


def read_only_copies(copies=COPIES):
    """The learner's notebooks in ``copies`` that they cannot save: no write permission for
    their owner (what ``chmod u+w`` repairs), or none for this user."""
    found = []
    for path in sorted(Path(copies).glob("*.ipynb")):
        try:
            mode = path.stat().st_mode
        except OSError:
            continue                        # gone meanwhile, or named as unreadable
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            found.append(path)
    return found


def kept_name(copy, now=None):
    """``<stem>.kept-<date>_<time>.ipynb`` beside ``copy`` (``fresh`` adds -2, -3 ... if taken)."""
    stamp = time.strftime("%Y-%m-%d_%H-%M-%S", time.localtime(now))
    return copy.with_name(f"{copy.stem}.kept-{stamp}.ipynb")


def fresh(name, copies=COPIES, now=None, notebooks=NOTEBOOKS):
    """A fresh copy of one chapter; the learner's old copy is moved aside, never replaced.

    Returns (new copy, kept old copy or None)."""
    chapter = find_chapter(name, notebooks)
    copy = Path(copies) / chapter.name
    kept = None
    if copy.exists():
        first = kept_name(copy, now)
        for n in range(1, 1000):
            kept = first if n == 1 else first.with_name(f"{first.stem}-{n}.ipynb")
            try:
                move_aside(copy, kept)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"{first.name} and 998 more names are taken")
    with notary() as signer:
        try:
            write_copy(chapter, copy, signer)
        except FileExistsError:     # another `make fresh` made one meanwhile: that one stays
            pass
        except OSError:
            if kept:                # no fresh copy: the learner's goes back where it was
                try:
                    move_aside(kept, copy)
                except OSError:
                    pass
            raise
    return copy, kept


def trust_stored_notebooks(notebooks=NOTEBOOKS):
    """Trust the series' own notebooks (not the learner's: JupyterLab signs those on save)."""
    import nbformat

    with notary() as signer:
        for path in chapters(notebooks) + solutions(notebooks):
            # read without schema validation (the tests validate them): seconds faster a start
            try:
                nb = nbformat.from_dict(json.loads(path.read_text()))
            except (OSError, ValueError):
                continue            # the tests name a broken stored notebook
            if not signer.check_signature(nb):
                signer.sign(nb)


# ------------------------------------------------------------------ the server
def runtime_dir():
    from jupyter_core.paths import jupyter_runtime_dir
    return Path(jupyter_runtime_dir())


def folder_key(root):
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]


def workspaces_dir(root=ROOT):
    """This clone's own JupyterLab workspaces (open tabs), not the user's shared ones."""
    from jupyter_core.paths import jupyter_data_dir
    return Path(jupyter_data_dir()) / "backprop-notebooks" / f"workspaces-{folder_key(root)}"


def ask(info, api, timeout):
    """GET ``/api/<api>`` of the server of ``info`` with its token: (status, body) or None."""
    url = f"{info.get('url', '').rstrip('/')}/api/{api}"
    token = {"Authorization": f"token {info.get('token', '')}"}
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with direct.open(urllib.request.Request(url, headers=token), timeout=timeout) as response:
            return response.status, response.read()
    except (urllib.error.URLError, OSError, ValueError):
        return None


def answers(info, timeout=1.0):
    """True if the server of ``info`` answers its /api/status, with its token, in time."""
    reply = ask(info, "status", timeout)
    return bool(reply) and reply[0] == 200


def server_records(root=ROOT, runtime=None):
    """[(record file, info)] of Jupyter's records of servers on ``root``, as they are."""
    found = []
    for path in sorted(Path(runtime or runtime_dir()).glob("jpserver-*.json")):
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(info, dict) and Path(info.get("root_dir", "/nonexistent")).resolve() == \
                Path(root).resolve():
            found.append((path, info))
    return found


def running_server(root=ROOT, runtime=None, remove_dead=True):
    """The info of a server on ``root`` that answers and is not this process, or None.

    ``remove_dead``: remove the records of servers that do not answer (an unclean stop
    leaves them; in a container the next start may even get the same process id)."""
    for path, info in server_records(root, runtime):
        if info.get("pid") != os.getpid() and answers(info):
            return info
        if remove_dead:
            for dead in (path, path.with_name(f"{path.stem}-open.html")):
                try:
                    dead.unlink()
                except OSError:
                    pass
    return None


class Lock:
    """An exclusive lock on ``root`` for this user (a file in Jupyter's runtime folder).

    Taken before looking for a server and handed to the server (an inherited file
    descriptor), it is held until the server exits, however it exits."""

    def __init__(self, root=ROOT, runtime=None):
        folder = Path(runtime or runtime_dir())
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"backprop-lab-{folder_key(root)}.lock"
        self.fd = None

    def take(self):
        """Take the lock if nobody holds it; True if taken."""
        if fcntl is None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return True

    def holder(self):
        try:
            return int(self.path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def hand_over(self, env):
        """Keep the lock across exec: the server holds it from now on."""
        if self.fd is not None:
            os.set_inheritable(self.fd, True)
            env[LOCK_FD] = str(self.fd)
        return env

    def release(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def find_or_lock(root=ROOT, runtime=None, wait=WAIT, say=print):
    """(info of the server to reuse, None) or (None, the taken Lock: start one).

    A running server that answers is reused.  Otherwise the lock is taken; if another
    `make lab` holds it, it is starting (or running) the server: wait for that one."""
    lock = Lock(root, runtime)
    deadline = time.monotonic() + wait
    waiting = False
    while True:
        if lock.take():
            # nobody else is starting one: a record that answers is a server started
            # some other way (e.g. `jupyter lab` here); one that does not is dead
            info = running_server(root, runtime, remove_dead=True)
            if info:
                lock.release()
                return info, None
            return None, lock
        info = running_server(root, runtime, remove_dead=False)
        if info:
            return info, None
        if time.monotonic() > deadline:
            raise SystemExit(f"Another `make lab` (process {lock.holder()}) is starting JupyterLab "
                             f"on this folder and it has not answered in {wait} s. Stop it "
                             "(Ctrl-C in its terminal) and run `make lab` again.")
        if not waiting:
            say("Another `make lab` is starting JupyterLab on this folder; waiting for it ...",
                flush=True)
            waiting = True
        time.sleep(0.25)


def open_in_server(info, path, timeout=2.0):
    """True if ``path`` (relative to the server's root) has a kernel session on the server."""
    reply = ask(info, "sessions", timeout)
    try:
        sessions = json.loads(reply[1]) if reply and reply[0] == 200 else []
    except ValueError:
        return False
    return any(isinstance(s, dict) and s.get("path") == path for s in sessions)


def address(info, path):
    """The browser address of ``path`` (relative to the root) on a running server."""
    url = f"{info['url'].rstrip('/')}/lab/tree/{path}"
    return f"{url}?token={info['token']}" if info.get("token") else url


def environment(base=None):
    """The environment of the server: our config folder after the learner's own."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [env.get("JUPYTER_CONFIG_PATH"), str(CONFIG)]))
    return env


def command(start, open_browser=True, extra=(), root=ROOT):
    """The JupyterLab command line: ``root`` (the repository) served, ``start`` opened first."""
    cmd = [sys.executable, "-m", "jupyterlab",
           f"--ServerApp.root_dir={root}",
           # the page the browser opens (and where "/" leads): the start notebook
           f"--LabApp.default_url=/lab/tree/{start}"]
    # open tabs are remembered per clone, not shared with other projects (unless the
    # caller names a folder: JupyterLab refuses the setting given twice)
    if not any(a.startswith("--LabApp.workspaces_dir") for a in extra):
        cmd.append(f"--LabApp.workspaces_dir={workspaces_dir(root)}")
    if not open_browser and not NO_BROWSER.intersection(extra):
        cmd.append("--no-browser")
    return cmd + list(extra)


# ------------------------------------------------------------------ what a learner runs
def chapter_number(path):
    return Path(path).stem.split("_")[0]


def prepare_copies(copies=None, say=print, renamed=RENAMED, stored=None):
    """Everything `make lab` does to my-notebooks/ before the server starts, and says so.

    Nothing here stops the server from starting: what fails is named in one line."""
    copies = Path(copies or COPIES)
    moved, stuck = move_renamed(copies, renamed, stored)
    for old, new in moved:
        say(f"{shown(old)} is now {shown(new)} (the chapter was renamed)")
    for old, new, why in stuck:
        if why == "taken":
            why = f"{shown(new)} exists already; both are yours"
        say(f"note: {shown(old)} stays as it is: the chapter is now {new.stem} ({why})")
    made, failed = copy_new_chapters(copies)
    if made:
        names = ", ".join(chapter_number(p) for p in made)
        if len(made) == 1:
            say(f"Your own copy of chapter {names} is in {shown(copies)}/: "
                "change and save it freely.")
        else:
            say(f"Your own copies of chapters {names} are in {shown(copies)}/: "
                "change and save them freely.")
    by_reason = {}
    for copy, why in failed:
        by_reason.setdefault(why, []).append(copy)
    for why, failed_copies in by_reason.items():      # one line per cause, not per chapter
        names = ", ".join(chapter_number(p) for p in failed_copies)
        say(f"could not copy chapter{'s' * (len(failed_copies) > 1)} {names} into "
            f"{shown(copies)}/ ({why}); the rest of the course opens, and the stored "
            f"chapter{'s are' if len(failed_copies) > 1 else ' is'} in notebooks/. To repair: "
            f"make {shown(copies)}/ writable (e.g. `chmod u+w {shown(copies)}`) and run "
            "`make lab` again")
    changed, unreadable = check_copies(copies)
    for copy, why in unreadable:
        say(f"{shown(copy)} cannot be read ({why}): `make fresh CHAPTER={chapter_number(copy)}` "
            "puts a new copy there and keeps this one beside it")
    locked = read_only_copies(copies)
    if locked:
        them = "it" if len(locked) == 1 else "them"
        say(f"note: read-only in {shown(copies)}/: {', '.join(p.name for p in locked)}; "
            f"JupyterLab cannot save your work there. To make {them} writable: "
            f"`chmod u+w {shown(copies)}/*.ipynb`")
    for chapter in changed:
        say(f"note: chapter {chapter.stem} has changed since you copied it; "
            f"`make fresh CHAPTER={chapter_number(chapter)}` gets the new one (yours is kept)")


def start_page(copies=None):
    """The learner's copy of the start notebook, or the stored one if it could not be made."""
    copies = Path(copies or COPIES)
    mine = copies / START
    return shown(mine) if mine.is_file() else f"notebooks/{START}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", metavar="CHAPTER",
                        help="a fresh copy of one chapter in my-notebooks/ (the old one is kept)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    parser.add_argument("--no-copy", action="store_true",
                        help="open the stored notebooks, not my-notebooks/ (the browser tests do)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="serve this folder instead of the repository (the latency benchmark "
                             "serves its throw-away notebook)")
    parser.add_argument("jupyterlab_args", nargs="*", metavar="-- JUPYTERLAB_ARGS",
                        help="passed on to JupyterLab, e.g. -- --port=9000")
    args = parser.parse_args(argv)

    if args.fresh is not None:
        chapter = find_chapter(args.fresh)
        try:
            copy, kept = fresh(chapter.name, COPIES)
        except OSError as error:
            raise SystemExit(f"could not make a fresh copy of {chapter.stem} in "
                             f"{COPIES.name}/ ({reason(error)}); your copy is where it was")
        print(f"{shown(copy)}: a fresh copy of the chapter"
              + (f"; your previous copy is now {shown(kept)}" if kept else ""))
        info = running_server(ROOT, remove_dead=False)
        if kept and info and open_in_server(info, shown(copy)):
            print(f"WARNING: {copy.name} is open in JupyterLab. Its tab still shows your old "
                  "work and its next save would put it back over the fresh copy: in that tab "
                  "choose File > Reload Notebook from Disk (or close it without saving). "
                  f"Your old work is safe in {shown(kept)}.")
        return 0

    if args.no_copy:
        start = f"notebooks/{START}"
    else:
        prepare_copies(COPIES)
        start = start_page(COPIES)

    # `make lab ARGS="--no-browser"` hands it on after --, as JupyterLab's own flag: it
    # holds for a server already running too
    no_browser = args.no_browser or any(a in NO_BROWSER for a in args.jupyterlab_args)
    info, lock = find_or_lock(args.root)
    if info:
        url = address(info, start)
        print(f"JupyterLab is already running on this folder (process {info['pid']}):\n    {url}\n"
              "Ctrl-C in the terminal where it started stops it.")
        if not no_browser:
            webbrowser.open(url)
        return 0

    trust_stored_notebooks()
    print("Starting JupyterLab on this folder; Ctrl-C stops it.", flush=True)
    cmd = command(start, not no_browser, args.jupyterlab_args, args.root.resolve())
    # the server takes this process's place: Ctrl-C and signals reach it directly, and it
    # holds the lock until it exits
    os.execve(cmd[0], cmd, lock.hand_over(environment()))


if __name__ == "__main__":
    sys.exit(main())
