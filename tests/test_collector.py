"""The collector pause: always restored, also across threads and errors."""

from __future__ import annotations

import gc
import threading

import pytest

from goaltext import Analyzer
from goaltext.collector import collector_paused


def test_the_collector_is_off_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_restores_the_collector() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_threads_leave_the_collector_on() -> None:
    inside = threading.Barrier(2)

    def pause() -> None:
        with collector_paused():
            inside.wait(timeout=10)

    threads = [threading.Thread(target=pause) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert gc.isenabled()


def test_the_callers_code_runs_with_the_collector_on(rules_analyzer: Analyzer) -> None:
    texts = [f"Borgeren går {n} ture om ugen inden for 3 måneder." for n in range(10)]
    seen = [gc.isenabled() for _ in rules_analyzer.pipe(texts, batch_size=4)]
    assert seen == [True] * 10
