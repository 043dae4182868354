"""`python -m reader` runs the same entry point as the `openai-reader` script."""

from reader.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
