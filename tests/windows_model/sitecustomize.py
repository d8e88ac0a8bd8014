"""Imitate Windows' process model in this interpreter: put this folder first on PYTHONPATH.

Only the 'spawn' start method exists (fork and forkserver raise ValueError as on Windows),
os.fork, os.forkpty and os.register_at_fork are gone, `import resource` fails, and reads under
/proc fail as if the folder did not exist. Spawned children inherit PYTHONPATH, so they get the
same model. `BGINDEX_WINDOWS_MODEL=1` tells a test that the imitation is in force.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
from importlib.abc import MetaPathFinder

os.environ["BGINDEX_WINDOWS_MODEL"] = "1"

for _name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, _name):
        delattr(os, _name)


class _NoResource(MetaPathFinder):
    """Windows has no `resource` module."""

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if fullname == "resource":
            raise ImportError("No module named 'resource'", name="resource")
        return None


sys.modules.pop("resource", None)
sys.meta_path.insert(0, _NoResource())


def _under_proc(path: object) -> bool:
    if isinstance(path, int):
        return False
    try:
        text = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
    except TypeError:
        return False
    full = os.path.abspath(text)
    return full == "/proc" or full.startswith("/proc/")


def _refuse(path: object) -> None:
    raise FileNotFoundError(2, "No such file or directory", os.fsdecode(os.fspath(path)))  # type: ignore[arg-type]


def _guard(func):  # type: ignore[no-untyped-def]
    def guarded(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if _under_proc(path):
            _refuse(path)
        return func(path, *args, **kwargs)

    guarded.__name__ = getattr(func, "__name__", "guarded")
    guarded.__doc__ = getattr(func, "__doc__", None)
    return guarded


_open = _guard(io.open)
builtins.open = _open  # pathlib's Path.open calls io.open: both are replaced
io.open = _open
os.open = _guard(os.open)
os.listdir = _guard(os.listdir)
os.scandir = _guard(os.scandir)


def _only_spawn() -> None:
    import multiprocessing
    import multiprocessing.context as mpc

    for method in ("fork", "forkserver"):
        mpc._concrete_contexts.pop(method, None)  # type: ignore[attr-defined]
    spawn = mpc._concrete_contexts["spawn"]  # type: ignore[attr-defined]
    default = mpc._default_context
    default._default_context = spawn  # type: ignore[attr-defined]
    mpc.DefaultContext.get_all_start_methods = lambda self: ["spawn"]  # type: ignore[method-assign]
    # the package bound the default context's methods at import: rebind the changed one
    multiprocessing.get_all_start_methods = default.get_all_start_methods


_only_spawn()
