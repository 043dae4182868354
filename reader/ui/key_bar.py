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

    def __init__(self, notice_slots: tuple[str, ...] = ("notice",)) -> None:
        """`notice_slots`: the notices that may stand on the right, the one kept longest first."""
        super().__init__()
        self._shown: tuple = ()
        """What the line last showed: bindings are re-published far more often than they change."""
        self._slots = notice_slots
        self._notices: dict[str, tuple[str, str, str]] = {}
        """The standing notices on the right by slot, each as (key, what it says, the same said short)."""

    def show_notice(self, slot: str, notice: tuple[str, str, str] | None) -> None:
        """Keep saying `(key, notice, short)` on the right (`short` when the line is narrow), or
        nothing for None: unlike a toast, it covers no text and is still there when looked for."""
        if slot not in self._slots:
            raise ValueError(f"no notice slot {slot!r}")
        if notice != self._notices.get(slot):
            if notice is None:
                del self._notices[slot]
            else:
                self._notices[slot] = notice
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
        right, _ = self._right(self.size.width - left.cell_length - 1, palette)
        if not right:
            return left
        return Content.assemble(left, " " * max(1, self.size.width - left.cell_length - right.cell_length), right)

    def shows_notice(self, slot: str) -> bool:
        """Whether that slot's notice fits beside the keys at the line's width (one does from about 60 columns)."""
        left, palette = self._keys(self._entries())
        return slot in self._right(self.size.width - left.cell_length - 1, palette)[1]

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

    def _right(self, room: int, palette: Content) -> tuple[Content, tuple[str, ...]]:
        """What fits right of the keys, and the slots of the notices in it: every notice before the
        palette key, every notice said short, then without the palette key (the notices matter
        more), then one notice alone, the one kept longest first, then the palette key."""
        slots = tuple(slot for slot in self._slots if slot in self._notices)
        if not slots:
            return palette, ()
        key = self.get_visual_style("key-bar--key")
        notice_style = self.get_visual_style("key-bar--notice")
        nothing = Content("")
        tries = [(slots, 1, palette), (slots, 2, palette), (slots, 2, nothing), *(((slot,), 2, nothing) for slot in slots)]
        for shown, form, then in tries:
            parts = [part for slot in shown
                     for part in ((f" {self._notices[slot][0]} ", key), (f"{self._notices[slot][form]} ", notice_style), " ")]
            right = Content.assemble(*parts[:-1], " " if then else "", then)
            if right.cell_length <= room:
                return right, shown
        return palette, ()

    def _entry(self, active: ActiveBinding, key: VisualStyle, description: VisualStyle, disabled: VisualStyle) -> Content:
        binding = active.binding
        entry = Content.assemble(
            (f" {self.app.get_key_display(binding)} ", key),
            (f"{binding.description} ", description),
        )
        return entry if active.enabled else entry.stylize(disabled)
