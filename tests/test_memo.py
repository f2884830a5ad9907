"""Results kept between builds, keyed by their inputs."""

from newsroom.memo import memoised


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
