"""Process helpers shared by the servers we start (JupyterLab, Voila) and their tests.

Linux-only where they read /proc: elsewhere ``children_of`` and ``descendants``
find nothing and ``alive`` says False.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"


def port_is_free(port, host=HOST):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_port(start=None, host=HOST, tries=50):
    """A port nobody listens on: the first free one from ``start``, or any one the system picks."""
    if start is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            return sock.getsockname()[1]
    for port in range(start, start + tries):
        if port_is_free(port, host):
            return port
    raise OSError(f"no free port between {start} and {start + tries - 1}")


def _parents():
    """{pid: parent pid} of every process we may read."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name (2nd field) may hold spaces and ')': split after the last ')'
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue            # the process ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def children_of(pid):
    """Process ids whose parent is ``pid``."""
    return [child for child, parent in _parents().items() if parent == pid]


def descendants(pid):
    """Process ids of every descendant of ``pid`` (a server's kernels, their helpers ...)."""
    children = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    """True while ``pid`` runs (a zombie, ended but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids, timeout=10.0):
    """Wait until none of ``pids`` is alive; return those still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [p for p in left if alive(p)]
    return left


def kill_all(pids):
    """SIGKILL each of ``pids`` that still runs (the last resort)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def stop(process, sig=signal.SIGTERM, timeout=15.0, group=False):
    """Send ``sig`` to a started process (a server stops its kernels on it), wait, then make sure.

    ``group``: send it to the process's whole group instead, as a terminal does on
    Ctrl-C (the process must have been started with ``start_new_session=True``).
    Returns the pids of the process tree still alive after ``timeout`` (they are then
    killed): an empty list means the process stopped cleanly, with all its children.
    """
    tree = set(descendants(process.pid))
    if process.poll() is None:
        if group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            tree |= set(descendants(process.pid))
            process.kill()
            process.wait()
    left = wait_gone(tree, timeout=10.0)
    kill_all(left)
    return left
