"""The problems view (`!`): every file that was rejected or loaded with a warning, and why."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model import Problem
from reader.ui.document_list import RowList, literal

__all__ = ["ProblemsScreen", "ProblemList"]


class ProblemList(RowList):
    """One row per problem: severity, path, message."""

    def __init__(self, problems: Sequence[Problem], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems = list(problems)
        if not self.problems:
            self.message = "No problems: every file was loaded."

    @property
    def row_count(self) -> int:
        return len(self.problems)

    def render_row(self, index: int, width: int, base: Style) -> Text:
        problem = self.problems[index]
        dim = self.get_component_rich_style("row-list--dim", partial=True)
        accent = self.get_component_rich_style("row-list--match", partial=True)
        severity = Text("rejected " if problem.severity == "error" else "warning  ", style=accent)
        path = Text(literal(problem.path), no_wrap=True)
        path.truncate(min(self._path_width, max(8, width // 2)), overflow="ellipsis", pad=True)
        return Text.assemble(severity, path, Text("  " + literal(problem.message), style=dim), style=base)

    @property
    def _path_width(self) -> int:
        return max((len(problem.path) for problem in self.problems), default=0)


class ProblemsScreen(ModalScreen[None]):
    """`Esc` or `!` closes it."""

    BINDINGS = [
        Binding("escape,exclamation_mark", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        rejected = sum(problem.severity == "error" for problem in self.problems)
        warned = len(self.problems) - rejected
        with Vertical(id="problems"):
            yield Static(f"Problems: {rejected} files rejected, {warned} warnings  (Esc closes)", id="problems-title")
            yield ProblemList(self.problems, id="problems-list")
            yield Static(id="problem-detail")

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()
        self._show_detail(0)

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail(event.index)

    def _show_detail(self, index: int) -> None:
        """The whole of the highlighted problem, which a row may cut short."""
        if 0 <= index < len(self.problems):
            problem = self.problems[index]
            detail = Content.assemble((literal(problem.path), "bold"), "\n", literal(problem.message))
            self.query_one("#problem-detail", Static).update(detail)

    def action_dismiss(self) -> None:
        self.dismiss(None)
