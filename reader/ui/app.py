"""The reader app: composition, keys and screens. The widgets draw; the store answers; this wires.

The first screen appears at once: the store (and its heavier imports) loads in a worker thread
while the list says what is loading. Filtering and name matching also run in workers, and a
result is applied only if its query is still the one in the input.
"""

from __future__ import annotations

import operator
import sys
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.content import Content
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.memory import freed_memory_returner
from reader.paths import styles_dir
from reader.state import Anchor, ReadingState
from reader.ui.collector import IDLE_SECONDS, collect_if_due, first_frame_shown, resettle as resettle_collector
from reader.ui.collector import settle as settle_collector
from reader.ui.document_list import DocumentList, RowList
from reader.ui.filter_bar import FilterBar
from reader.ui.key_bar import KeyBar
from reader.ui.reading_pane import ReadingPane

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.changes import CorpusChanges
    from reader.disk_watch import CorpusWatch
    from reader.model import Document, Hit, Name, NameMatch
    from reader.store import Store
    from reader.ui.name_jumper import NameJumper, NameWalk

__all__ = ["ReaderApp"]

NARROW_BELOW = 80
"""Below this many columns the list and the reading pane take turns."""
JUMPS_KEPT = 50
NAMES_COUNTED_AHEAD = 100
"""The names first in the jumper (the most mentioned), whose documents are counted once loaded."""
NAMES_COUNTED_AFTER = 0.3
"""Seconds after the names arrive: their own frame is drawn first."""
PREVIEW_DELAY = 0.06
"""With two panes, the document under the list cursor is shown once the cursor rests this long."""
RELOAD_SAID_FOR = 5.0
"""Seconds the list's title says what a reload found."""
FREE_REPLACED_AFTER = 1.0
"""Seconds input rests after a reload before the store it replaced is let go (and collected, if
anything still holds it)."""
RELEASE_STEP_EVERY = 0.002
"""Seconds between two steps of taking that store apart (each a few milliseconds)."""
LOOK_AT_DISK_EVERY = 3.0
"""Seconds between two looks at whether the corpus changed on disk (a stat per folder, most often:
`reader.disk_watch`)."""
TYPING_PREVIEW_DELAY = 0.25
"""The same for the top hit of a typed query: once typing pauses. A typist's keys come 80-250 ms
apart; a preview drawn between two of them redraws the whole reading pane (over SSH too) for a hit
the next letter replaces, and the next letter's list then waits for the frame after it."""


@dataclass
class DiskLooked(Message):
    watch: CorpusWatch
    changes: CorpusChanges | None
    """What changed on disk since the store was read; None if not looked at, or not readable."""


@dataclass
class StoreLoaded(Message):
    store: Store
    names_ready: bool = True
    """False for the documents alone, sent while the names are still being indexed."""
    changes: CorpusChanges | None = None
    """For a reload, with the names: what changed since the store it replaces."""


@dataclass
class LoadFailed(Message):
    error: OSError


class _MainScreen(Screen):
    AUTO_FOCUS = "#list"
    """The list holds the keys from the first frame on: focusing it later restyles and redraws both
    it and the filter bar in a frame after the first, while the store loads."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual repaints the whole screen when focus moves, though each widget whose look depends on
    focus is restyled and repainted on its own: over SSH, Esc sent the unchanged reading pane again."""


# Dialogs and palette providers are imported when first used: the first screen must not wait for them.


def _document_commands() -> type[Provider]:
    from reader.ui.commands import DocumentCommands

    return DocumentCommands


def _name_commands() -> type[Provider]:
    from reader.ui.commands import NameCommands

    return NameCommands


