"""Run a function over untrusted inputs in worker processes that a crash cannot take down with us."""

from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

from bgindex.intake import memory_cap

Kind = Literal["ok", "error", "crashed", "timeout"]


def choose_start_method(platform: str = sys.platform, available: Sequence[str] | None = None) -> str:
    """Fork where it is safe and fast (Linux, when the interpreter offers it); spawn everywhere else
    (Windows has no fork, macOS frameworks are not fork-safe, and a Linux interpreter may offer
    only spawn). Nothing a worker needs is inherited: the function and its items are pickled, so
    both start methods run the same code."""
    methods = mp.get_all_start_methods() if available is None else available
    return "fork" if platform.startswith("linux") and "fork" in methods else "spawn"


START_METHOD = choose_start_method()


@dataclass
class Outcome:
    index: int
    kind: Kind
    value: Any = None  # the result for "ok", a traceback text for "error"


def _silence_stderr() -> None:
    """Native readers print panics and allocation failures to fd 2; the outcome is reported
    through the pipe instead, so a hostile file leaves no noise on the user's terminal."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


# The workers still running, in every pool of this process: what `end_workers` ends.
_LIVE: set[Any] = set()
# How long a worker asked to stop (SIGTERM) has to remove its temporary files before it is killed.
STOP_GRACE_S = 1.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Linux: the kernel kills this worker when the parent dies, even by SIGKILL. (The signal
    follows the parent's thread that started the worker: the pool runs in the main thread.)"""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() != parent_pid:  # the parent died before the request was in place
        os._exit(1)


def _parent_gone(parent_pid: int) -> bool:
    if os.getppid() != parent_pid:  # POSIX: an orphan is adopted by init or a subreaper
        return True
    parent = mp.parent_process()  # spawn (Windows): its sentinel is ready once the parent is gone
    return parent is not None and not parent.is_alive()


def _watch_parent(parent_pid: int) -> None:
    """The portable fallback: a worker whose parent has gone stops on its own, within a second."""
    while True:
        time.sleep(0.5)
        if _parent_gone(parent_pid):
            import _thread

            _thread.interrupt_main(signal.SIGTERM)  # unwind, so that temporary files are removed
            time.sleep(STOP_GRACE_S)
            os._exit(1)  # the main thread is stuck in native code


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _detach(inherited: Sequence[int], parent_pid: int) -> None:
    """What a worker does first: it ends with the command, whatever ends the command."""
    for fd in inherited:  # fork: the parent's ends of the siblings' pipes; kept, they hide its death
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # never the caller's stdout: a pipe (`| tee`) ends with the command
        os.close(devnull)
    except OSError:
        pass
    if hasattr(os, "setpgid"):
        try:
            os.setpgid(0, 0)  # its own group: Ctrl-C at the terminal reaches the parent only
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends its workers itself
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "pthread_sigmask"):  # held by the parent while this worker started
        signal.pthread_sigmask(signal.SIG_UNBLOCK, (signal.SIGINT, signal.SIGTERM))
    _die_with_parent(parent_pid)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _worker(
    conn: Connection,
    func: Callable[[Any], Any] | None,
    extra_mb: int,
    quiet: bool,
    inherited: Sequence[int] = (),
    parent_pid: int = 0,
    memory: memory_cap.Strategy = memory_cap.STRATEGY,
    preload: Sequence[str] = (),
) -> None:
    _detach(inherited, parent_pid or os.getppid())
    if quiet:
        _silence_stderr()
    if func is None:  # a warm worker (see warm_up): it imports, then is told what to run
        for name in preload:
            importlib.import_module(name)
        try:
            first = conn.recv()
        except (EOFError, OSError):
            return
        if first is None:
            return
        func, extra_mb, memory = first
    assert func is not None
    memory_cap.limit_self(extra_mb, memory)  # after the watcher's thread: its stack is not charged
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        for index, item in task:  # a small batch: one round trip per batch, a result per item
            try:
                conn.send((index, "ok", func(item)))
            except MemoryError:
                conn.send((index, "crashed", "MemoryError"))
            except (KeyboardInterrupt, SystemExit):
                return
            except BaseException:  # incl. pyo3 PanicException: report it, keep stderr clean
                conn.send((index, "error", traceback.format_exc()))


