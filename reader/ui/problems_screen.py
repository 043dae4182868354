"""The problems view (`!`): every file that was rejected or loaded with a warning, and why."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
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
        return Text.assemble(
            severity, Text(literal(problem.path)), Text("  " + literal(problem.message), style=dim), style=base
        )


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

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()

    def action_dismiss(self) -> None:
        self.dismiss(None)
