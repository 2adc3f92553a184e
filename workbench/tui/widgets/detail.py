"""The claim under review: source sentence in context, document, reasons, state, history.

Size: one widget and the sections it draws (each a small function of the claim); they
change together with the panel's layout, and redrawing only changed lines depends on both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.describe import agreement_line, context_note, event_summary, masked, masked_summary, retractions
from workbench.domain import Claim, Document, Event, Sentence
from workbench.records import KIND_LABELS
from workbench.scales import Scale
from workbench.tui import keys
from workbench.tui.lines import line_strip, set_virtual_size
from workbench.tui.state import CONTEXT_GLYPH, CORRECTED_GLYPH, FLAG_GLYPH, GLYPH, look
from workbench.tui.text import join, literal, spans_over
from workbench.tui.widgets.seen import SeenPanel, seen_section
from workbench.tui.writer import Job
from workbench.vocab import Action, Role, Shown

ENTITY_STYLE = "$accent"
HISTORY_SHOWN = 30  # decisions drawn in the panel, the latest (up to HISTORY_STEP - 1 more)
HISTORY_STEP = 10
_EVENT_LINES_KEPT = 2_000  # event lines kept built, for the claims shown lately
_WRAPS_KEPT = 64  # wrapped sections kept: a few claims' worth, each a dozen sections
_LINES_KEPT = 512  # wrapped lines of many-line sections (the history, the context) kept
_STRIPS_KEPT = 256  # drawn lines kept: a few panels' worth
_BLANK = Content("")
CLAIM_STYLE = "bold underline"


def sentence_content(claim: Claim) -> Content:
    """The source sentence with the claim's span and its entities marked."""
    base = claim.sentence_start
    marks = [(e.start - base, e.end - base, ENTITY_STYLE) for e in claim.entities]
    marks.append((claim.start - base, claim.end - base, CLAIM_STYLE))
    return spans_over(claim.sentence, marks)


def context_content(claim: Claim, sentences: Sequence[Sentence]) -> tuple[Content | None, Content | None]:
    """The sentences before and after the source sentence, dimmed (None where there is none)."""
    by_idx = {s.idx: s for s in sentences}
    before = by_idx.get(claim.sentence_idx - 1)
    after = by_idx.get(claim.sentence_idx + 1)
    return (
        literal(before.text, style="$foreground-muted") if before else None,
        literal(after.text, style="$foreground-muted") if after else None,
    )


def source_content(claim: Claim, sentences: Sequence[Sentence]) -> Content:
    """The sentence with the claim's span and its entities marked, one sentence either side."""
    before, after = context_content(claim, sentences)
    parts: list[Content | str] = []
    if before:
        parts += [before, "\n"]
    parts.append(sentence_content(claim))
    if after:
        parts += ["\n", after]
    return join(parts)


def event_line(
    event: Event, retracted_by: Mapping[int, int], scales: Mapping[str, Scale], *, hidden: bool = False
) -> Content:
    at = (event.at or "").replace("T", " ").rstrip("Z")[:19]
    summary = masked_summary(event) if hidden else event_summary(event, scales)
    line: list[Content | str] = [
        Content(f"#{event.seq:<5} {at}  "),
        literal(event.reviewer, style="bold"),
        "  ",
        literal(summary, style="$foreground-muted italic" if hidden else ""),
    ]
    role = event.role or {}
    if not hidden and role.get("role") == Role.OVERRULE:
        line += ["  ", Content(f"{GLYPH[Shown.DISPUTED]} OVERRULE of #{role.get('of')}").stylize("bold $warning")]
    elif not hidden and role.get("role") == Role.ADJUDICATION:
        line += ["  ", Content("ADJUDICATION").stylize("bold $accent")]
    if event.conflict_with:
        line += ["  ", Content(f"{GLYPH[Shown.CONFLICT]} CONFLICT with #{event.conflict_with}").stylize("bold $error")]
    if event.seq in retracted_by:
        line += ["  ", Content(f"↶ undone by #{retracted_by[event.seq]}").stylize("$foreground-muted")]
    content = join(line)
    if event.seq in retracted_by:
        content = content.stylize("strike")
    return content


def same_line(a: Content, b: Content) -> bool:
    """Whether two lines draw the same (Content's own == compares the text only)."""
    return a.plain == b.plain and a.spans == b.spans


