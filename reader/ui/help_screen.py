"""The `?` help: generated from the bindings themselves, so it can never drift from the keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "help_rows"]

Section = tuple[str, Sequence[BindingType]]


def help_rows(bindings: Iterable[BindingType]) -> list[tuple[list[Binding], str]]:
    """Bindings grouped by what they do: `[(bindings, description), ...]` in declaration order."""
    grouped: dict[tuple[str, str], list[Binding]] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.description:
            grouped.setdefault((binding.action, binding.description), []).append(binding)
    return [(keys, description) for (_, description), keys in grouped.items()]


class HelpView(VerticalScroll, can_focus=True):
    """Scrolls with the reading pane's keys, without animation (a burst of keys must all count)."""

    BINDINGS = [
        Binding("j,down", "step(1)", "Scroll down", show=False),
        Binding("k,up", "step(-1)", "Scroll up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "step(-1000000)", "Top", show=False),
        Binding("G,end", "step(1000000)", "Bottom", show=False),
    ]

    def action_step(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, force=True, immediate=True)

    def action_page(self, pages: int) -> None:
        self.action_step(pages * max(1, self.scrollable_content_region.height - 1))


class HelpScreen(ModalScreen[None]):
    """Every key, by where it works. `Esc` or `?` closes it."""

    BINDINGS = [
        Binding("escape,question_mark", "dismiss", "Close help"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with HelpView(id="help"):
            yield Static(self._content(), id="help-text")

    def on_mount(self) -> None:
        self.query_one(HelpView).focus()

    def _content(self) -> Content:
        key_width = 18 if self.app.size.width >= 60 else 10  # narrow terminals: descriptions stay on the line
        lines: list[Content] = [Content.styled("Keys", "bold $accent"), Content("")]
        for title, bindings in self.sections:
            lines.append(Content.styled(title, "bold"))
            for keys, description in help_rows(bindings):
                shown = ", ".join(dict.fromkeys(self.app.get_key_display(binding) for binding in keys))
                lines.append(Content.assemble("  ", (shown.ljust(key_width), "$accent"), " ", description))
            lines.append(Content(""))
        lines.append(Content.styled("Esc or ? closes this help.", "dim"))
        return Content("\n").join(lines)

    def action_dismiss(self) -> None:
        self.dismiss(None)