class _signals_held:
    """Ctrl-C and SIGTERM wait while a worker starts: it inherits the mask and unblocks them only
    once it has its own handlers and group, so no signal meant for the command reaches it first."""

    _held = (signal.SIGINT, signal.SIGTERM)

    def __enter__(self) -> None:
        if hasattr(signal, "pthread_sigmask"):
            self._before = signal.pthread_sigmask(signal.SIG_BLOCK, self._held)

    def __exit__(self, *exc: object) -> None:
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_SETMASK, self._before)


def _signal(proc: Any, sig: int) -> None:
    """`sig` to the worker's own process group (anything it started too), else to the worker."""
    try:
        if hasattr(os, "killpg") and os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, sig)
            return
    except OSError:
        pass
    try:
        os.kill(proc.pid, sig)
    except OSError:
        pass


def _end(processes: Sequence[Any], grace: float) -> None:
    """End workers: asked first (SIGTERM: they remove their temporary files), killed after `grace`."""
    alive = [p for p in processes if p.exitcode is None]
    if grace > 0:
        for proc in alive:
            _signal(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in alive:
            proc.join(timeout=max(0.0, deadline - time.monotonic()))
    for proc in alive:
        if proc.exitcode is None:
            _signal(proc, getattr(signal, "SIGKILL", signal.SIGTERM))
            proc.join()
    for proc in processes:
        _LIVE.discard(proc)


def end_workers() -> None:
    """End every worker this process still has, in whatever pool: the command is stopping."""
    _end(list(_LIVE), grace=STOP_GRACE_S)


@dataclass
class _Slot:
    process: Any
    conn: Connection
    queue: list[int] = field(default_factory=list)  # items sent and not answered yet, in order
    started: float = 0.0  # when the first of them started

    @property
    def task(self) -> int | None:
        return self.queue[0] if self.queue else None


def default_workers(n_items: int) -> int:
    cpus = os.cpu_count() or 1
    return max(1, min(cpus, (n_items + 7) // 8))


@dataclass
class _WarmWorker:
    process: Any
    conn: Connection
    quiet: bool


# Spawned workers started ahead of their first pool (warm_up), waiting to be told what to run.
_WARM: list[_WarmWorker] = []


def warm_up(workers: int, preload: Sequence[str] = (), quiet: bool = True) -> None:
    """Start `workers` spawned workers now, importing the modules in `preload`, so that their
    start-up (a new interpreter, pydantic, the readers: seconds on a loaded machine) overlaps the
    command's own work before its first file (loading the catalogue, listing files). The next
    `run_isolated` takes them over. Under fork nothing is started: a worker forked when the files
    are handed over inherits every import of the parent for nothing."""
    if START_METHOD != "spawn":
        return
    ctx: Any = mp.get_context("spawn")
    for _ in range(workers - len(_WARM)):
        parent, child = ctx.Pipe()
        args = (child, None, 0, quiet, (), os.getpid(), memory_cap.STRATEGY, tuple(preload))
        proc = ctx.Process(target=_worker, args=args, daemon=True)
        with _signals_held():
            proc.start()
            _LIVE.add(proc)
        child.close()
        _WARM.append(_WarmWorker(proc, parent, quiet))


def _take_warm(count: int, quiet: bool) -> list[_WarmWorker]:
    """Up to `count` warm workers still alive and started with the same `quiet`; the others end."""
    taken: list[_WarmWorker] = []
    while _WARM:
        warm = _WARM.pop(0)
        if len(taken) < count and warm.quiet == quiet and warm.process.exitcode is None:
            taken.append(warm)
        else:
            _end([warm.process], grace=0)
            warm.conn.close()
    return taken


def run_isolated(
    func: Callable[[Any], Any],
    items: Sequence[Any],
    workers: int | None = None,
    memory_mb: int = 600,
    timeout: float = 60.0,
    quiet: bool = True,
    memory: memory_cap.Strategy = memory_cap.STRATEGY,
) -> Iterator[Outcome]:
    """Yield an Outcome per item, in completion order. A worker that dies (e.g. an allocation
    failure inside a native reader), goes above the memory cap (`memory`: how the OS lets us cap
    it, see memory_cap) or overruns `timeout` is replaced; its item is reported.
    `quiet` sends the workers' own stderr to /dev/null (turn it off to debug)."""
    if not items:
        return
    ctx: Any = mp.get_context(START_METHOD)  # fork or spawn: both have Process and Pipe
    count = min(workers or default_workers(len(items)), len(items))
    pending = list(range(len(items)))[::-1]
    slots: list[_Slot] = []
    # Batches keep both workers busy without a round trip per file, yet stay small enough that
    # the work is shared evenly at the end and a crash re-queues little.
    batch = max(1, min(16, len(items) // (count * 4)))

    forked = ctx.get_start_method() == "fork"

    def spawn() -> _Slot:
        parent, child = ctx.Pipe()
        # A forked child inherits every descriptor: it closes the parent's ends of its siblings' pipes.
        inherited = (
            [s.conn.fileno() for s in slots if not s.conn.closed] + [parent.fileno()] if forked else []
        )
        args = (child, func, memory_mb, quiet, inherited, os.getpid(), memory)
        proc = ctx.Process(target=_worker, args=args, daemon=True)
        with _signals_held():
            proc.start()
            _LIVE.add(proc)
        child.close()
        return _Slot(proc, parent)

    def feed(slot: _Slot) -> None:
        if pending and not slot.queue:
            slot.queue = [pending.pop() for _ in range(min(batch, len(pending)))]
            slot.started = time.monotonic()
            slot.conn.send([(i, items[i]) for i in slot.queue])

    def replace(slot: _Slot) -> _Slot:
        """A dead or hung worker: its current item is lost, the rest of its batch goes back."""
        _end([slot.process], grace=0)
        slot.conn.close()
        pending.extend(reversed(slot.queue[1:]))
        fresh = spawn()
        slots[slots.index(slot)] = fresh
        return fresh

    watchdog = memory_cap.Watchdog(memory_mb, memory)
    tick = memory_cap.WATCH_INTERVAL_S if watchdog.active else 1.0
    finished = False
    try:
        for warm in _take_warm(count, quiet):
            try:
                warm.conn.send((func, memory_mb, memory))
            except (OSError, ValueError):  # it died while waiting: a fresh one instead
                _end([warm.process], grace=0)
                warm.conn.close()
                continue
            slots.append(_Slot(warm.process, warm.conn))
        while len(slots) < count:
            slots.append(spawn())
        for slot in slots:
            feed(slot)
        while any(s.task is not None for s in slots):
            busy = [s for s in slots if s.task is not None]
            waits: list[Any] = [s.conn for s in busy] + [s.process.sentinel for s in busy]
            ready = wait(waits, timeout=tick)
            now = time.monotonic()
            for slot in list(busy):
                task = slot.task
                assert task is not None
                if slot.conn in ready:
                    try:
                        index, kind, value = slot.conn.recv()
                    except (EOFError, OSError):
                        yield Outcome(task, "crashed", None)
                        feed(replace(slot))
                        continue
                    slot.queue.remove(index)
                    slot.started = now
                    yield Outcome(index, kind, value)
                    feed(slot)
                elif slot.process.sentinel in ready or not slot.process.is_alive():
                    yield Outcome(task, "crashed", slot.process.exitcode)
                    feed(replace(slot))
                elif watchdog.over(slot.process.pid):  # ended as RLIMIT_AS would have failed it
                    yield Outcome(task, "crashed", "MemoryError")
                    feed(replace(slot))
                elif now - slot.started > timeout:
                    yield Outcome(task, "timeout", None)
                    feed(replace(slot))
        finished = True
    finally:
        if finished:  # every item answered: the workers are idle and leave when told
            for slot in slots:
                try:
                    slot.conn.send(None)
                except (OSError, ValueError):
                    pass
            for slot in slots:
                slot.process.join(timeout=2)
        # Interrupted (an exception, or the caller stopped iterating): the workers stop now.
        _end([s.process for s in slots], grace=0 if finished else STOP_GRACE_S)
        for slot in slots:
            slot.conn.close()
