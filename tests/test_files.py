"""Writing files whole, never through a link (``gutang_analysis._files``)."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys

import pytest

from gutang_analysis import _files
from gutang_analysis._files import write_atomic
from gutang_analysis.errors import OutputError


class _FullDisk(io.RawIOBase):
    """A file whose every write fails as on a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_under_a_zip_writer_is_named_without_a_traceback(tmp_path, monkeypatch):
    from openpyxl import Workbook

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        os.close(fd)
        return _FullDisk()

    monkeypatch.setattr(_files.os, "fdopen", fdopen)
    target = tmp_path / "台账.xlsx"
    wb = Workbook()
    wb.active["A1"] = "好"
    message = ""
    try:
        write_atomic(target, wb.save, what="督查台账")
    except OutputError as exc:
        message = str(exc)
    monkeypatch.setattr(_files.os, "fdopen", real_fdopen)
    del wb
    gc.collect()  # the writer's objects are gone: nothing may complain when collected
    assert "磁盘空间不足" in message and str(target) in message
    assert unraisable == []  # no "Exception ignored in ZipFile.__del__"
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file


def test_an_interrupted_writer_leaves_nothing_behind(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")

    def writer(fh) -> None:
        fh.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, writer)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]
