"""The one door for every file the tool makes or replaces: drafts, the outbox and its index, the
ledger (and the SQLite files beside it), the run locks, the Google token, the workbook, the config.

Every path is split into a *root* and the parts below it. The root is a folder the settings name
(the folder of the configured output folder, ledger, token or workbook): it and the folders above
it are the operator's and may be links (e.g. /var/lib/kopienas on a bigger disk). Every part below
the root — the folders the tool creates and the file it creates or replaces — is opened relative to
its parent's descriptor with O_NOFOLLOW, so a symbolic link planted there is refused with one line
(`LinkRefused`, an OSError naming the path) and nothing outside the root is created or changed.

A replaced file is written to a temporary one made with O_EXCL beside it, given its mode and
renamed over the name (never written through): no half file is seen, a failure leaves the old one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kopienas.core.errors import KopienasError, Signal
from kopienas.core.words import runs as said

TEMP_PREFIX = ".kopienas-"  # temporary files the tool leaves only if it is killed mid-write
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


class LinkRefused(KopienasError, OSError):
    """A symbolic link (or a non-folder where a folder belongs) at a name the tool writes."""

    def __init__(self, path: Path | str):
        KopienasError.__init__(self, f"{path}: {said.LINK_REFUSED}")
        self.errno, self.strerror, self.filename = errno.ELOOP, said.LINK_REFUSED, str(path)

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


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
    """The file a path names, symlinks followed (the workbook the settings name may be a link)."""
    return Path(os.path.realpath(path))


def split(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> tuple[Path, list[str]]:
    """(root, parts below it): `root` when `path` lies under it (as written or as resolved), else
    the folder `path` is in."""
    target = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), real_target(root)) if root is not None else ():
        with contextlib.suppress(ValueError):
            parts = list(target.relative_to(base).parts)
            if parts:
                return base, parts
    return target.parent, [target.name]


@contextlib.contextmanager
def folder(root: Path, parts: list[str], *, mode: int | None = None) -> Iterator[int]:
    """A descriptor of root/parts, each part made if missing (with `mode`) and opened without
    following a link."""
    os.makedirs(root, exist_ok=True)
    fd = os.open(root, _DIR)
    try:
        for i, part in enumerate(parts):
            made = False
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o700 if mode is None else mode, dir_fd=fd)
                made = True
            try:
                inner = os.open(part, _DIR | os.O_NOFOLLOW, dir_fd=fd)
            except OSError as e:
                shown = root.joinpath(*parts[: i + 1])
                if e.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise LinkRefused(shown) from None
                raise OSError(e.errno, e.strerror, str(shown)) from None
            os.close(fd)
            fd = inner
            if made:  # mkdir's mode is cut by the umask; the folder gets exactly what was asked
                os.fchmod(fd, 0o777 & ~_umask() if mode is None else mode)
        yield fd
    finally:
        os.close(fd)


def make_folder(path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None, mode=None) -> Path:
    base, parts = split(path, root)
    with folder(base, parts, mode=mode):
        return base.joinpath(*parts)


def _refuse_link(fd: int, name: str, shown: Path) -> os.stat_result | None:
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise (
            LinkRefused(shown)
            if stat.S_ISLNK(st.st_mode)
            else IsADirectoryError(errno.EISDIR, "not a file", str(shown))
        )
    return st


def write_file(
    path: str | os.PathLike[str],
    data: bytes | Callable[[BinaryIO], None],
    *,
    mode: int | None,
    root: str | os.PathLike[str] | None = None,
    keep_mode: bool = False,
    expect: FileStamp | None = None,
) -> Path:
    """Replace `path` with `data` (bytes, or a function writing into the open file) atomically.

    The file gets `mode` (None: 0666 less the umask); with `keep_mode` an existing file keeps its
    own mode and owner instead. With `expect`, the file must still be the one that was read, or
    `FileChanged` is raised and it stays as it is. Returns the path written."""
    base, parts = split(path, root)
    *dirs, name = parts
    shown = base.joinpath(*parts)
    with folder(base, dirs) as dfd:
        old = _refuse_link(dfd, name, shown)
        temporary = f"{TEMP_PREFIX}{secrets.token_hex(6)}.tmp"
        fd = os.open(temporary, _NEW, 0o600, dir_fd=dfd)
        try:
            with os.fdopen(fd, "wb") as handle:
                if callable(data):
                    data(handle)
                else:
                    handle.write(data)
                handle.flush()
                _settle_mode(handle.fileno(), old if keep_mode else None, mode)
                os.fsync(handle.fileno())
            if expect is not None and current_stamp(shown, (dfd, name)) != expect:
                raise FileChanged(str(shown))
            if _refuse_link(dfd, name, shown) and not os.access(name, os.W_OK, dir_fd=dfd):
                raise PermissionError(errno.EACCES, said.READ_ONLY, str(shown))
            os.replace(temporary, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=dfd)
            raise
        with contextlib.suppress(OSError):
            os.fsync(dfd)
    return shown


def create_file(path: str | os.PathLike[str], data: bytes, *, mode: int, root=None, group: int = -1) -> Path:
    """Write a new file; an existing one (or a link) is left alone: FileExistsError. `group` (a gid)
    is given the file before its mode is set (a config the service's group reads)."""
    base, parts = split(path, root)
    *dirs, name = parts
    with folder(base, dirs) as dfd, os.fdopen(os.open(name, _NEW, 0o600, dir_fd=dfd), "wb") as handle:
        handle.write(data)
        if group != -1:
            os.fchown(handle.fileno(), -1, group)
        os.fchmod(handle.fileno(), mode)
        os.fsync(handle.fileno())
    return base.joinpath(*parts)


def open_file(path: str | os.PathLike[str], *, mode: int, root=None) -> int:
    """A read-write descriptor of `path` (a lock file), made with `mode` if missing."""
    base, parts = split(path, root)
    *dirs, name = parts
    with folder(base, dirs) as dfd:
        try:
            fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd)
            os.fchmod(fd, mode)
            return fd
        except FileExistsError:
            _refuse_link(dfd, name, base.joinpath(*parts))
        return os.open(name, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)


