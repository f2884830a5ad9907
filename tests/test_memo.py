"""Results kept between builds, keyed by their inputs."""

import pickle

from newsroom.memo import memoised, memoised_each


def test_same_inputs_are_read_back_and_other_inputs_recomputed(tmp_path):
    calls = []

    def compute(value):
        calls.append(value)
        return {"result": value * 2}

    assert memoised(tmp_path, ("a", 1), lambda: compute(1)) == ({"result": 2}, False)
    assert memoised(tmp_path, ("a", 1), lambda: compute(1)) == ({"result": 2}, True)
    assert memoised(tmp_path, ("a", 2), lambda: compute(2)) == ({"result": 4}, False)
    assert calls == [1, 2]
    assert len(list(tmp_path.glob("*.pickle"))) == 1, "only the latest result is kept"


def test_a_damaged_cache_file_is_recomputed(tmp_path):
    memoised(tmp_path, "x", lambda: 1)
    next(tmp_path.glob("*.pickle")).write_bytes(b"not a pickle")
    assert memoised(tmp_path, "x", lambda: 2) == (2, False)


def test_a_pickle_of_another_shape_is_recomputed_with_a_warning(tmp_path, caplog):

    memoised(tmp_path, "x", lambda: {"a": 1})
    next(tmp_path.glob("*.pickle")).write_bytes(pickle.dumps(["rác"]))
    assert memoised(tmp_path, "x", lambda: {"a": 2}) == ({"a": 2}, False)
    assert "không đúng dạng" in caplog.text


def test_a_truncated_pickle_is_recomputed_with_a_warning(tmp_path, caplog):
    memoised(tmp_path, "x", lambda: list(range(1000)))
    stored = next(tmp_path.glob("*.pickle"))
    stored.write_bytes(stored.read_bytes()[:50])
    assert memoised(tmp_path, "x", lambda: [1]) == ([1], False)
    assert "hỏng" in caplog.text
    assert memoised(tmp_path, "x", lambda: [2]) == ([1], True), "the recomputed result is kept"


def test_the_caller_can_reject_a_result_of_the_wrong_shape(tmp_path):
    memoised(tmp_path, "x", lambda: ["a list"])
    is_dict = lambda result: isinstance(result, dict)  # noqa: E731
    assert memoised(tmp_path, "x", lambda: {"a": 1}, valid=is_dict) == ({"a": 1}, False)
    assert memoised(tmp_path, "x", lambda: {"a": 2}, valid=is_dict) == ({"a": 1}, True)


def test_a_file_where_the_cache_folder_should_be_is_replaced(tmp_path, caplog):
    folder = tmp_path / "related"
    folder.write_text("rác")
    assert memoised(folder, "x", lambda: 1) == (1, False)
    assert folder.is_dir()
    assert memoised(folder, "x", lambda: 2) == (1, True)
    assert "là một tệp" in caplog.text


def test_a_folder_where_the_cache_file_should_be_is_replaced(tmp_path):
    memoised(tmp_path, "x", lambda: 1)
    stored = next(tmp_path.glob("*.pickle"))
    stored.unlink()
    stored.mkdir()
    assert memoised(tmp_path, "x", lambda: 2) == (2, False)
    assert memoised(tmp_path, "x", lambda: 3) == (2, True)


def test_a_cache_that_cannot_be_written_is_skipped_with_a_warning(tmp_path, caplog, monkeypatch):
    import errno
    import os

    from newsroom import memo

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(memo.tempfile, "mkstemp", full_disk)
    assert memoised(tmp_path, "x", lambda: 1) == (1, False)
    assert "Không ghi được bộ nhớ đệm" in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_each_text_is_computed_once_until_it_or_the_code_changes(tmp_path, caplog):
    calls = []

    def shout(text):
        calls.append(text)
        return text.upper()

    texts = {1: "đường", 2: "cầu", 3: "cầu"}
    assert memoised_each(tmp_path, texts, shout, b"v1") == {1: "ĐƯỜNG", 2: "CẦU", 3: "CẦU"}
    assert memoised_each(tmp_path, {7: "cầu", 8: "trường"}, shout, b"v1") == {7: "CẦU", 8: "TRƯỜNG"}
    assert calls == ["đường", "cầu", "trường"]  # "cầu" by its text, whichever article has it
    stored = pickle.loads((tmp_path / "each.pickle").read_bytes())[2]
    assert sorted(stored.values()) == ["CẦU", "TRƯỜNG"], "only this build's texts are kept"
    memoised_each(tmp_path, {1: "cầu"}, shout, b"v2")  # another version of the code
    assert calls[-1] == "cầu"
    # A result of the wrong shape, or a damaged file, is computed again.
    assert memoised_each(tmp_path, {1: "cầu"}, lambda t: 5, b"v2", valid=lambda r: isinstance(r, int)) == {
        1: 5
    }
    (tmp_path / "each.pickle").write_bytes("rác".encode())
    assert memoised_each(tmp_path, {1: "cầu"}, shout, b"v2") == {1: "CẦU"}
    assert "hỏng" in caplog.text
