"""A memory cap on each worker that parses an untrusted file, by whatever means the OS allows.

- Linux: RLIMIT_AS, set by the worker on itself (an allocation past it fails: MemoryError).
- Windows: a Job Object with a per-process memory limit, also set by the worker on itself.
- Elsewhere (macOS, whose RLIMIT_AS does not hold; or an interpreter without `resource`): the
  parent reads each busy worker's resident memory (psutil) a few times a second and ends a worker
  above the cap. Between two readings a worker can overshoot by what it allocates in that time.
- Without any of these (no psutil): no cap; the time limit per file still holds.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from typing import Any, Literal

Strategy = Literal["rlimit", "job", "watchdog", "none"]

# What a spawned worker holds before the file's own share: measured on Linux with Python 3.11,
# resident 50-53 MiB after reading each of the 2024 samples; doubled for the other readers (.xls,
# .ods, openpyxl for annotated copies). The job limit and the watchdog's cap count the whole
# process (RLIMIT_AS starts from what the worker maps already): this plus the allowance per file.
WORKER_BASE_MB = 100
# How often the watchdog reads the busy workers' resident memory.
WATCH_INTERVAL_S = 0.2


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def choose_strategy(
    platform: str = sys.platform, has_resource: bool | None = None, has_psutil: bool | None = None
) -> Strategy:
    if platform == "win32":
        return "job"
    has_resource = _importable("resource") if has_resource is None else has_resource
    if platform.startswith("linux") and has_resource:
        return "rlimit"
    if has_psutil is None:
        try:
            import psutil  # type: ignore[import-untyped]  # noqa: F401

            has_psutil = True
        except ImportError:  # psutil on Linux imports `resource`: not there, no watchdog
            has_psutil = False
    return "watchdog" if has_psutil else "none"


STRATEGY: Strategy = choose_strategy()


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_address_space(extra_mb: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - chosen only where it exists
        return
    # Address space = what the interpreter already maps + the allowance for one file.
    limit = _vm_size() + extra_mb * 1024 * 1024
    if limit > extra_mb * 1024 * 1024:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# Windows' job object structures (winnt.h), built with ctypes; only `_limit_job` calls Windows.
class IO_COUNTERS(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    ]


class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):
    _fields_ = [
        ("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION),
        ("IoInfo", IO_COUNTERS),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9


def cap_bytes(extra_mb: int) -> int:
    return (WORKER_BASE_MB + extra_mb) * 1024 * 1024


def job_limits(extra_mb: int) -> JOBOBJECT_EXTENDED_LIMIT_INFORMATION:
    """The limits a worker's job carries: committed memory of the process at most the cap."""
    info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = cap_bytes(extra_mb)
    return info


_JOB: list[Any] = []  # the job's handle, held for the worker's life


def _limit_job(extra_mb: int) -> None:  # pragma: no cover - runs on Windows only
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    kernel32.GetCurrentProcess.restype = ctypes.c_void_p
    handle, dword = ctypes.c_void_p, ctypes.c_uint32
    kernel32.SetInformationJobObject.argtypes = [handle, ctypes.c_int, ctypes.c_void_p, dword]
    kernel32.AssignProcessToJobObject.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return
    info = job_limits(extra_mb)
    ok = kernel32.SetInformationJobObject(
        job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, ctypes.byref(info), ctypes.sizeof(info)
    )
    if ok and kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        _JOB.append(job)


def limit_self(extra_mb: int, strategy: Strategy = STRATEGY) -> None:
    """In the worker, before its first file: the cap the worker can set on itself, if any."""
    if strategy == "rlimit":
        _limit_address_space(extra_mb)
    elif strategy == "job":
        _limit_job(extra_mb)


class Watchdog:
    """In the parent: which workers are above the cap (the strategy 'watchdog'; a no-op otherwise)."""

    def __init__(self, extra_mb: int, strategy: Strategy = STRATEGY) -> None:
        self.active = strategy == "watchdog"
        self.cap = cap_bytes(extra_mb)
        self._procs: dict[int, Any] = {}

    def over(self, pid: int) -> bool:
        if not self.active:
            return False
        import psutil

        try:
            proc = self._procs.get(pid)
            if proc is None:
                proc = self._procs[pid] = psutil.Process(pid)
            return int(proc.memory_info().rss) > self.cap
        except (psutil.Error, OSError):  # gone already, or not ours to read: the sentinel tells
            self._procs.pop(pid, None)
            return False
