"""Run a function over untrusted inputs in worker processes that a crash cannot take down with us."""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

Kind = Literal["ok", "error", "crashed", "timeout"]


@dataclass
class Outcome:
    index: int
    kind: Kind
    value: Any = None  # the result for "ok", a traceback text for "error"


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(extra_mb: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux
        return
    # Address space = what the forked interpreter already maps + the allowance for one file.
    limit = _vm_size() + extra_mb * 1024 * 1024
    if limit > extra_mb * 1024 * 1024:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _silence_stderr() -> None:
    """Native readers print panics and allocation failures to fd 2; the outcome is reported
    through the pipe instead, so a hostile file leaves no noise on the user's terminal."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _worker(conn: Connection, func: Callable[[Any], Any], extra_mb: int, quiet: bool) -> None:
    if quiet:
        _silence_stderr()
    _limit_memory(extra_mb)
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


def run_isolated(
    func: Callable[[Any], Any],
    items: Sequence[Any],
    workers: int | None = None,
    memory_mb: int = 600,
    timeout: float = 60.0,
    quiet: bool = True,
) -> Iterator[Outcome]:
    """Yield an Outcome per item, in completion order. A worker that dies (e.g. an allocation
    failure inside a native reader) or overruns `timeout` is replaced; its item is reported.
    `quiet` sends the workers' own stderr to /dev/null (turn it off to debug)."""
    if not items:
        return
    ctx = mp.get_context("fork")
    count = min(workers or default_workers(len(items)), len(items))
    pending = list(range(len(items)))[::-1]
    slots: list[_Slot] = []
    # Batches keep both workers busy without a round trip per file, yet stay small enough that
    # the work is shared evenly at the end and a crash re-queues little.
    batch = max(1, min(16, len(items) // (count * 4)))

    def spawn() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, func, memory_mb, quiet), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def feed(slot: _Slot) -> None:
        if pending and not slot.queue:
            slot.queue = [pending.pop() for _ in range(min(batch, len(pending)))]
            slot.started = time.monotonic()
            slot.conn.send([(i, items[i]) for i in slot.queue])

    def replace(slot: _Slot) -> _Slot:
        """A dead or hung worker: its current item is lost, the rest of its batch goes back."""
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join()
        slot.conn.close()
        pending.extend(reversed(slot.queue[1:]))
        fresh = spawn()
        slots[slots.index(slot)] = fresh
        return fresh

    try:
        for _ in range(count):
            slots.append(spawn())
        for slot in slots:
            feed(slot)
        while any(s.task is not None for s in slots):
            busy = [s for s in slots if s.task is not None]
            waits: list[Any] = [s.conn for s in busy] + [s.process.sentinel for s in busy]
            ready = wait(waits, timeout=1.0)
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
                elif now - slot.started > timeout:
                    yield Outcome(task, "timeout", None)
                    feed(replace(slot))
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
        for slot in slots:
            slot.process.join(timeout=2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join()
            slot.conn.close()