def connect_sqlite(
    path: Path, *, root=None, create: bool = True, mode: int = 0o600, **kwargs: Any
) -> sqlite3.Connection:
    """An SQLite connection to `path`: the file (made empty with `mode` when `create`) and the
    journals beside it must not be links; the file SQLite opened must be the one checked."""
    base, parts = split(path, root)
    *dirs, name = parts
    with folder(base, dirs) as dfd:
        for companion in SQLITE_COMPANIONS:
            _refuse_link(dfd, name + companion, base.joinpath(*dirs, name + companion))
        if _refuse_link(dfd, name, base.joinpath(*parts)) is None and create:
            fd = os.open(name, _NEW, 0o600, dir_fd=dfd)
            os.fchmod(fd, mode)
            os.close(fd)
        before = _refuse_link(dfd, name, base.joinpath(*parts))
        db = sqlite3.connect(base.joinpath(*parts), **kwargs)
        after = _refuse_link(dfd, name, base.joinpath(*parts))
        if before and after and (before.st_dev, before.st_ino) != (after.st_dev, after.st_ino):
            db.close()
            raise LinkRefused(base.joinpath(*parts))
    return db


def move(source: Path, target: Path, *, root=None) -> Path:
    """Rename `source` over `target` (same folder), its content synced first."""
    base, parts = split(target, root)
    *dirs, name = parts
    with folder(base, dirs) as dfd:
        _refuse_link(dfd, source.name, source)
        _refuse_link(dfd, name, base.joinpath(*parts))
        fd = os.open(source.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(source.name, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        with contextlib.suppress(OSError):
            os.fsync(dfd)
    return base.joinpath(*parts)


def remove(path: Path, *, root=None) -> None:
    """Remove the name `path` (a link is removed itself, never followed); missing is fine."""
    base, parts = split(path, root)
    *dirs, name = parts
    with folder(base, dirs) as dfd, contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=dfd)


def remove_stale_temporaries(where: Path) -> None:
    """Temporary files left in `where` by a killed run (writes happen under the run lock)."""
    with contextlib.suppress(FileNotFoundError), folder(*split(where)) as dfd:
        for name in os.listdir(dfd):
            if name.startswith(TEMP_PREFIX) and name.endswith(".tmp"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=dfd)


def current_stamp(path: Path, at: tuple[int, str]) -> FileStamp | None:
    """The stamp of the file `path` names now, read through its folder's descriptor (`at`)."""
    dfd, name = at
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        return FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(handle.read()).hexdigest())


def _settle_mode(fd: int, old: os.stat_result | None, mode: int | None) -> None:
    if old is None:
        os.fchmod(fd, 0o666 & ~_umask() if mode is None else mode)
        return
    os.fchmod(fd, old.st_mode & 0o7777)
    own = os.fstat(fd)
    if (own.st_uid, own.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except PermissionError:
            # Not allowed to give the file away: keep at least its group if we are in it.
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, old.st_gid)
        os.fchmod(fd, old.st_mode & 0o7777)  # chown clears set-id bits


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
