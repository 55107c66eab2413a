"""Writing files safely (triage/files.py): atomic replacement that keeps the mode,
cleans up on failure, Ctrl-C and SIGTERM, and says what failed and where."""

from __future__ import annotations

import errno
import io
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from triage.files import Terminated, WriteFailed, atomic_output, same_file_as_stdin


def partials(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def test_a_complete_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old")
    target.chmod(0o600)
    with atomic_output(target) as handle:
        handle.write("new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert partials(tmp_path) == []


def test_a_new_file_gets_the_default_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "new.jsonl") as handle:
            handle.write("x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.jsonl").stat().st_mode & 0o777 == 0o644


def _fail(number: int) -> Any:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(number, os.strerror(number))

    return fail


# Where a write can fail: the write itself, the flush to disk, the rename.
FAULTS = [
    pytest.param("fsync", errno.EFBIG, "File too large", id="file-too-large-on-flush"),
    pytest.param("replace", errno.EROFS, "Read-only file system", id="read-only-on-rename"),
]


@pytest.mark.parametrize(("where", "number", "reason"), FAULTS)
def test_a_failed_write_names_the_file_and_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, number: int, reason: str
) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old")
    monkeypatch.setattr(os, where, _fail(number))
    with pytest.raises(WriteFailed) as failure, atomic_output(target) as handle:
        handle.write("new")
    assert str(failure.value) == f"cannot write {target}: {reason}"
    assert target.read_text() == "old"
    assert partials(tmp_path) == []


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_write_error_through_the_handle_is_a_write_failure(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old")
    with pytest.raises(WriteFailed, match="No space left on device"), atomic_output(target) as out:
        real, out.handle = out.handle, FullDisk()
        try:
            out.write("x")
        finally:
            out.handle = real
    assert target.read_text() == "old"
    assert partials(tmp_path) == []


def test_a_device_is_written_directly_and_its_errors_name_it() -> None:
    full = "cannot write /dev/full: No space left on device"
    with pytest.raises(WriteFailed, match=full), atomic_output("/dev/full") as handle:
        handle.write("x" * 100_000)


@pytest.mark.parametrize(
    ("interrupt", "raised"),
    [
        pytest.param(lambda: os.kill(os.getpid(), signal.SIGTERM), Terminated, id="sigterm"),
        pytest.param(lambda: os.kill(os.getpid(), signal.SIGINT), KeyboardInterrupt, id="sigint"),
    ],
)
def test_a_signal_mid_write_removes_the_temporary_file(
    tmp_path: Path, interrupt: Any, raised: type[BaseException]
) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old")
    with pytest.raises(raised), atomic_output(target) as handle:
        handle.write("half")
        interrupt()
    assert target.read_text() == "old"
    assert partials(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_stdin_is_recognised_as_the_same_file(tmp_path: Path) -> None:
    source, other = tmp_path / "in.csv", tmp_path / "other.csv"
    source.write_text("a\n")
    other.write_text("a\n")
    saved = os.dup(0)
    try:
        with open(source, "rb") as handle:
            os.dup2(handle.fileno(), 0)
        assert same_file_as_stdin(source)
        assert not same_file_as_stdin(other)
        assert not same_file_as_stdin(tmp_path / "missing.csv")
    finally:
        os.dup2(saved, 0)
        os.close(saved)