class ReaderApp(App[None]):
    """List, reading pane, filter and name jumper over one corpus."""

    TITLE = "openai-reader"
    CSS_PATH = str(styles_dir() / "reader.tcss")
    COMMANDS = App.COMMANDS | {_document_commands, _name_commands}

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        # Keys that move the focus are priority bindings: they act as the key is read, so the keys
        # typed right after them (a fast typist, one SSH packet) already go to the new place.
        Binding("slash", "focus_filter", "Filter", priority=True),
        Binding("at", "name_jumper", "Names", priority=True),
        Binding("n", "next_mention", "Next mention", show=False),
        Binding("N", "previous_mention", "Previous mention", show=False),
        Binding("right_square_bracket", "step_document(1)", "Next document", show=False),
        Binding("left_square_bracket", "step_document(-1)", "Previous document", show=False),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True),
        Binding("shift+tab", "switch_pane", "Switch pane", show=False, priority=True),
        Binding("ctrl+o", "jump_back", "Back to before the last jump", show=False),
        Binding("exclamation_mark", "problems", "Problems", show=False),
        Binding("R", "reload", "Reload the corpus", show=False),
        Binding("space", "page_reader(1)", "Page the reading pane down", show=False),
        Binding("b", "page_reader(-1)", "Page the reading pane up", show=False),
        Binding("escape", "back", "Back"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    narrow: var[bool] = var(False)
    """Too narrow for two panes: they take turns (the stylesheet hides one)."""
    reading: var[bool] = var(False)
    """In narrow mode, the reading pane is the one shown."""

    def __init__(
        self,
        corpus_path: Path | None = None,
        *,
        store: Store | None = None,
        open_document: str | None = None,
        name_query: str | None = None,
        state_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.animation_level = "none"  # nothing to animate over SSH; every frame costs bandwidth
        if corpus_path is None and store is None:
            raise ValueError("give a corpus path or a store")
        self.corpus_path = Path(corpus_path) if corpus_path is not None else store.root  # type: ignore[union-attr]
        self.store: Store | None = None
        self.names_ready = False
        """Whether `store` has its names yet: a big corpus is listed before they are indexed."""
        self._injected_store = store
        self._requested_document = open_document
        self._name_query = name_query
        self.state, self._state_warning = ReadingState.load(state_path)
        self._save_lock = threading.RLock()
        self.current: Document | None = None
        self.walk: NameWalk | None = None
        self._preview_timer: Timer | None = None
        self._idle_collection: Timer | None = None
        self._name_jumper: NameJumper | None = None
        """Kept from one `@` to the next while the names stay the same: a new one is composed and
        laid out again as it opens, which took most of opening it."""
        self._name_jumper_for: tuple[Store | None, bool] | None = None
        self._typed_rows = False
        """The list's rows are a query's result not previewed yet: the cursor is on its top hit."""
        self._jumps: list[tuple[Document, Anchor | None]] = []
        self._progress: tuple[int, int] | None = None
        self._names_progress: int | None = None
        """How far the names being indexed are, in percent, once the build says."""
        self._shown_query = ""
        self._reloading: Store | None = None
        """While `R` reloads the corpus: the store it replaces, to tell what changed."""
        self._reload_lost: str | None = None
        """The title of the article that was being read, if the reload found it gone."""
        self._reload_said: str | None = None
        """What the last reload found, in the list's title for a few seconds."""
        self._reload_said_timer: Timer | None = None
        self._cache_warned = False
        self._rejected_toasted = False
        self._replaced: Store | None = None
        """After a reload: the store it replaced, let go once keys rest."""
        self._free_replaced_timer: Timer | None = None
        self._releasing: list[Iterator[None]] = []
        """The steps that take stores no longer shown apart, while they go on."""
        self._disk_watch: CorpusWatch | None = None
        """What changed on disk since the store shown was read: said in the key bar, for `R`."""
        self._disk_looking = False
        self._disk_said = False
        """Whether the key bar says the corpus changed on disk (a toast says it too as it comes,
        where the key bar has no room for it)."""
        self._disk_timer: Timer | None = None
        # Held rather than queried: messages from workers may still arrive while the app closes.
        self.filter_bar = FilterBar(id="filter")
        self.document_list = DocumentList(id="list")
        self.reading_pane = ReadingPane(id="reader")
        self.key_bar = KeyBar(notice_slots=("disk", "rejected"))

    def get_default_screen(self) -> Screen:
        return _MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield self.filter_bar
        with Horizontal(id="panes"):
            yield self.document_list
            yield self.reading_pane
        yield self.key_bar

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._collect_when_input_pauses()
            if self._replaced is not None:
                self._free_replaced_when_input_rests()
        await super().on_event(event)

    def _collect_when_input_pauses(self) -> None:
        """The collections the next keys would trigger, run once input pauses and the screen is
        drawn: between keystrokes, not in their frames (`reader.ui.collector`)."""
        if self._idle_collection is not None:
            self._idle_collection.stop()
        self._idle_collection = self.set_timer(IDLE_SECONDS, lambda: self.call_after_refresh(collect_if_due))

    # -- loading ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        documents = self.document_list
        documents.show_state(None)
        documents.show_message(f"Loading {self.corpus_path}…")
        self.reading_pane.border_title = "Reading"
        self.reading_pane.show_message("The documents appear as soon as they are loaded.")
        if self._state_warning:
            self.notify(self._state_warning, title="Reading state", severity="warning", timeout=10)
        if self._injected_store is not None:
            self._loaded(self._injected_store)
        else:
            self._progress_timer = self.set_interval(0.25, self._show_progress)

    def on_ready(self) -> None:
        first_frame_shown()
        # The first frame is on the terminal: loading may take the CPU now. (Waiting for the screen
        # to settle, as `call_after_refresh` does, waits for more frames of resizes.)
        if self._injected_store is None:
            self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        from reader.store import LoadCancelled, Store  # imported here: not to delay the first screen

        def progress(done: int, total: int) -> None:
            self._progress = (done, total)  # read by a timer: no cross-thread call per file

        def names_progress(percent: int) -> None:
            self._names_progress = percent

        worker = get_current_worker()
        replacing = self._reloading  # read here, not passed in: as in `_count_first_names`
        # Results travel as messages: thread-safe, and simply dropped if the app has closed meanwhile.
        try:
            # Quitting cancels the worker; the build in a child process then stops at once, where
            # waiting for it would keep the reader open for seconds after `q`.
            store = Store.load(self.corpus_path, progress=progress, names_progress=names_progress,
                               cancelled=lambda: worker.is_cancelled,
                               documents_first=lambda documents: self.post_message(StoreLoaded(documents, False)))
        except LoadCancelled:
            return
        except OSError as error:
            self.post_message(LoadFailed(error))
            return
        # The store lives as long as the app: out of the collector's sight from now on, so that no
        # collection rescans 100,000 documents mid-keystroke, nor the first rows' frame.
        changes = None
        if replacing is not None:
            from reader.changes import CorpusChanges

            # Here, not on the interface's thread: a third of a second at 100k documents.
            changes = CorpusChanges.between(replacing.documents, store.documents)
            del replacing
        else:
            # Not at a reload: a big store is frozen as it loads (the cache's or a child's), and
            # freezing all else now would freeze whatever still holds the one it replaces.
            settle_collector()
        self.post_message(StoreLoaded(store, changes=changes))

    def _show_progress(self) -> None:
        if self.store is not None:
            self._title_the_list()  # listed: the names' progress (or a reload's files), in the list's title
        elif self._progress:
            done, total = self._progress
            stage = f"{done:,}/{total:,} files read" if done < total else f"{total:,} files read; indexing names…"
            self.document_list.show_message(f"Loading {self.corpus_path}…\n{stage}")

    def _stop_showing_progress(self) -> None:
        if timer := getattr(self, "_progress_timer", None):
            timer.stop()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        error = message.error
        self._stop_showing_progress()
        if self._reloading is not None:  # what was loaded before stays, to read on
            self._reloading = None
            self._title_the_list()
            self.notify(f"Cannot reload {self.corpus_path}: {error.strerror or error}", markup=False,
                        title="Reload", severity="error", timeout=10)
            return
        self.document_list.show_message(f"Cannot read {self.corpus_path}:\n{error.strerror or error}")
        self.reading_pane.show_message("Nothing to read. Press q to quit.")

    @on(StoreLoaded)
    def _store_loaded(self, message: StoreLoaded) -> None:
        store = message.store
        if self.store is not None and not self.names_ready and _same_documents(self.store, store):
            self._names_arrived(store)
        elif self._reloading is not None:
            self._reloaded(store, names_ready=message.names_ready)
        else:
            self._loaded(store, names_ready=message.names_ready)
        if message.names_ready and self._reloading is not None:
            self._reload_done(message.changes)

    def _names_arrived(self, store: Store) -> None:
        """The names of the documents already listed: search, show and walk them from now on."""
        self._stop_showing_progress()
        listed_first, self.store = self.store, store
        self._new_names(store)
        self.names_ready = True
        self._title_the_list()
        self._watch_disk(store)
        if self.walk is not None:
            self._walk_again(store)
        self._filter_with(store)
        self.filter_bar.search_again()  # a name in the query may match more now
        if self.current is not None:
            pane = self.reading_pane
            names = [(name.name, count) for name, count in store.names_in(self.current.id)]
            pane.show_document(self.current, names, store.name_spans_in(self.current.id), pane.anchor)
        if self._name_query:
            self._jump_to_requested_name()
        # Its documents are this store's; what it had of its own (its filter, the earlier names)
        # is taken apart in steps, where dropping it here took a pause at 100k documents.
        self._release_in_steps(listed_first)

    @property
    def _names_usable(self) -> bool:
        """Names to jump to: the store's own, or an earlier start's while its own are indexed."""
        return self.names_ready or (self.store is not None and self.store.names_outdated)

    def _walk_again(self, store: Store) -> None:
        """Go on walking the same name in `store`'s names, from the mention shown."""
        assert self.walk is not None
        here = self.walk.mention
        name = store.name_index.get(self.walk.name.name)
        mentions = store.walk(name) if name is not None else []
        if not mentions:
            self.walk = None
            self._update_status()
            return
        from reader.ui.name_jumper import NameWalk

        # Where the mention shown stands in `store`'s order: a reload may have moved its document.
        order = store.order_of(here.document_id)
        here_key = (order, here.field_index, here.start) if order is not None else self._position_key()
        self.walk = NameWalk.starting_at(name, mentions, here_key)
        self._update_status()

    def _loaded(self, store: Store, *, names_ready: bool = True) -> None:
        if names_ready:
            self._stop_showing_progress()
        self.store = store
        self.names_ready = names_ready
        self._new_names(store, counted=names_ready)
        self._title_the_list()
        self._filter_with(store)
        self.filter_bar.search_again()  # a query typed while loading: nothing could search it then
        self.document_list.set_documents(store.documents)
        if not store.documents:
            self._say_empty(store)
        self._announce_rejected(store)
        self._warn_of_cache(store)
        self._open_initial()
        if names_ready:
            self._watch_disk(store)

    def _filter_with(self, store: Store) -> None:
        self.filter_bar.use(store.filter, rows=lambda: self.document_list.visible_rows)

    def _say_empty(self, store: Store) -> None:
        """A corpus without an article: the list and the reading pane say so, and where to look why."""
        self.document_list.show_message(f"No articles (*.txt, *.md) in {self.corpus_path}.")
        self.reading_pane.show_message("Nothing to read." + (" Press ! to see why." if store.problems else ""))

    def _warn_of_cache(self, store: Store) -> None:
        if store.cache_warning and not self._cache_warned:
            self._cache_warned = True  # once, not at each reload
            # Plain text: the message holds a path and an OS error, never markup.
            self.notify(f"{store.cache_warning}; the next start reads every file again.", markup=False,
                        title="Corpus cache", severity="warning", timeout=10)

    # -- reloading ------------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the corpus again (what changed since its cache, for a big one) and go on reading
        where the reader is: the same document and place, query, walk and jumps."""
        if self.store is None or not self.names_ready or self._reloading is not None:
            self.notify("Still reloading…" if self._reloading is not None else "Still loading…", timeout=2)
            return
        self._reloading = self.store
        self._disk_said = False  # what changed on disk is being read: said again, if still so, once it is
        self.key_bar.show_notice("disk", None)
        self._progress = self._names_progress = None
        self._title_the_list()
        self._progress_timer = self.set_interval(0.25, self._show_progress)
        self._load()

    def _reloaded(self, store: Store, *, names_ready: bool) -> None:
        """The reloaded documents (with their names, or with the last start's while they are
        indexed): shown in place of the earlier ones, the reader kept where it was."""
        shown_before, self.store = self.store, store
        self.names_ready = names_ready
        self._new_names(store, counted=names_ready)
        self._title_the_list()
        self._filter_with(store)
        current = store.document(self.current.id) if self.current is not None else None
        if self.filter_bar.value:
            self.filter_bar.search_again()  # its hits replace the rows, the cursor kept
        else:
            keep = current.id if current is not None else None
            self.document_list.set_documents(store.documents, keep=keep,
                                             keep_index=store.order_of(keep) if keep is not None else None)
        self._jumps = [(document, anchor) for document, anchor in
                       ((store.document(document.id), anchor) for document, anchor in self._jumps) if document is not None]
        if current is not None:
            self.open_document(current, focus_reader=isinstance(self.focused, ReadingPane), anchor=self.reading_pane.anchor)
        elif self.current is not None:  # the article being read is gone: said once the reload is done
            self._reload_lost = self.current.title
            self.current = None
            if store.documents:
                self.open_document(store.documents[0], focus_reader=False)
        if not store.documents:
            self._say_empty(store)
        if self.walk is not None:
            self._walk_again(store)
            if self.walk is not None and current is not None and self.walk.mention.document_id == current.id:
                mention = self.walk.mention  # marked again, as it was before the reload
                self.reading_pane.highlight_mention(mention.field, mention.start, mention.end)
        self._announce_rejected(store)
        self._warn_of_cache(store)
        # The documents a changed corpus listed first, now shown with their names: taken apart in
        # steps (the store the reload replaces is held until it is done, and let go after).
        self._release_in_steps(shown_before)

    def _reload_done(self, changes: CorpusChanges | None) -> None:
        """A reload's names are in: say what changed, and let the earlier store go."""
        earlier, self._reloading = self._reloading, None
        assert earlier is not None
        self._stop_showing_progress()
        # Said in the list's title, where the load's state is: a toast covered the reading pane's
        # bottom border, where the walk's position is, just as one walks into what is new.
        self._reload_said = f"reloaded: {changes or 'done'}"
        self._title_the_list()
        if self._reload_said_timer is not None:
            self._reload_said_timer.stop()
        self._reload_said_timer = self.set_timer(RELOAD_SAID_FOR, self._reload_said_long_enough)
        lost, self._reload_lost = self._reload_lost, None
        if lost:  # the one thing a reader must not miss: what they were reading is gone
            self.notify(f"The article you were reading is gone: {lost}", markup=False, title="Reload", timeout=6)
        if self.store is not None:
            self._watch_disk(self.store)
        # Let go once keys rest, then taken apart in steps (`_free_replaced`).
        self._replaced = earlier
        self._free_replaced_when_input_rests()

    def _reload_said_long_enough(self) -> None:
        self._reload_said = self._reload_said_timer = None
        self._title_the_list()

    def _free_replaced_when_input_rests(self) -> None:
        if self._free_replaced_timer is not None:
            self._free_replaced_timer.stop()
        self._free_replaced_timer = self.set_timer(FREE_REPLACED_AFTER, lambda: self.call_after_refresh(self._free_replaced))

    def _free_replaced(self) -> None:
        """Let the store a reload replaced go. Held here alone, it is taken apart a few milliseconds
        at a time between whatever else comes (freed at once, 100,000 documents were a pause of
        0.13 s). Held by something else too, in a cycle: loaded stores are frozen out of the
        collector's sight (`reader.ui.collector`), so only a full collection frees it (0.5 s at 100k)."""
        replaced, self._replaced = self._replaced, None
        if replaced is None or self._release_in_steps(replaced):
            return
        earlier = weakref.ref(replaced)
        del replaced
        if earlier() is not None:
            resettle_collector()

    def _release_in_steps(self, store: Store | None) -> bool:
        """Take `store` apart a few milliseconds at a time between whatever else comes (freed at
        once, 100,000 documents were a pause of 0.13 s), if the caller's name for it and this
        parameter are all that hold it; whether it will be."""
        if store is None or sys.getrefcount(store) != 3:  # those two, and the count's own
            return False
        self._releasing.append(store.released_in_steps())
        if len(self._releasing) == 1:
            self._release_step()
        return True

    def _release_step(self) -> None:
        if not self._releasing:
            return
        try:
            next(self._releasing[0])
        except StopIteration:
            del self._releasing[0]  # done: that store goes with its steps
            if not self._releasing:
                # To the system, now that all of it is free: 20 ms at 100k documents, in C without
                # the GIL, so on a thread of its own the keys do not wait for it. Looked up here:
                # the thread imports nothing, so a reload's fork meanwhile copies no import lock.
                threading.Thread(target=freed_memory_returner(), name="freed memory to the system", daemon=True).start()
                return
        # A timer, not a message: the screen's updates and the keys come between two steps.
        self.set_timer(RELEASE_STEP_EVERY, self._release_step)

    def _announce_rejected(self, store: Store) -> None:
        """Say in the key bar, for as long as the reader runs, how many files were rejected; in a
        toast when the terminal is too narrow for it there."""
        rejected = sum(problem.severity == "error" for problem in store.problems)
        files = "file" if rejected == 1 else "files"
        self.key_bar.show_notice("rejected", ("!", f"{rejected:,} {files} rejected: see why", f"{rejected:,} rejected") if rejected else None)
        if rejected and not self._rejected_toasted:
            self.call_after_refresh(self._toast_rejected_unless_shown, f"{rejected:,} {files} rejected. Press ! to see why.")

    def _toast_rejected_unless_shown(self, said: str) -> None:
        # Once the key bar is drawn with the keys of the first document shown: they take its room.
        if not self.key_bar.shows_notice("rejected") and not self._rejected_toasted:
            self._rejected_toasted = True  # once, not at each reload
            self.notify(said, title="Problems", severity="warning")

    # -- what changed on disk ----------------------------------------------------------------

    def _watch_disk(self, store: Store) -> None:
        """From now on, say in the key bar when the corpus changed on disk since `store` was read."""
        from reader.disk_watch import CorpusWatch

        self._disk_watch = CorpusWatch(self.corpus_path, store.documents, store.problems)
        self._disk_said = False
        self.key_bar.show_notice("disk", None)
        if self._disk_timer is None:
            self._disk_timer = self.set_interval(LOOK_AT_DISK_EVERY, self._look_at_disk)

    def _look_at_disk(self) -> None:
        if self._disk_watch is not None and not self._disk_looking and self._reloading is None:
            self._disk_looking = True
            self._looking_at_disk()

    @work(thread=True, group="disk", exit_on_error=False)  # a nicety: never the end of the reader
    def _looking_at_disk(self) -> None:
        # The watch is read here, not passed in: a finished worker keeps its arguments.
        watch = self._disk_watch
        changes = None
        try:
            if watch is not None:
                changes = watch.poll()
        except OSError:
            pass  # the folder gone or unreadable: `R` says so, with what was read kept
        finally:
            self.post_message(DiskLooked(watch, changes))  # type: ignore[arg-type]

    @on(DiskLooked)
    def _disk_looked(self, message: DiskLooked) -> None:
        self._disk_looking = False
        changes = message.changes
        if message.watch is not self._disk_watch or changes is None or self._reloading is not None:
            return  # not looked at, or about a store a reload replaces
        total = changes.added + changes.changed + changes.removed
        news, self._disk_said = not self._disk_said and total > 0, total > 0
        if not total:
            self.key_bar.show_notice("disk", None)
            return
        kinds = sum(1 for count in (changes.added, changes.changed, changes.removed) if count)
        short = f"{changes} on disk" if kinds == 1 else f"{total:,} changes on disk"
        self.key_bar.show_notice("disk", ("R", f"{changes} on disk: reload", short))
        if news:  # once as it comes, not at each look
            self.call_after_refresh(self._toast_disk_unless_shown, f"{changes} on disk. Press R to reload.")

    def _toast_disk_unless_shown(self, said: str) -> None:
        if not self.key_bar.shows_notice("disk"):
            self.notify(said, title="Corpus", timeout=6)

    def _open_initial(self) -> None:
        assert self.store is not None
        if self._requested_document is not None:
            document = self.store.document(self._requested_document)
            if document is None:
                self.notify(f"No document {self._requested_document!r}.", severity="error")
            else:
                self.open_document(document)
                return
        if self._name_query and self._names_usable and self._jump_to_requested_name():
            return
        last = self.state.last_document(self.corpus_path)
        document = self.store.document(last) if last else None
        if document is not None:
            self.open_document(document, focus_reader=False)
        elif self.store.documents:
            self.open_document(self.store.documents[0], focus_reader=False)

    def _jump_to_requested_name(self) -> bool:
        """Go to the first mention of the name asked for on the command line (once)."""
        assert self.store is not None and self._name_query
        query, self._name_query = self._name_query, None
        matches = self.store.match_names(query, 1)
        if matches:
            self.jump_to_name(matches[0].name, from_start=True)
            return True
        self.notify(f"No name matches {query!r}.", severity="error", markup=False)
        return False

    # -- opening and walking ------------------------------------------------------------------

    def open_document(self, document: Document, *, focus_reader: bool = True, anchor: Anchor | None = None) -> None:
        """Show `document` at `anchor` (default: where it was left) and put the list cursor on it."""
        self._remember_position()
        self.current = document
        pane = self.reading_pane
        if self.store is not None:
            names = self.store.names_in(document.id)
            pane.show_document(
                document,
                [(name.name, count) for name, count in names],
                # Marked at once: the pane is drawn once, with its marks, not again when they come.
                self.store.name_spans_in(document.id),
                anchor if anchor is not None else self.state.position(self.corpus_path, document.id),
            )
        documents = self.document_list
        index = self._list_index(document)
        if index is not None:
            documents.move_cursor(index)
        self.state.remember(self.corpus_path, document.id, pane.anchor)
        if focus_reader:
            self._show_pane(reading=True)

    def _list_index(self, document: Document) -> int | None:
        """Where `document` is in the list, if it is there."""
        return self.document_list.index_of(document.id, self._display_order(document.id))

    def _display_order(self, document_id: str) -> int | None:
        return self.store.order_of(document_id) if self.store is not None else None

    def jump_to_name(self, name: Name, *, from_start: bool = False) -> None:
        """Walk `name`: open its first mention at or after the current position."""
        assert self.store is not None
        mentions = self.store.walk(name)
        if not mentions:
            self.notify(f"No mention of {name.name}.")
            return
        from reader.ui.name_jumper import NameWalk

        self.walk = NameWalk.starting_at(name, mentions, (-1, -1, -1) if from_start else self._position_key())
        self._go_to_mention()

    def _position_key(self) -> tuple[int, int, int]:
        if self.current is None:
            return (-1, -1, -1)
        order = self._display_order(self.current.id)
        order = -1 if order is None else order
        anchor = self.reading_pane.anchor
        if anchor is None:
            return (order, -1, -1)
        fields = [label for label, _ in self.current.name_fields()]
        field_index = fields.index(anchor.field) if anchor.field in fields else -1
        return (order, field_index, anchor.offset)

    def _go_to_mention(self) -> None:
        assert self.walk is not None and self.store is not None
        mention = self.walk.mention
        document = self.store.document(mention.document_id)
        if document is None:
            return
        if self.current is None or self.current.id != document.id:
            if self.current is not None:  # Ctrl+O comes back here, as in vim's jump list
                self._jumps = [*self._jumps[-(JUMPS_KEPT - 1) :], (self.current, self.reading_pane.anchor)]
            self.open_document(document, anchor=Anchor("title", 0))
        self.reading_pane.highlight_mention(mention.field, mention.start, mention.end)
        self._show_pane(reading=True)
        self._update_status()

    def action_jump_back(self) -> None:
        if not self._jumps:
            self.notify("No jump to go back from.", timeout=2)
            return
        document, anchor = self._jumps.pop()
        self.open_document(document, anchor=anchor or Anchor("title", 0))

    def _remember_position(self) -> None:
        if self.current is not None:
            self.state.remember(self.corpus_path, self.current.id, self.reading_pane.anchor)

    def save_state(self) -> None:
        """Write the reading state now. Safe to call from a signal handler or another thread.

        Re-entrant (a signal may arrive during a save) and never waits long for another thread's
        save: that one is writing the same state already.
        """
        if not self._save_lock.acquire(timeout=0.5):
            return
        try:
            try:
                self._remember_position()
            except Exception:  # noqa: BLE001 - widgets may already be gone at exit; save what we have
                pass
            self.state.save()
        finally:
            self._save_lock.release()

    def on_unmount(self) -> None:
        try:
            self.save_state()
        except OSError as error:
            self.log.error(f"could not save the reading state: {error}")

    # -- panes and status ---------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: the app's own is still the one before (a jump from wide to narrow kept
        # both panes until the next resize).
        self.narrow = event.size.width < NARROW_BELOW

    def _title_the_list(self) -> None:
        state = None
        if self._reloading is not None and self.store is self._reloading:
            state = "reloading…"
            if self._progress is not None:
                done, total = self._progress
                state += f" {done:,}/{total:,}"
        elif self.store is not None and not self.names_ready:
            # A corpus grown since the last start is walked by its earlier names meanwhile.
            state = f"{'updating' if self.store.names_outdated else 'indexing'} names…"
            if self._names_progress is not None:
                state += f" {self._names_progress}%"
        elif self._reload_said is not None:
            state = self._reload_said
        self.document_list.show_state(state)

    def watch_narrow(self, narrow: bool) -> None:
        self._style_panes()

    def watch_reading(self, reading: bool) -> None:
        self._style_panes()

    def _style_panes(self) -> None:
        panes = self.query_one("#panes")
        panes.set_class(self.narrow, "narrow")
        # Which pane is up matters only while they take turns. Side by side, a class change restyled
        # both panes and laid the screen out again on every Tab (20 ms, and both panes sent twice).
        panes.set_class(self.narrow and self.reading, "reading")

    def _show_pane(self, *, reading: bool) -> None:
        self.reading = reading
        # Focus at once (`focus()` waits a turn): keys typed right after Enter must reach the new pane.
        self.reading_pane.screen.set_focus(self.reading_pane if reading else self.document_list)

    def _update_status(self) -> None:
        pane = self.reading_pane
        parts = [self.walk.label] if self.walk else []
        if self.current is not None:
            parts.append(f"{pane.percent}%")
        status = " · ".join(parts)
        if status != pane.border_subtitle:  # setting it repaints the whole pane, even unchanged
            pane.border_subtitle = Content(status)

    @on(ReadingPane.Moved)
    def _moved(self) -> None:
        self._remember_position()  # in memory on every move, so any exit path saves the true place
        self._update_status()

    # -- list and filter ----------------------------------------------------------------------

    @on(RowList.Highlighted, "#list")
    def _list_moved(self) -> None:
        typed, self._typed_rows = self._typed_rows, False
        if self.narrow or self.store is None:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(TYPING_PREVIEW_DELAY if typed else PREVIEW_DELAY, self._preview)

    def _preview(self) -> None:
        self._preview_timer = None
        if self.filter_bar.value != self._shown_query:
            # Typing: the list is about to change, and its result's Highlighted arms the preview again.
            # Opening now would take the main thread from the search (at 100k, tens of ms waiting for
            # the GIL) and draw a frame that Textual's pacing then makes the result's frame wait for.
            return
        document = self.document_list.current
        if document is not None and not self.narrow and (self.current is None or document.id != self.current.id):
            self.open_document(document, focus_reader=False)

    @on(RowList.Selected, "#list")  # a double click
    def action_open_selected(self) -> None:
        document = self.document_list.current
        if document is not None:
            self.open_document(document)

    def filter_documents(self, query: str) -> Sequence[Hit]:
        """Filter now, in the caller's thread (the palette's provider uses this too)."""
        return self.filter_bar.search_now(query)

    @on(FilterBar.Results, "#filter")
    def _hits_ready(self, message: FilterBar.Results) -> None:
        self._apply_hits(message.query, message.hits)

    def _apply_hits(self, query: str, hits: Sequence[Hit]) -> None:
        if self.filter_bar.value != query:
            return  # typed on since: a newer result is coming, this one must never show
        # The query shown, searched again because the store or its names changed (names arriving,
        # a reload): the reader stays on the row it is on, where a new query starts at its top hit.
        again = query == self._shown_query
        self._shown_query = query
        documents = self.document_list
        current = self.current.id if self.current else None
        filtering = bool(query.strip())
        ranked = getattr(hits, "documents", None)
        ranked = ranked if ranked is not None else [hit.document for hit in hits]
        total = len(self.store.documents) if self.store else len(ranked)
        if filtering and again:
            highlighted = documents.current.id if documents.current is not None else None
            # Said only when no row was highlighted: one gone from the hits leaves the cursor on the
            # top hit, and the article being read in the pane rather than that hit's preview.
            documents.set_documents(ranked, hits, total=total, keep=highlighted,
                                    keep_index=self._display_order(highlighted) if highlighted is not None else None,
                                    announce=highlighted is None)
        elif filtering:
            self._typed_rows = True
            documents.set_documents(ranked, hits, total=total)
        else:  # every document, in display order: the current one is where the order says
            index = self._display_order(current) if current is not None else None
            documents.set_documents(ranked, None, total=total, keep=current, keep_index=index)
        self.filter_bar.release_screen()  # the query and its list appear in one frame

    def action_open_top_hit(self) -> None:
        if self.store is None:
            return
        query = self.filter_bar.value
        if self._shown_query != query:  # Enter beat the worker: filter now, open the true top hit
            self._apply_hits(query, self.filter_documents(query))
        documents = self.document_list
        if documents.documents:
            documents.move_cursor(0)
            self.open_document(documents.documents[0])

    def action_clear_filter(self) -> None:
        self.filter_bar.value = ""
        self._show_pane(reading=False)

    def action_move_list(self, step: int) -> None:
        self.document_list.move_cursor(self.document_list.cursor + step)

    # -- actions ------------------------------------------------------------------------------

    def action_page_reader(self, pages: int) -> None:
        """Page the reading pane while the list keeps the keys (the pane's own keys do the same)."""
        if pages > 0:
            self.reading_pane.action_page_down()
        else:
            self.reading_pane.action_page_up()

    def action_focus_filter(self) -> None:
        self.reading = False
        self.filter_bar.screen.set_focus(self.filter_bar)  # at once: the query typed next must land in it
        self._make_filter_as_it_opens()

    def action_command_palette(self) -> None:
        self._make_filter_as_it_opens()  # the palette searches the documents with the same filter
        super().action_command_palette()

    def _make_filter_as_it_opens(self) -> None:
        if self.store is not None and not self.names_ready:
            # The documents listed while names are indexed make their filter at its first query (a
            # second at 100k, on cores the build is using): begun now, the letters typed next find
            # it made or nearly. The first query waits for it under the store's lock.
            threading.Thread(target=self.store.fold_for_filter, name="filter made as it opens", daemon=True).start()

    def action_back(self) -> None:
        self._show_pane(reading=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("switch_pane", "focus_filter", "name_jumper", "reload"):
            # Not over dialogs and the palette, and `/`, `@` and `R` can be typed into a text field.
            return not self.screen.is_modal and (action == "switch_pane" or not isinstance(self.focused, Input))
        if action == "back":
            return isinstance(self.focused, ReadingPane)  # "Back" in the footer only where it does something
        return True

    def action_switch_pane(self) -> None:
        self._show_pane(reading=isinstance(self.focused, DocumentList))

    def action_step_document(self, step: int) -> None:
        documents = self.document_list
        if not documents.documents:
            return
        index = self._list_index(self.current) if self.current else None
        target = (documents.cursor if index is None else index) + step
        if 0 <= target < len(documents.documents):
            self.open_document(documents.documents[target], focus_reader=isinstance(self.focused, ReadingPane))
        else:
            self.notify("No next document." if step > 0 else "No previous document.", timeout=2)

    def action_name_jumper(self) -> None:
        if self.store is None:
            self.notify("Still loading…", timeout=2)
            return
        if not self._names_usable:
            self.notify("The names are still being indexed; @ works in a moment.", timeout=3)
            return
        store = self.store

        def matcher(query: str) -> list[NameMatch]:
            return store.match_names(query, 200 if query.strip() else None)  # blank: every name

        def chosen(name: Name | None) -> None:
            if self._name_jumper_for != (self.store, self.names_ready):
                self._drop_name_jumper()  # the names changed while it was open
            if name is not None:
                self.jump_to_name(name)

        from reader.ui.name_jumper import NameJumper

        if self._name_jumper is None or self._name_jumper_for != (store, self.names_ready):
            self._drop_name_jumper()
            self._name_jumper = NameJumper(matcher, updating=not self.names_ready)
            self._name_jumper_for = (store, self.names_ready)
            self.install_screen(self._name_jumper, "name-jumper")
        else:
            self._name_jumper.open_again()
        self.push_screen(self._name_jumper, chosen)

    def _new_names(self, store: Store, *, counted: bool = True) -> None:
        """The store's names changed: the kept jumper matches the old ones, and (`counted`) the names
        it lists first count their documents once the frame that shows the new ones is drawn."""
        self._drop_name_jumper()
        if counted:
            self.set_timer(NAMES_COUNTED_AFTER, self._count_first_names)

    @work(thread=True, exclusive=True, group="names counted")
    def _count_first_names(self) -> None:
        """Off the interface's thread, the names the jumper lists first count their documents: a
        name found all over a big corpus takes a millisecond or more (a first `@` at 100k documents
        drew for 73-87 ms, counting them). Each name keeps its count."""
        worker = get_current_worker()
        # The store is read here, not passed in: a finished worker keeps its arguments, in a cycle.
        store = self.store
        if store is None:
            return
        for name in store.names[:NAMES_COUNTED_AHEAD]:
            if worker.is_cancelled:
                return
            name.documents  # noqa: B018 - counted, and kept by the name

    def _drop_name_jumper(self) -> None:
        """Let the kept name jumper go (the names it matches are no longer the store's), unless it
        is open: it goes when it closes."""
        jumper = self._name_jumper
        if jumper is None or jumper in self.screen_stack:
            return
        self._name_jumper = self._name_jumper_for = None
        self.uninstall_screen(jumper)
        jumper.remove()
        jumper.let_go()

    def action_next_mention(self) -> None:
        self._step_mention(1)

    def action_previous_mention(self) -> None:
        self._step_mention(-1)

    def _step_mention(self, step: int) -> None:
        if self.walk is None:
            self.notify("No name chosen yet: press @ to pick one.", timeout=3)
            return
        if self.walk.step(step):
            self.notify("Wrapped to the first mention." if step > 0 else "Wrapped to the last mention.", timeout=2)
        self._go_to_mention()

    def action_help(self) -> None:
        from reader.ui.help_screen import HelpScreen
        from reader.ui.keys import help_sections

        self.push_screen(HelpScreen(help_sections()))

    def action_problems(self) -> None:
        from reader.ui.problems_screen import ProblemsScreen

        self.push_screen(ProblemsScreen(self.store.problems if self.store else []))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Jump to a name", "Pick a person or organisation and walk its mentions", self.action_name_jumper)
        yield SystemCommand("Show problems", "Files that were rejected or loaded with warnings", self.action_problems)
        yield SystemCommand("Reload the corpus", "Read new, changed and removed articles, and stay where you are",
                            self.action_reload)
        yield SystemCommand("Keys", "Every key, by where it works", self.action_help)


def _same_documents(listed: Store, complete: Store) -> bool:
    """Whether the complete store holds the very documents already listed (it does, unless its
    building child failed and the store was built again)."""
    documents, others = listed.documents, complete.documents
    return len(documents) == len(others) and all(map(operator.is_, documents, others))
