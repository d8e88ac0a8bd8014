"""Replace a set of outputs as one: the folder holds the whole old set or the whole new set, never a mix."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bgindex.outputs.atomic import replace

STAGING = ".bgindex-staging-"
BACKUP = ".bgindex-backup-"
LOCK = ".bgindex.lock"
MANIFEST = "bo-ket-qua.json"  # in the backup folder: written once the old set is safe there
STALE_LOCK_SECONDS = 3600
_WINDOWS = os.name == "nt"


class ResultSetError(Exception):
    """The outputs were not replaced; the message (Vietnamese) says why and what to do."""


def _fsync_dir(folder: Path) -> None:
    """Make renames in `folder` durable; POSIX only (Windows cannot open a folder for fsync)."""
    if _WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _replace(src: Path, dst: Path) -> None:
    replace(src, dst)


def _pid_alive(pid: int) -> bool | None:
    """True/False when the machine can tell, None when it cannot (Windows without psutil)."""
    if pid <= 0:
        return False
    if _WINDOWS:
        try:
            import psutil  # type: ignore[import-untyped]
        except ImportError:
            return None
        return bool(psutil.pid_exists(pid))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _stale(lock: Path) -> bool:
    try:
        pid = int(lock.read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        pid = 0
    alive = _pid_alive(pid)
    if alive is None:
        try:
            return time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS
        except FileNotFoundError:
            return True
    return not alive


@contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """One run at a time writes into `out`: a lock file holding the owner's pid; a lock left by a
    run that no longer exists is taken over."""
    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK
    for attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if attempt == 0 and _stale(lock):
                lock.unlink(missing_ok=True)
                continue
            raise ResultSetError(
                f"thư mục '{out}' đang được một lần tổng hợp khác ghi kết quả; hãy chờ lần đó xong "
                f"rồi chạy lại (nếu chắc chắn không còn lần nào chạy, hãy xóa tệp '{lock}')"
            ) from None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _office_lock_names(name: str) -> list[str]:
    """The lock files Excel/Word (`~$name`, the first two letters dropped for long names) and
    LibreOffice (`.~lock.name#`) put beside a file they have open."""
    names = [f"~${name}", f".~lock.{name}#"]
    stem = Path(name).stem
    if len(stem) > 6:
        names.append(f"~${name[2:]}")
    return names


def _held_open(target: Path) -> bool:
    if any((target.parent / lock).exists() for lock in _office_lock_names(target.name)):
        return True
    if _WINDOWS and target.exists():
        try:
            with open(target, "r+b"):
                pass
        except PermissionError:
            return not _read_only(target)  # a read-only file refuses too; that is reported apart
    return False


def _read_only(target: Path) -> bool:
    try:
        return not target.stat().st_mode & stat.S_IWUSR
    except FileNotFoundError:
        return False


def check_targets(out: Path, names: list[str], force: bool) -> None:
    """Refuse before anything changes: an output open in another program, or marked read-only."""
    for name in names:
        target = out / name
        if _held_open(target):
            raise ResultSetError(
                f"tệp '{target}' đang được mở trong chương trình khác (Excel, Word…); hãy đóng tệp "
                "rồi chạy lại (chưa tệp kết quả nào bị thay)"
            )
        if not force and _read_only(target):
            raise ResultSetError(
                f"tệp '{target}' chỉ cho phép đọc (có thể đã được đánh dấu là bản chính thức); "
                "không ghi đè. Muốn thay, hãy chạy lại với tùy chọn --force"
            )


def _restore(out: Path, backup: Path, manifest: dict[str, list[str]]) -> None:
    """Put the old set back: the old files from the backup, the files that were new removed."""
    for name in manifest["old"]:
        if (backup / name).exists() and not _same_file(backup / name, out / name):
            _replace(backup / name, out / name)
    for name in manifest["new"]:
        (out / name).unlink(missing_ok=True)
    _fsync_dir(out)


def _same_file(a: Path, b: Path) -> bool:
    """The old file is still in place (the backup is a hard link to it): nothing to put back, and a
    file another program holds open need not be moved at all."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def recover(out: Path) -> list[str]:
    """Finish what an interrupted run left: a swap cut short is undone (the old set restored), a
    finished one cleaned up; staging folders are removed. Returns what was restored."""
    restored: list[str] = []
    if not out.is_dir():
        return restored
    for backup in sorted(out.glob(f"{BACKUP}*")):
        staging = out / f"{STAGING}{backup.name[len(BACKUP) :]}"
        try:
            manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None  # the swap never started: the old set is still in place
        if manifest is not None:
            pending = [n for n in manifest["old"] + manifest["new"] if (staging / n).exists()]
            if pending:  # cut short between the moves
                _restore(out, backup, manifest)
                restored += manifest["old"]
        shutil.rmtree(backup)
    for staging in out.glob(f"{STAGING}*"):
        shutil.rmtree(staging)
    for tmp in out.glob(".*.tmp"):  # a single-file write killed half-way (atomic.py)
        if tmp.is_file():
            tmp.unlink()
    return restored


def _keep_mode(old: Path, new: Path) -> None:
    try:
        mode = stat.S_IMODE(old.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(new, mode)


def _backup_old(out: Path, backup: Path, names: list[str]) -> dict[str, list[str]]:
    backup.mkdir()
    manifest: dict[str, list[str]] = {"old": [], "new": []}
    for name in names:
        target = out / name
        if not target.exists():
            manifest["new"].append(name)
            continue
        try:
            os.link(target, backup / name)  # instant, and the old file stays in place meanwhile
        except OSError:
            shutil.copy2(target, backup / name)
        manifest["old"].append(name)
    _write_file(backup / MANIFEST, json.dumps(manifest).encode("utf-8"))
    _fsync_dir(backup)
    return manifest


def replace_set(out: Path, files: dict[str, bytes], force: bool = False) -> list[Path]:
    """Write `files` (name → content) into `out` as one set. Every file is written and synced in a
    staging folder; the old set is kept in a backup folder; then the new files are moved in one by
    one and the backup removed. A failure on the way puts the old set back and raises."""
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):
        recover(out)
        names = list(files)
        check_targets(out, names, force)
        staging = out / f"{STAGING}{os.getpid()}"
        backup = out / f"{BACKUP}{os.getpid()}"
        try:
            staging.mkdir()
            for name, data in files.items():
                try:
                    _write_file(staging / name, data)
                except OSError as exc:
                    raise OSError(exc.errno, exc.strerror, str(out / name)) from exc
                _keep_mode(out / name, staging / name)
            _fsync_dir(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(out, staging, backup, names)
    return [out / name for name in names]


def _swap(out: Path, staging: Path, backup: Path, names: list[str]) -> None:
    manifest: dict[str, list[str]] | None = None
    try:
        manifest = _backup_old(out, backup, names)
        for name in names:
            target = out / name
            if _WINDOWS and target.exists() and _read_only(target):
                os.chmod(target, stat.S_IWRITE | stat.S_IREAD)  # Windows will not replace it otherwise
            _replace(staging / name, target)
        _fsync_dir(out)
    except BaseException as exc:
        if manifest is None:
            shutil.rmtree(backup, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            _restore(out, backup, manifest)
        except OSError:
            raise ResultSetError(
                f"ghi kết quả vào '{out}' bị gián đoạn và chưa khôi phục được bộ kết quả cũ; bộ cũ "
                f"còn nguyên trong thư mục '{backup}', lần chạy sau sẽ tự khôi phục"
            ) from exc
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.rmdir()
    shutil.rmtree(backup)
