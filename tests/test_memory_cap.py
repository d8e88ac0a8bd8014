"""The memory cap per worker: the strategy each OS allows, the Windows job limits (built here,
applied only on Windows), and the watchdog that ends a worker above the cap."""

from __future__ import annotations

import ctypes
import time

import psutil
import pytest

from bgindex.intake import memory_cap, pool
from bgindex.intake.memory_cap import choose_strategy, job_limits


@pytest.mark.parametrize(
    ("platform", "has_resource", "has_psutil", "expected"),
    [
        ("linux", True, True, "rlimit"),
        ("win32", False, True, "job"),
        ("win32", False, False, "job"),  # the job needs only ctypes
        ("darwin", True, True, "watchdog"),  # macOS has `resource`, but RLIMIT_AS does not hold there
        ("linux", False, True, "watchdog"),  # an interpreter without `resource`
        ("linux", False, False, "none"),  # the imitation of Windows: psutil needs `resource` on Linux
        ("darwin", True, False, "none"),
    ],
)
def test_each_os_gets_the_cap_it_allows(platform, has_resource, has_psutil, expected):
    assert choose_strategy(platform, has_resource, has_psutil) == expected


def test_this_linux_caps_the_address_space():
    assert memory_cap.STRATEGY == "rlimit"


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the layout of 64-bit Windows")
def test_the_job_limits_have_windows_layout_and_the_cap():
    info = job_limits(600)
    assert ctypes.sizeof(info) == 144  # sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION), x64
    assert type(info).ProcessMemoryLimit.offset == 112
    assert info.BasicLimitInformation.LimitFlags == memory_cap.JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert info.ProcessMemoryLimit == (memory_cap.WORKER_BASE_MB + 600) * 1024 * 1024


def _allocate(mb: int) -> int:
    """Hold `mb` MiB, every page touched, long enough for the watchdog to look."""
    block = b"x" * (mb * 1024 * 1024)
    time.sleep(3)
    return len(block) // (1024 * 1024)


def test_the_watchdog_ends_a_worker_above_the_cap_and_the_others_go_on():
    # A forked worker starts as large as this process: the cap is that plus 150 MiB.
    here = psutil.Process().memory_info().rss // (1024 * 1024)
    extra = here + 150 - memory_cap.WORKER_BASE_MB
    outcomes = {
        o.index: (o.kind, o.value)
        for o in pool.run_isolated(_allocate, [1, 600, 2], workers=1, memory_mb=extra, memory="watchdog")
    }
    assert outcomes == {0: ("ok", 1), 1: ("crashed", "MemoryError"), 2: ("ok", 2)}


def test_the_watchdog_reads_nothing_when_not_chosen_and_a_gone_worker_is_not_over():
    import subprocess
    import sys

    assert not memory_cap.Watchdog(10, "rlimit").over(psutil.Process().pid)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert not memory_cap.Watchdog(10, "watchdog").over(gone.pid)
