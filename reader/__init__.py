"""openai-reader: a terminal reader for a news corpus about OpenAI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("openai-reader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
