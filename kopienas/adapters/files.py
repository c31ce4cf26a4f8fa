"""Replacing a file the way editors do: one helper for every file the tool writes in place.

`atomic_write` writes the new content to a temporary file beside the real target (a symlink is
followed, so the link stays and its target gets the content), flushes it to disk, gives it the
old file's mode and owner (a new file gets `mode`, default 0666 less the umask), optionally checks
that the target has not changed since it was read, and renames it over the target. A reader never
sees half a file; a failure leaves the old file and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kopienas.core.errors import Signal
from kopienas.core.words import runs as said

TEMP_PREFIX = ".kopienas-"  # temporary files the tool leaves only if it is killed mid-write


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file was when it was read: size, modification time and a hash of its bytes."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str], data: bytes | None = None) -> FileStamp | None:
        """The stamp of `path` now (None if it does not exist); `data`, when given, is its content."""
        try:
            st = os.stat(path)
            if data is None:
                data = Path(path).read_bytes()
        except FileNotFoundError:
            return None
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


class FileChanged(Signal):
    """The target was changed by someone else after it was read; nothing was written."""


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a path names, symlinks followed (the file that must get the new content)."""
    return Path(os.path.realpath(path))


def current_stamp(path: Path) -> FileStamp | None:
    return FileStamp.of(path)


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | Callable[[BinaryIO], None],
    *,
    mode: int | None = None,
    keep_mode: bool = True,
    expect: FileStamp | None = None,
) -> Path:
    """Replace `path` with `data` (bytes, or a function writing into the open file) atomically.

    `mode` is for a new file only: an existing file keeps its own mode and owner, unless
    `keep_mode` is False (files holding secrets are always `mode`, e.g. 0600). With `expect`,
    the target must still be the file that was read just before the rename, or `FileChanged` is
    raised and the target stays as it is. Returns the real path written.
    """
    target = real_target(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp")
    temporary = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode or mode is None:
            _copy_mode_and_owner(target, temporary, mode)
        else:
            os.chmod(temporary, mode)
        if expect is not None and current_stamp(target) != expect:
            raise FileChanged(str(target))
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(13, said.READ_ONLY, str(target))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return target


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left in `folder` by a killed run (writes happen under the run lock)."""
    for stale in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        stale.unlink(missing_ok=True)


def _copy_mode_and_owner(target: Path, temporary: Path, mode: int | None) -> None:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        return
    os.chmod(temporary, st.st_mode & 0o7777)
    own = os.stat(temporary)
    if (own.st_uid, own.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.chown(temporary, st.st_uid, st.st_gid)
        except PermissionError:
            # Not allowed to give the file away: keep at least its group if we are in it.
            with contextlib.suppress(PermissionError):
                os.chown(temporary, -1, st.st_gid)
        os.chmod(temporary, st.st_mode & 0o7777)  # chown clears set-id bits


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