def changed_runs(before: Sequence[Content], after: Sequence[Content]) -> list[tuple[int, int]]:
    """The runs of line numbers (start, count) where ``after`` draws differently from ``before``."""
    runs: list[tuple[int, int]] = []
    start = None
    for y in range(max(len(before), len(after))):
        same = y < len(before) and y < len(after) and same_line(before[y], after[y])
        if not same and start is None:
            start = y
        elif same and start is not None:
            runs.append((start, y - start))
            start = None
    if start is not None:
        runs.append((start, max(len(before), len(after)) - start))
    return runs


class ClaimDetail(ScrollView, can_focus=True, inherit_bindings=False):
    """Everything a reviewer needs to decide on the claim under the cursor.

    One Line-API widget rather than a stack of Statics: it keeps its size when
    the claim changes, so moving the cursor repaints this panel without a
    layout pass over the whole screen (which cost more than the rest of a key).
    It takes the focus (Tab) to be scrolled with the keys of its own (keys.py,
    the detail pane's); the decision keys keep working meanwhile. In a small
    terminal (``compact``) the source sentence comes first, then the review
    state and the history, and its context after them.
    """

    BINDINGS = keys.bindings(keys.DETAIL)
    DEFAULT_CSS = """
    ClaimDetail { overflow-x: hidden; overflow-y: scroll; }
    ClaimDetail:focus { background: $boost; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._wraps: dict[tuple, list[Content]] = {}  # (title, text, spans, width) -> wrapped lines
        self._line_wraps: dict[tuple, list[Content]] = {}  # (text, spans, width) -> one line wrapped
        self._strips: dict[tuple, tuple[Content, Strip]] = {}  # (id(line), width, style, theme) -> drawn
        # An event never changes: its line is built once for each way it is drawn (undone or not,
        # masked or not), for the scales it was built with (every show draws up to 30 of them).
        self._event_lines: dict[tuple[int, int | None, bool], Content] = {}
        self._event_scales: Mapping[str, Scale] | None = None
        self._lines: list[Content] = []
        self._wrapped_at = -1
        self._claim_id: int | None = None  # the claim the panel shows
        self.sections: dict[str, Content] = {}
        self.compact = False  # a small terminal: the source sentence first, context later

    def _set(self, sections: dict[str, Content], *, claim_id: int | None = None) -> None:
        """Show these sections; ``claim_id`` the claim they describe.

        The same claim again (a decision on it, a change from the database) keeps
        the panel's height and where it is scrolled to: a flag that adds a line and
        its removal that takes it away again repaint those lines, not the panel and
        its scrollbar, and a reviewer reading the history stays where they were.
        """
        same = claim_id is not None and claim_id == self._claim_id
        self._claim_id = claim_id
        self.sections = sections
        before, width = self._lines, self._wrapped_at
        self._wrapped_at = -1
        keep_place = same and width == self._wrap_width()
        # The same claim grown longer at its end (a decision in its history): the lines
        # that changed are repainted below, and the scrollbar redraws itself.
        resized = self._wrap(keep_height=same, repaint=not keep_place)
        if resized or width != self._wrapped_at or (self.scroll_offset.y != 0 and not keep_place):
            if not keep_place:
                self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()
            return
        # Only the lines that differ: the screen composes every row a refresh touches,
        # across its whole width (the queue's rows beside them too), and the next
        # claim often shares the panel's titles, document and blank lines.
        for start, count in changed_runs(before, self._lines):
            self.refresh_lines(start, count)

    def _wrap(self, *, keep_height: bool = False, repaint: bool = True) -> bool:
        """Wrap the content to the panel's width; whether the panel is to be repainted whole.

        ``keep_height``: the panel never gets shorter (the same claim, redrawn).
        ``repaint=False``: a new height that needs no layout pass is left to the
        caller, who repaints the lines that changed.
        """
        width = self._wrap_width()
        if width == self._wrapped_at:
            return False
        self._wrapped_at = width
        self._lines = self._wrapped_sections(width)
        # A change of virtual size costs a layout pass over the whole screen; most
        # claims fit the panel, so a short one keeps the panel's height.
        height = max(len(self._lines), self.scrollable_content_region.height)
        if keep_height and self.virtual_size.width == width:
            height = max(height, self.virtual_size.height)
        # A long claim after a short one: no layout pass either, if the scrollbar stays.
        size = Size(width, height)
        if size == self.virtual_size:
            return False
        return not set_virtual_size(self, size, repaint=repaint) or repaint

    def _wrap_width(self) -> int:
        """The width the sections are wrapped to."""
        return max(10, self.scrollable_content_region.width)

    def _wrapped_sections(self, width: int) -> list[Content]:
        """The panel's lines: each section wrapped on its own (sections are whole lines, so
        this is the wrap of the whole panel), and a section that did not change since the
        last claim or decision taken from the cache: a flag or an undo changes two of them."""
        cache = self._wraps
        lines: list[Content] = []
        for title, body in self.sections.items():
            if lines and not self.compact:
                lines.append(_BLANK)  # the empty line between sections
            key = (title, body.plain, tuple(body.spans), width)
            wrapped = cache.get(key)
            if wrapped is None:
                wrapped = self._wrapped_lines(body, width)
                if title:
                    wrapped = [*Content(title).stylize("bold $text-accent").wrap(width), *wrapped]
                cache[key] = wrapped
                if len(cache) > _WRAPS_KEPT:
                    cache.pop(next(iter(cache)))
            lines += wrapped
        return lines

    def _wrapped_lines(self, body: Content, width: int) -> list[Content]:
        """A section wrapped a line at a time, each line from the cache if it was wrapped before.

        A new decision changes the history by a line (and moves the window of the
        latest by one): the other lines come back as the same objects, so their
        drawn strips (``render_line``) are found again.
        """
        if "\n" not in body.plain:
            return body.wrap(width)
        cache = self._line_wraps
        wrapped: list[Content] = []
        for line in body.split("\n", allow_blank=True):
            key = (line.plain, tuple(line.spans), width)
            lines = cache.get(key)
            if lines is None:
                lines = cache[key] = line.wrap(width) or [_BLANK]
                if len(cache) > _LINES_KEPT:
                    cache.pop(next(iter(cache)))
            wrapped += lines
        return wrapped

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        style = self.visual_style
        if index >= len(self._lines):
            return Strip.blank(width, style.rich_style)
        line = self._lines[index]
        # Keyed by the line object (kept beside its strip, so its id is not reused):
        # a line that only moved, or came back, is not drawn again.
        key = (id(line), width, style, self.app.theme)
        found = self._strips.get(key)
        if found is not None and found[0] is line:
            return found[1]
        strip = line_strip(self, line, width, style)
        self._strips[key] = (line, strip)
        if len(self._strips) > _STRIPS_KEPT:
            self._strips.pop(next(iter(self._strips)))
        return strip

    def text(self) -> str:
        """The panel's text as drawn, every line (tests read it)."""
        return "\n".join(line.plain for line in self._lines)

    def section(self, name: str) -> str:
        body = self.sections.get(name)
        return body.plain if body is not None else ""

    def show_nothing(self, message: Content | None = None) -> None:
        self._set({"": message or Content("No claim selected.")})

    # ---------------------------------------------------------------- keys

    def _scroll_to_line(self, y: int) -> None:
        top = max(0, min(y, len(self._lines) - self.scrollable_content_region.height))
        self.scroll_to(y=top, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self._scroll_to_line(int(self.scroll_offset.y) + 1)

    def action_scroll_up(self) -> None:
        self._scroll_to_line(int(self.scroll_offset.y) - 1)

    def action_page_down(self) -> None:
        self._scroll_to_line(int(self.scroll_offset.y) + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._scroll_to_line(int(self.scroll_offset.y) - max(1, self.scrollable_content_region.height - 1))

    def action_scroll_top(self) -> None:
        self._scroll_to_line(0)

    def action_scroll_bottom(self) -> None:
        self._scroll_to_line(len(self._lines))

    def action_back(self) -> None:
        screen = self.screen
        back = getattr(screen, "focus_queue", None)
        if back is not None:
            back()

    def visible_lines(self) -> list[str]:
        """The lines in view now (tests check what a small terminal shows)."""
        top = int(self.scroll_offset.y)
        return [line.plain for line in self._lines[top : top + self.scrollable_content_region.height]]

    # --------------------------------------------------------------- content

    def show(
        self,
        row: Claim,
        *,
        document: Document | None,
        sentences: Sequence[Sentence],
        history: Sequence[Event],
        scales: Mapping[str, Scale],
        pending: Sequence[Job] | None = None,
        viewer: str | None = None,
        scored_by: str = "",
        seen: SeenPanel | None = None,
    ) -> None:
        kind = KIND_LABELS.get(row.kind, row.kind)
        # The tier, never the score: a rank score is not the probability it looks like.
        head = join(
            [
                literal(row.text, style="bold"),
                "\n",
                Content(f"{kind} · tier {row.tier} · speaker: ").stylize("$foreground-muted"),
                literal(row.speaker or "—", style="italic"),
                Content(f" · claim {row.id}").stylize("$foreground-muted"),
            ]
        )
        reasons = row.reasons
        retracted_by = retractions(history)
        sections: dict[str, Content] = {"": head}
        if row.corrected:
            sections["Corrected by a reviewer"] = self._correction(row)
        if row.needs_context:
            sections["Needs context"] = join(
                [Content(f"{CONTEXT_GLYPH} ").stylize("$warning"), literal(context_note(row))]
            )
        hidden = {e.seq for e in history if masked(e, row, viewer)}
        review = self._state(row, scales, pending or [], viewer, history, hidden)
        evidence = self._evidence(row, history, hidden)
        events = self._history(row, history, retracted_by, scales, hidden)
        why = self._reasons(reasons, scored_by)
        document_part = self._document(row, document)
        if self.compact:
            before, after = context_content(row, sentences)
            context: list[Content | str] = []
            if before:
                context += [Content("before: ").stylize("$foreground-muted"), before]
            if after:
                context += (["\n"] if context else []) + [Content("after: ").stylize("$foreground-muted"), after]
            ordered = {
                **sections,
                "Source": sentence_content(row),
                "Review": review,
                **({"Seen before": seen_section(seen)} if seen is not None else {}),
                **({"Evidence": evidence} if evidence is not None else {}),
                "History": events,
                **({"Context": join(context)} if context else {}),
                "Document": document_part,
                "Why it scored": why,
            }
        else:
            # The history last: a decision adds a line at the panel's end, so nothing drawn above it moves.
            ordered = {
                **sections,
                "Source": source_content(row, sentences),
                "Review": review,
                **({"Seen before": seen_section(seen)} if seen is not None else {}),
                **({"Evidence": evidence} if evidence is not None else {}),
                "Document": document_part,
                "Why it scored": why,
                "History": events,
            }
        self._set(ordered, claim_id=row.id)

    def _history(
        self, row: Claim, history: Sequence[Event], retracted_by: Mapping[int, int], scales: Mapping[str, Scale],
        hidden: set[int],
    ) -> Content:
        """The latest decisions, newest last; the earlier ones are counted, not drawn (a claim
        flagged and cleared all session would otherwise cost every key that shows it)."""
        if not history:
            return Content("No decisions yet.").stylize("$foreground-muted")
        # The window of the latest moves by HISTORY_STEP events at a time, not by one: a new
        # decision is then one more line, not every line moved up by one.
        shown = history[max(0, (len(history) - HISTORY_SHOWN) // HISTORY_STEP * HISTORY_STEP):]
        lines: list[Content | str] = []
        if len(history) > len(shown):
            earlier = len(history) - len(shown)
            lines.append(Content(f"… {earlier} earlier decision{'s' if earlier != 1 else ''}: "
                                 f"workbench history {row.id} lists them all").stylize("$foreground-muted"))
        if scales is not self._event_scales or len(self._event_lines) > _EVENT_LINES_KEPT:
            self._event_lines, self._event_scales = {}, scales
        built = self._event_lines
        for e in shown:
            key = (e.seq, retracted_by.get(e.seq), e.seq in hidden)
            line = built.get(key)
            if line is None:
                line = built[key] = event_line(e, retracted_by, scales, hidden=key[2])
            lines.append(line)
        return join(lines, "\n")

    @staticmethod
    def _evidence(row: Claim, history: Sequence[Event], hidden: set[int]) -> Content | None:
        """The verdict's sources and public explanation (None when there are none); hidden in
        double review when they are another reviewer's and the claim awaits a verdict."""
        if not row.sources and not row.explanation:
            return None
        latest = next((e for e in reversed(history) if e.action == Action.EVIDENCE), None)
        if latest is not None and latest.seq in hidden:
            return Content("another reviewer's evidence: hidden until you give your verdict").stylize("$foreground-muted italic")
        parts: list[Content | str] = []
        for source in row.sources:
            if parts:
                parts.append("\n")
            parts += ["• ", literal(source.url, style="underline")]
            if source.title:
                parts += ["  ", literal(source.title, style="italic")]
        if row.explanation:
            if parts:
                parts.append("\n")
            parts += [Content("explanation: ").stylize("$foreground-muted"), literal(row.explanation, multiline=True)]
        return join(parts)

    @staticmethod
    def _reasons(reasons: Sequence[str], scored_by: str) -> Content:
        """The reasons, in the terms of the model that gave the score, and which model that is."""
        lines: list[Content | str] = []
        if scored_by:
            lines += [literal(f"scored by {scored_by}", style="$foreground-muted"), "\n"]
        if reasons:
            lines.append(join([join(["• ", literal(r)]) for r in reasons], "\n"))
        else:
            lines.append(Content("(none given)"))
        return join(lines)

    @staticmethod
    def _correction(row: Claim) -> Content:
        """Which fields a reviewer corrected, and what extraction had said."""
        fields = sorted(row.corrections or {}, reverse=True)  # text, then speaker
        lines: list[Content | str] = [
            Content(f"{CORRECTED_GLYPH} {' and '.join(fields)} corrected; extraction said:").stylize("$text-accent")
        ]
        if "text" in fields:
            lines += ["\n", literal(row.extracted_text, style="$foreground-muted")]
        if "speaker" in fields:
            lines += ["\n", Content("speaker: ").stylize("$foreground-muted"), literal(row.extracted_speaker or "—", style="$foreground-muted italic")]
        return join(lines)

    @staticmethod
    def _document(row: Claim, document: Document | None) -> Content:
        if document is None:
            return literal(row.document_title or f"document {row.document_id}")
        facts = [f for f in (document.outlet, document.published, document.byline) if f]
        parts: list[Content | str] = [literal(document.title or "(untitled)", style="bold")]
        if facts:
            parts += ["\n", join([literal(f) for f in facts], " · ")]
        if document.paths:
            parts += ["\n", literal(document.paths[0], style="$foreground-muted")]
        if document.model:
            read_by = f"read by {document.model}, extractor {document.extractor_version or '?'}"
            parts += ["\n", literal(read_by, style="$foreground-muted")]
        return join(parts)

    @staticmethod
    def _state(
        row: Claim,
        scales: Mapping[str, Scale],
        pending: Sequence[Job],
        viewer: str | None = None,
        history: Sequence[Event] = (),
        hidden: set[int] | None = None,
    ) -> Content:
        shown = look(row, scales, pending[-1] if pending else None, viewer)
        parts: list[Content | str] = [Content(f"{shown.glyph} {shown.state.meaning}")]
        if shown.label and shown.state in (Shown.VERDICT, Shown.CONFLICT, Shown.SAVING, Shown.NOT_SAVED, Shown.PENDING):
            parts += [": ", literal(shown.label, style="bold")]
        if row.reviewer and row.verdict:
            parts += [Content(" by "), literal(row.reviewer, style="bold")]
            if viewer is not None and row.reviewer != viewer and not pending:
                parts += [Content(" (a verdict of yours would overrule it)").stylize("$foreground-muted")]
        if shown.flagged:
            # On the state's own line: a flag set or cleared moves no line below it.
            parts += ["  ", Content(f"{FLAG_GLYPH} flagged: needs checking").stylize("$warning")]
        if row.agreement:
            parts += ["\n", literal(agreement_line(row.agreement, row.reviews, viewer=viewer))]
        if shown.state == Shown.NOT_SAVED and pending:
            parts += ["\n", literal(pending[-1].error, style="$error")]
        if row.note:
            latest = next((e for e in reversed(history) if e.action == Action.NOTE), None)
            if latest is not None and hidden and latest.seq in hidden:
                parts += ["\n", Content("note: another reviewer's, hidden until you give your verdict").stylize("$foreground-muted italic")]
            else:
                parts += ["\n", Content("note: "), literal(row.note, multiline=True)]
        return join(parts)
