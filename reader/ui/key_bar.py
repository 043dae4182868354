"""The key bar: the keys that act where the focus is, in one line, drawn by one widget.

Textual's `Footer` mounts a widget per key and rebuilds them all (mount, restyle, screen layout)
whenever the bindings change: several times at start-up, and again each time the focus moves to the
filter and back. The reader is keyboard-only, so a line of text repainted on the same signal says
the same thing for a fraction of the work.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style as VisualStyle
from textual.screen import ActiveBinding, Screen
from textual.widget import Widget

__all__ = ["KeyBar"]


class KeyBar(Widget):
    """The shown bindings of the focused widget and its ancestors, then the command palette key on the right."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    KeyBar > .key-bar--notice {
        color: $text-warning;
        background: $warning-muted;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled", "key-bar--notice"}

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple = ()
        """What the line last showed: bindings are re-published far more often than they change."""
        self._notice: tuple[str, str, str] | None = None
        """A standing notice on the right, as (key, what it says, the same said short)."""

    def show_notice(self, notice: tuple[str, str, str] | None) -> None:
        """Keep saying `(key, notice, short)` on the right (`short` when the line is narrow), or
        nothing for None: unlike a toast, it covers no text and is still there when looked for."""
        if notice != self._notice:
            self._notice = notice
            self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Repaint only for a visible change: a frame drawn for nothing delays the next one (Textual
        # draws at most one per 1/60 s), e.g. the list's first rows at start-up.
        if self._key(self._entries()) != self._shown:
            self.refresh()

    @staticmethod
    def _key(entries: list[ActiveBinding]) -> tuple:
        return tuple((active.binding.key, active.binding.description, active.enabled) for active in entries)

    def _entries(self) -> list[ActiveBinding]:
        """One entry per action (its first shown binding, as Textual's footer does), the palette key last."""
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        bindings = self.screen.active_bindings
        by_action: dict[str, ActiveBinding] = {}
        for active in bindings.values():
            if active.binding.show and active.binding.key != palette_key:
                by_action.setdefault(active.binding.action, active)
        entries = list(by_action.values())
        if palette_key and palette_key in bindings:
            entries.append(bindings[palette_key])
        return entries

    def render(self) -> Content:
        active_entries = self._entries()
        self._shown = self._key(active_entries)  # what the line shows: the first frame's keys are already right
        left, palette = self._keys(active_entries)
        right = self._right(self.size.width - left.cell_length - 1, palette)
        if not right:
            return left
        return Content.assemble(left, " " * max(1, self.size.width - left.cell_length - right.cell_length), right)

    def shows_notice(self) -> bool:
        """Whether the notice fits beside the keys at the line's width (it does from about 60 columns)."""
        left, palette = self._keys(self._entries())
        return self._notice is not None and self._right(self.size.width - left.cell_length - 1, palette) is not palette

    def _keys(self, active_entries: list[ActiveBinding]) -> tuple[Content, Content]:
        """The keys on the left, and the palette key for the right."""
        key_style = self.get_visual_style("key-bar--key")
        description_style = self.get_visual_style("key-bar--description")
        disabled_style = self.get_visual_style("key-bar--disabled")
        entries = [self._entry(active, key_style, description_style, disabled_style) for active in active_entries]
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        palette = Content("")
        if active_entries and active_entries[-1].binding.key == palette_key:  # on the right, as the footer shows it
            palette = Content.assemble("▏", entries.pop())
        return Content("").join(entries), palette

    def _right(self, room: int, palette: Content) -> Content:
        """What fits right of the keys: the notice before the palette key, the notice said short,
        then the notice without the palette key (the notice matters more), then the palette key."""
        if self._notice is None:
            return palette
        notice_key, notice, short = self._notice
        key = self.get_visual_style("key-bar--key")
        notice_style = self.get_visual_style("key-bar--notice")
        for said, then in ((notice, palette), (short, palette), (short, Content(""))):
            right = Content.assemble((f" {notice_key} ", key), (f"{said} ", notice_style), " " if then else "", then)
            if right.cell_length <= room:
                return right
        return palette

    def _entry(self, active: ActiveBinding, key: VisualStyle, description: VisualStyle, disabled: VisualStyle) -> Content:
        binding = active.binding
        entry = Content.assemble(
            (f" {self.app.get_key_display(binding)} ", key),
            (f"{binding.description} ", description),
        )
        return entry if active.enabled else entry.stylize(disabled)
