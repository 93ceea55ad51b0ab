"""Run a test in a thread of its own, away from what earlier tests in the same pytest process
left in the main thread: an event loop still running (notebook kernels' clients), where
asyncio.run refuses to start, or CPython 3.11's recursion count left off by a RecursionError,
which makes ast.parse (and so inspect.getsource) fail."""
import concurrent.futures
import functools


def apart(test):
    """Decorator: run the whole test in a new thread (one thread: SQLite objects it opens,
    such as the notebook notary's, may not be used from a second one)."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(test, *args, **kwargs).result()
    return run
