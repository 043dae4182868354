"""Memory a load freed goes back to the system once the names have come."""

from __future__ import annotations

import platform
import sys

import pytest

from reader.memory import return_freed_memory

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim"
)


def resident() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_freed_pages_in_among_kept_objects_go_back() -> None:
    # As a stale store read and partly let go: texts freed, one in a hundred kept, in between.
    texts = [bytes(4096) + number.to_bytes(4, "little") for number in range(50_000)]
    kept = texts[::100]
    del texts
    before = resident()
    return_freed_memory()
    assert before - resident() > 100_000_000, "most of the 200 MB freed was given back"
    assert len(kept) == 500
