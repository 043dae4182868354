"""Memory per document, and memory at N against the corpus size on disk, each N in a fresh process.

    python -m tests.bench.bench_memory                        # 1k, 10k and 100k documents
    python -m tests.bench.bench_memory --sizes 10000 --tracemalloc

For each N a fresh interpreter imports the reader, loads the shipped corpus (to pull in what is
imported or built lazily), notes its RSS, builds the store with
`Store.load(path, use_cache=False)` (`--cached`: from a cache another process wrote just before)
and keeps it:

  retained   RSS after the load (after a garbage collection) minus RSS before it;
  peak       the process's peak RSS (`VmHWM`) minus RSS before the load;
  mentions   RSS once every name's mentions have been read (the interface does, to mark names);
  parts      a deep `sys.getsizeof` walk (shared objects counted once, in the first part that reaches
             them): the documents (blocks are cut from `Document.text` when read, not held), the
             name index, the filter and the name matcher. With `--tracemalloc`, Python's own count of what the store holds
             (tracemalloc's bookkeeping then inflates the RSS figures).

The anchor is the corpus itself: the sum of its file sizes, and the bytes it takes on disk.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from tests.bench.common import corpus_bytes, load_average, process_memory, run_sizes, run_worker, size_parser
from tests.bench.synthetic import cached_corpus

DEFAULT_SIZES = [1_000, 10_000, 100_000]
TARGET_RATIO = 2.0
_NOT_DATA = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def deep_size(root: object, seen: set[int]) -> int:
    """Bytes of `root` and everything it reaches that is not in `seen` (which this extends)."""
    total = 0
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, _NOT_DATA):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, (str, bytes, int, float, bool)) or item is None:
            continue
        stack.extend(gc.get_referents(item))
    return total


def worker(corpus: Path, cached: bool, trace: bool) -> dict[str, Any]:
    from reader.paths import default_corpus
    from reader.store import Store

    # A first small load pulls in what the reader imports or builds lazily (YAML, the name lexicon),
    # so that what follows is what the corpus itself costs.
    Store.load(default_corpus(), use_cache=False)
    gc.collect()
    after_imports = process_memory()["rss"]
    rebuilt = []
    if cached:  # the cache was written by another process; a rebuild here would not be the cache's figure
        import reader.loading

        real_load_listed = reader.loading.load_listed
        reader.loading.load_listed = lambda *args, **kwargs: rebuilt.append(True) or real_load_listed(*args, **kwargs)
    if trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    store = Store.load(corpus, use_cache=cached)
    seconds = time.perf_counter() - started
    traced = None
    if trace:
        import tracemalloc

        traced, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    gc.collect()
    memory = process_memory()
    seen: set[int] = {id(store.root)}
    documents = store.documents
    parts = {"documents": deep_size(documents, seen) + deep_size(store._by_id, seen)}
    parts["name index"] = deep_size(store.name_index, seen)
    parts["document filter"] = deep_size(store._document_filter, seen)
    parts["name matcher"] = deep_size(store._name_matcher, seen)
    parts["problems"] = deep_size(store.problems, seen)
    # The interface reads every mention once loaded (marks for the reading pane): names that keep
    # their mentions compact until read then hold both.
    mention_count = sum(len(name.mentions) for name in store.names)
    gc.collect()
    return {
        "rss_after_mentions": process_memory()["rss"],
        "mentions": mention_count,
        "documents": len(documents),
        "seconds": seconds,
        "rss_after_imports": after_imports,
        "rss": memory["rss"],
        "peak_rss": memory["peak_rss"],
        "traced": traced,
        "parts": parts,
        "from_cache": cached and not rebuilt,
    }


def bench_size(n: int, cached: bool, trace: bool, seed: int = 0) -> list[dict[str, Any]]:
    corpus = cached_corpus(n, seed)
    size, allocated = corpus_bytes(corpus)
    extra = [*(["--cached"] if cached else []), *(["--tracemalloc"] if trace else [])]
    with tempfile.TemporaryDirectory(prefix="openai-reader-bench-mem-") as cache:
        for _ in range(3):
            if cached:  # written in its own process, so that this one's RSS is only the cached store
                run_worker(corpus, "first", Path(cache))
            result = run_worker(corpus, "measure", Path(cache), module="tests.bench.bench_memory", extra=extra)
            if not cached or result["from_cache"]:
                break
            print("  (the cache was rebuilt: a reader module changed meanwhile; measuring again)")
    count = max(1, result["documents"])
    retained = result["rss"] - result["rss_after_imports"]
    peak = result["peak_rss"] - result["rss_after_imports"]
    parts = result["parts"]
    counted = sum(value for key, value in parts.items() if not key.startswith(" "))
    print(f"\n== {n:,} documents ({'read from the cache' if cached else 'built'} in {result['seconds']:.1f} s): "
          f"files {_mb(size)}, on disk {_mb(allocated)}; load average {load_average()}")
    print(f"  {'':<34}{'total':>10}{'per doc':>10}{'x files':>9}{'x disk':>8}")
    after_mentions = result["rss_after_mentions"] - result["rss_after_imports"]
    lines = [("retained (RSS)", retained), ("peak while loading (RSS)", peak),
             ("retained once every mention is read", after_mentions)]
    if result["traced"] is not None:
        lines.append(("traced by tracemalloc", result["traced"]))
    lines.append(("deep size of the store (parts)", counted))
    for label, value in lines:
        print(f"  {label:<34}{_mb(value):>10}{value / count:>9,.0f}B{value / size:>9.2f}{value / allocated:>8.2f}")
    for label, value in parts.items():
        print(f"    {label:<32}{_mb(value):>10}{value / count:>9,.0f}B{value / max(1, counted):>9.0%} of parts")
    print(f"  {result['mentions']:,} mentions; RSS before the load {_mb(result['rss_after_imports'])}")
    row = {"figure": f"memory retained, {n // 1000}k{', cached' if cached else ''}", "median": retained, "worst": peak, "unit": "MB",
           "anchor": size, "anchor_name": "file bytes", "extra": f"{retained / count / 1e3:.1f} kB/doc; "
           f"{retained / allocated:.2f}x disk (du); {retained / size:.2f}x file bytes; "
           f"every mention read {after_mentions / size:.2f}x files"}
    if n >= 100_000:
        # "Size on disk" as `du` counts it: the blocks the files take, not the sum of their lengths.
        row.update(target=f"<= {TARGET_RATIO:.0f}x corpus on disk (du)", ok=retained <= TARGET_RATIO * allocated)
    return [row]


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = size_parser(__doc__, DEFAULT_SIZES)
    parser.add_argument("--cached", action="store_true", help="measure a store read from the cache")
    parser.add_argument("--tracemalloc", action="store_true", help="also count with tracemalloc (slower)")
    parser.add_argument("--worker", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        print(json.dumps(worker(arguments.corpus, arguments.cached, arguments.tracemalloc)))
        return []
    return run_sizes("Memory per document (fresh process per size; 'x files' is against the sum of file sizes, "
                     "'x disk' against the bytes allocated on disk)", arguments.sizes,
                     lambda n: bench_size(n, arguments.cached, arguments.tracemalloc, arguments.seed))


if __name__ == "__main__":
    main()
