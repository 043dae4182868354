"""openai-reader: a terminal reader for a news corpus about OpenAI."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use only: reading the installed metadata costs tens of milliseconds,
    # which every start of the interface would otherwise pay before its first screen.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("openai-reader")
        except PackageNotFoundError:  # a source tree that was never installed
            found = "0.0.0+source"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'reader' has no attribute {name!r}")
