"""The cycle collector paused while a thread makes many long-lived objects (`reader.gc_pause`)."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from reader.gc_pause import collector_paused


def test_collections_come_back_only_once_every_thread_s_pause_has_ended() -> None:
    """A reload reads the cache while the disk watch walks the folders: the walk ending first must
    not let collections walk the half-read store (0.1-0.3 s at 100,000 documents)."""
    assert gc.isenabled()
    began, inside, ended = threading.Event(), threading.Event(), threading.Event()
    during_the_other: list[bool] = []

    def shorter_pause() -> None:
        with collector_paused():
            began.set()
            inside.wait(5)
        ended.set()

    helper = threading.Thread(target=shorter_pause)
    helper.start()
    began.wait(5)
    with collector_paused():
        inside.set()
        ended.wait(5)
        during_the_other.append(gc.isenabled())
    helper.join(5)
    assert ended.is_set()
    assert during_the_other == [False]
    assert gc.isenabled()


def test_a_pause_keeps_the_collector_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused(keep=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_child_forked_during_a_pause_can_pause_and_collect_on_its_own() -> None:
    """The pause under way is the parent's thread's, which the child does not have."""
    with collector_paused():
        child = os.fork()
        if child == 0:
            try:
                gc.enable()
                with collector_paused():
                    paused = not gc.isenabled()
                os._exit(0 if paused and gc.isenabled() else 1)
            finally:
                os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()
