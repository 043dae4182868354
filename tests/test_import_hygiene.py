"""The data layer (store, loader, name index, filter) must work without Textual installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BLOCK_TEXTUAL = """
import sys
class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, BlockTextual())
from reader.store import Store
from reader.paths import default_corpus
store = Store.load(default_corpus())
assert store.documents and store.names
assert not [m for m in sys.modules if m == "textual" or m.startswith("textual.")]
print("ok", len(store.documents))
"""


def test_store_loads_and_indexes_without_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_TEXTUAL], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok 5")
