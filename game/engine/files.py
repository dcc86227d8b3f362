"""Reading and writing the game's own files safely: atomic writes that survive a crash, and reads
that take only regular files of a bounded size (never a device, a pipe or a folder).

New files and folders follow the process's umask, with one addition for shared folders (a folder
with the setgid bit that its group may write, as on a lab machine where every student's records
go to one place): what the game creates inside one stays shared with the group whatever the
umask, so the next student can write there and the teacher can read everything.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a write that was interrupted


class FileRefused(Exception):
    """A file that cannot be read as asked; the message says why in plain words."""


def _write_temporary(folder: Path, name: str, text: str, mode: int | None) -> str:
    """Write ``text`` to a new temporary file in ``folder`` (created if need be, shared when its
    parent is), flushed to disk, with the permissions a new file there gets; return its path."""
    make_folder(folder)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else new_file_mode(folder))
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Write a file so that an interrupted write never leaves a half-written file behind.

    The text goes to a temporary file in the same folder, is flushed to disk, and replaces the
    target in one rename; the folder is synced so the rename itself survives a power cut.
    ``mode`` sets the file's permissions (by default the process's umask decides, as for any
    new file).
    """
    temp = _write_temporary(path.parent, path.name, text, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_new(base: Path, text: str, suffix: str = ".json") -> Path:
    """Write a new file named ``base`` + suffix (or ``base-2``, ``base-3``… when that name is
    taken), atomically, never replacing a file, even when another process writes the same name
    at the same moment. Return the path written."""
    folder = base.parent
    temp = _write_temporary(folder, base.name, text, None)
    try:
        number = 1
        while True:
            path = base.with_name(base.name + (f"-{number}" if number > 1 else "") + suffix)
            try:
                os.link(temp, path)  # fails when the name is taken, unlike a rename
            except FileExistsError:
                number += 1
                continue
            break
    finally:
        Path(temp).unlink(missing_ok=True)
    sync_folder(folder)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_shared(folder: Path) -> bool:
    """Whether a folder is shared with its group: setgid, and the group may write in it."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID and mode & stat.S_IWGRP)


def new_file_mode(folder: Path) -> int:
    """The permissions of a new file in ``folder``: as the umask says, and readable by the group
    when the folder is shared."""
    mode = 0o666 & ~_umask()
    return mode | stat.S_IRGRP if is_shared(folder) else mode


def make_folder(folder: Path) -> None:
    """Create a folder and its missing parents. A folder created inside a shared folder is shared
    too (setgid, and the group may read, write and enter it), whatever the umask."""
    missing = []
    current = folder
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        if is_shared(created.parent):
            with contextlib.suppress(OSError):  # another user created it a moment before us
                mode = stat.S_IMODE(created.stat().st_mode)
                os.chmod(created, mode | stat.S_ISGID | stat.S_IRWXG)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete temporary files that interrupted writes left in ``folder``; return how many."""
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for temp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if temp.is_file() and temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
    return removed


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; FileRefused says why not.

    Devices (/dev/zero), pipes and folders are refused before they are opened, so reading can
    neither hang nor fill the memory.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused(f"there is no file {path}") from None
    except OSError as error:
        raise FileRefused(f"cannot read {path}: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"{path} is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"{path} is not a regular file, so it cannot be a {what}")
    if info.st_size > limit:
        raise FileRefused(f"{path.name} is too large to be a {what}")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise FileRefused(f"cannot read {path}: {error.strerror}") from None
    if len(data) > limit:
        raise FileRefused(f"{path.name} is too large to be a {what}")
    return data
