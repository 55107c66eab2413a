"""Writing files safely: the one atomic-write helper (batch output, report, interview
``--save``), and SIGTERM turned into an exception so that it cleans up like Ctrl-C.

A file is written to a hidden temporary file beside it (``.NAME.*.partial``) and renamed
over ``NAME`` only when complete; on any failure, Ctrl-C or SIGTERM the temporary file
is removed and an existing ``NAME`` is left untouched. The new file keeps the mode of
the file it replaces (results are health data: a private file stays private).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from triage.safetext import neutralise

EXIT_SIGTERM = 128 + signal.SIGTERM  # as a shell reports a process ended by SIGTERM
EXIT_SIGINT = 128 + signal.SIGINT  # 130: Ctrl-C


class Terminated(BaseException):
    """SIGTERM was received (raised in the main thread, like ``KeyboardInterrupt``)."""


class WriteFailed(Exception):
    """Writing ``where`` failed (disk full, file too large, read-only, closed pipe).

    The message says what failed and where; nothing at ``where`` was replaced."""

    def __init__(self, where: str, error: OSError) -> None:
        self.where = where
        self.error = error
        reason = error.strerror or str(error) or type(error).__name__
        if error.errno == errno.EPIPE:
            reason = "the reader closed the pipe"
        super().__init__(f"cannot write {neutralise(where)}: {reason}")


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` in the main thread
    (so ``finally`` blocks and cleanups run), unless a handler is already set."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def is_regular_or_absent(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or the default for a new file (umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class NamedWriter:
    """A text stream whose write errors become :class:`WriteFailed` naming ``where``."""

    def __init__(self, handle: IO[str], where: str) -> None:
        self.handle = handle
        self.where = where

    def write(self, text: str) -> int:
        try:
            return self.handle.write(text)
        except OSError as error:
            raise WriteFailed(self.where, error) from None

    def flush(self) -> None:
        try:
            self.handle.flush()
        except OSError as error:
            raise WriteFailed(self.where, error) from None


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[NamedWriter]:
    """A UTF-8 text file that appears at ``path`` only when the block completes.

    Written to a temporary file beside ``path`` and renamed; the result keeps the mode
    of the file it replaces. On any failure, Ctrl-C or SIGTERM the temporary file is
    removed and ``path`` is untouched. An ``OSError`` while creating, writing or
    renaming becomes :class:`WriteFailed` naming ``path``. Devices and pipes
    (``/dev/null``) are written directly, since they cannot be replaced.
    """
    target, where = Path(path), str(path)
    with sigterm_raises():
        if not is_regular_or_absent(target):
            try:
                direct = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as error:
                raise WriteFailed(where, error) from None
            try:
                yield NamedWriter(direct, where)
            except BaseException:
                with contextlib.suppress(OSError):
                    direct.close()
                raise
            try:
                direct.close()
            except OSError as error:
                raise WriteFailed(where, error) from None
            return
        try:
            handle_fd, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".partial", dir=target.parent
            )
        except OSError as error:
            raise WriteFailed(where, error) from None
        try:
            handle = os.fdopen(handle_fd, "w", encoding="utf-8", newline="")
            try:
                yield NamedWriter(handle, where)
            except BaseException:
                with contextlib.suppress(OSError):
                    handle.close()
                raise
            try:
                with handle:
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(temporary, _mode_for(target))
                os.replace(temporary, target)
            except OSError as error:
                raise WriteFailed(where, error) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def same_file_as_stdin(path: str | Path) -> bool:
    """Whether ``path`` is the file that stdin reads (``batch - -o in.csv < in.csv``)."""
    try:
        stdin_stat = os.fstat(0)
        path_stat = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(stdin_stat.st_mode):
        return False
    return (stdin_stat.st_dev, stdin_stat.st_ino) == (path_stat.st_dev, path_stat.st_ino)
