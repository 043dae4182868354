"""The anchor for start-up: the smallest Textual app that shows one line, started the way the reader is."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare Textual app: first screen"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    BareApp().run()
