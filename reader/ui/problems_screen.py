"""The problems view (`!`): every file that was rejected or loaded with a warning, and why."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model import Problem
from reader.plural import counted
from reader.ui.document_list import RowList, RowStyles, fit, literal

__all__ = ["ProblemsScreen", "ProblemList"]


class ProblemList(RowList):
    """One row per problem: severity, path, message."""

    def __init__(self, problems: Sequence[Problem], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems = list(problems)
        # Once, not per row drawn: going through 100,000 problems took 9 ms a row.
        self._path_width = max((len(problem.path) for problem in self.problems), default=0)
        if not self.problems:
            self.message = "No problems: every file was loaded."

    @property
    def row_count(self) -> int:
        return len(self.problems)

    def render_row(self, index: int, width: int, styles: RowStyles) -> list[Segment]:
        problem = self.problems[index]
        severity = fit("rejected " if problem.severity == "error" else "warning  ", min(9, width))[0]
        rest = width - len(severity)
        path_width = min(rest, self._path_width, max(8, width // 2))
        return [
            Segment(severity, styles.match),
            Segment(fit(literal(problem.path), path_width)[0], styles.plain),
            Segment(fit("  " + literal(problem.message), rest - path_width)[0], styles.dim),
        ]


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
            yield Static(f"Problems: {counted(rejected, 'file')} rejected, {counted(warned, 'warning')}  (Esc closes)",
                         id="problems-title")
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
