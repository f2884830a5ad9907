"""The swap and the lock, on plain folders."""

from __future__ import annotations

import subprocess
import sys
import time

from conftest import ROOT
from newsroom import swap


def site(folder, text):
    folder.mkdir()
    (folder / "index.html").write_text(text)
    return folder


def test_the_new_site_takes_the_place_of_the_old_one_keeping_retained_entries(tmp_path):
    output = site(tmp_path / "output", "cũ")
    (output / ".git").mkdir()
    staging = site(tmp_path / ".output.dang-dung-1", "mới")
    swap.swap_in(staging, output, [".git"])
    assert (output / "index.html").read_text() == "mới"
    assert (output / ".git").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_two_rename_swap_gives_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    output = site(tmp_path / "output", "cũ")
    swap.swap_in(site(tmp_path / ".output.dang-dung-1", "mới"), output, [])
    assert (output / "index.html").read_text() == "mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_recovery_puts_a_retired_copy_back_and_removes_the_rest(tmp_path):
    output = tmp_path / "output"
    site(tmp_path / ".output.ban-cu-1-1", "trang tốt")
    site(tmp_path / ".output.dang-dung-abc", "dựng dở")
    swap.recover(output, [])
    assert (output / "index.html").read_text() == "trang tốt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_recovery_never_puts_a_staging_folder_in_place(tmp_path):
    output = tmp_path / "output"
    site(tmp_path / ".output.dang-dung-abc", "dựng dở")
    swap.recover(output, [])
    assert list(tmp_path.iterdir()) == []


def test_recovery_hands_back_retained_entries_left_in_a_staging_folder(tmp_path):
    output = site(tmp_path / "output", "cũ")
    staging = site(tmp_path / ".output.dang-dung-abc", "dựng dở")
    (staging / ".git").mkdir()
    swap.recover(output, [".git"])
    assert (output / ".git").is_dir()
    assert (output / "index.html").read_text() == "cũ"


def test_a_second_holder_of_the_lock_waits_for_the_first(tmp_path):
    output = tmp_path / "output"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; sys.path.insert(0, 'plugins'); from pathlib import Path; "
                "from newsroom.swap import build_lock\n"
                f"with build_lock(Path({str(output)!r})):\n    print('held', flush=True); time.sleep(1.5)"
            ),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    with swap.build_lock(output):
        waited = time.monotonic() - start
    holder.wait()
    assert waited > 0.5
    assert not swap.lock_file(output).exists(), "the last holder removes the lock file"


def test_a_lock_left_by_a_killed_build_does_not_block(tmp_path):
    output = tmp_path / "output"
    swap.lock_file(output).write_text("")  # as kill -9 leaves it
    with swap.build_lock(output):
        pass
    assert not swap.lock_file(output).exists()
