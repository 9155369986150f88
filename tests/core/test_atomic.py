"""Atomic writing: all or nothing, with ordinary file permissions."""

from __future__ import annotations

import os
import stat

import pytest

from app.core.atomic import atomic_write


def test_failed_write_keeps_the_old_file_and_leaves_no_debris(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"good")

    def fail_half_way() -> None:
        with atomic_write(target) as stream:
            stream.write(b"half")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_written_file_has_the_usual_permissions(tmp_path):
    target = tmp_path / "out.xlsx"
    with atomic_write(target) as stream:
        stream.write(b"data")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
