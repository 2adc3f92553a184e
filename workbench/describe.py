"""How a claim's state and an event read to a person: one wording for the CLI and the app.

No Textual, no Click: the CLI prints these strings, the app draws them
(through ``tui.text.literal``, as data). The verdict's label is the one it had
when it was given (each verdict event keeps a snapshot of its definition).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from workbench import evidence
from workbench.domain import Claim, Event, is_desk_version
from workbench.scales import DISMISS, Scale
from workbench.vocab import Action, Agreement, Flag, MatchKind, MatchVerdict, Ranker, Role, SeenLevel, Shown

DISMISSED_LABEL = "dismissed"
CORRECTED_MARK = "✎"  # before a claim's text: a reviewer corrected it (or its speaker)
CONTEXT_MARK = "¶"  # before a claim's text: it keeps words that lean on its article ("It", "the company")


def verdict_label(slug: str | None, detail: Mapping[str, Any] | None, scales: Mapping[str, Scale], scale_id: str | None) -> str:
    """The label a verdict had when it was recorded, else its scale's label, else its slug."""
    if not slug:
        return ""
    if slug == DISMISS:
        return DISMISSED_LABEL
    if isinstance(detail, Mapping) and isinstance(detail.get("label"), str):
        return detail["label"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale else None
    return verdict.label if verdict else slug


def verdict_role(slug: str | None, detail: Mapping[str, Any] | None, scales: Mapping[str, Scale], scale_id: str | None) -> str:
    """The verdict's colour role (positive ... negative, neutral), as recorded when possible."""
    if isinstance(detail, Mapping) and isinstance(detail.get("colour"), str):
        return detail["colour"]
    scale = scales.get(scale_id or "")
    verdict = scale.get(slug) if scale and slug else None
    return verdict.colour if verdict else "neutral"


def shown_state(claim: Claim, viewer: str | None = None) -> Shown:
    """What a reviewer sees first about a claim: conflict, disagreement, double review's
    state for ``viewer`` (their verdict awaiting the second, or another's hidden from
    them), dismissed, verdict or unreviewed."""
    if claim.conflict:
        return Shown.CONFLICT
    if claim.agreement == Agreement.DISPUTED:
        return Shown.DISPUTED
    if claim.agreement == Agreement.PENDING:
        return Shown.PENDING if viewer is not None and claim.reviewed_by(viewer) else Shown.HIDDEN
    if claim.verdict == DISMISS:
        return Shown.DISMISSED
    if claim.verdict:
        return Shown.VERDICT
    return Shown.UNREVIEWED


def status_word(claim: Claim, viewer: str | None = None) -> str:
    """One word for a table's status column: conflict, disputed, pending, dismissed, the verdict,
    flagged, or -. A pending double review never names the verdict (it is blind)."""
    shown = shown_state(claim, viewer)
    if shown == Shown.VERDICT:
        return claim.verdict or ""
    if shown == Shown.UNREVIEWED:
        return "flagged" if claim.flagged else "-"
    if shown in (Shown.PENDING, Shown.HIDDEN):
        return str(Agreement.PENDING)
    return str(shown)


def seen_word(claim: Claim) -> str:
    """For a table's seen column: "seen" (seen before), "maybe" (a suggestion), or ""."""
    if claim.seen_before:
        return "seen"
    return "maybe" if claim.seen_level == SeenLevel.SUGGEST else ""


def blind_for(claim: Claim) -> bool:
    """Double review: may a reviewer not see the others' judgements of this claim yet?

    Until two reviewers' verdicts are in, each sees only their own verdict,
    note and evidence (the claim is pending); from then on, everything.
    """
    return claim.agreement == Agreement.PENDING


def masked(event: Event, claim: Claim, viewer: str | None) -> bool:
    """Is ``event`` another reviewer's judgement that ``viewer`` may not see yet (double review)?"""
    return (
        blind_for(claim)
        and event.reviewer != viewer
        and event.action in (Action.VERDICT, Action.NOTE, Action.EVIDENCE)
    )


def hidden_from(claim: Claim, history: Iterable[Event], viewer: str | None) -> set[Action]:
    """What of the claim's state ``viewer`` may not see yet (double review): its note and/or its
    evidence (as their Actions) when the standing one is another reviewer's. (No verdict stands then.)"""
    if not blind_for(claim):
        return set()
    latest: dict[Action, Event] = {}
    for event in history:
        if event.action in (Action.NOTE, Action.EVIDENCE):
            latest[Action(event.action)] = event
    return {action for action, event in latest.items() if masked(event, claim, viewer)}


def short_name(name: str, width: int) -> str:
    """A reviewer's name in ``width`` characters: whole if it fits, else initials, else cut."""
    if len(name) <= width:
        return name
    words = [w for w in name.replace(".", " ").replace("_", " ").replace("-", " ").split() if w]
    if len(words) > 1:
        initials = "".join(w[0] for w in words)
        if len(initials) <= width:
            return initials
    return name[: max(1, width - 1)] + "…" if width > 1 else name[:1]


def deciders(claim: Claim, viewer: str | None = None) -> list[str]:
    """Who decided the claim, as a list shows it: the verdict's reviewer, or the reviewers
    behind an agreement (in double review only the viewer's own while it is pending)."""
    reviews = claim.reviews or {}
    if claim.agreement == Agreement.PENDING:
        return [viewer] if viewer is not None and viewer in reviews else []
    if claim.agreement in (Agreement.AGREED, Agreement.DISPUTED) and reviews:
        return sorted(reviews)
    return [claim.reviewer] if claim.reviewer and claim.verdict else []


def agreement_line(agreement: str | None, reviews: Mapping[str, Mapping[str, Any]] | None, *, viewer: str | None = None) -> str:
    """Where a claim stands between its reviewers, in one line; blind while double review is pending."""
    reviews = reviews or {}

    def each() -> str:
        return " · ".join(f"{name} {entry.get('label') or entry.get('verdict')}" for name, entry in sorted(reviews.items()))

    if agreement == Agreement.PENDING:
        if viewer is not None and viewer in reviews:
            entry = reviews[viewer]
            return f"double review: your verdict {entry.get('label') or entry.get('verdict')} is in; awaiting the second reviewer's"
        return "double review: 1 of 2 verdicts in (hidden until you give yours)"
    if agreement == Agreement.AGREED:
        names = ", ".join(sorted(reviews))
        label = next(iter(reviews.values()), {}).get("label") if reviews else None
        return f"agreed: {names}" + (f" ({label})" if label else "")
    if agreement == Agreement.DISPUTED:
        return f"disputed: {each()}: open until they agree or an adjudicator decides"
    if agreement == Agreement.ADJUDICATED:
        return f"adjudicated ({each()})" if reviews else "adjudicated"
    return ""


def role_note(event: Event) -> str:
    """A verdict's role beside other reviewers', in a few words ("overrules #41"); "" for a plain one."""
    return role_words(event.role)


def role_words(role: Mapping[str, Any] | None) -> str:
    """A recorded role (``detail.review``) in a few words: "overrules #41", "double review, blind"."""
    if not role:
        return ""
    kind = role.get("role")
    if kind == Role.OVERRULE:
        return f"overrules #{role.get('of')}"
    if kind == Role.ADJUDICATION:
        of = role.get("of") or []
        return "adjudicates " + ", ".join(f"#{seq}" for seq in of) if of else "adjudicates"
    if kind == Role.DOUBLE:
        return "double review, blind" if role.get("blind") else "double review, revised"
    return ""


def claim_text(claim: Claim) -> str:
    """The claim as a list shows it: marked when a reviewer corrected it, or when it
    needs its article's context to be read right."""
    if claim.corrected:
        return f"{CORRECTED_MARK} {claim.text}"
    if claim.needs_context:
        return f"{CONTEXT_MARK} {claim.text}"
    return claim.text


def context_note(claim: Claim) -> str:
    """Why a claim needs its context: the words kept as the article has them."""
    words = ", ".join(f'"{w}"' for w in claim.context)
    return f"{words} kept as the article has it: who or what is meant is in the sentences around it"


def masked_summary(event: Event) -> str:
    """What a masked event shows (double review: another reviewer's judgement, blind)."""
    return f"{event.action} hidden until you give your verdict (double review)"


def model_name(version: str | None) -> str:
    """A check-worthiness model as people read it: "the desk model desk-1a2b…", "the shipped model cw-…"."""
    if is_desk_version(version):
        return f"{Ranker.DESK.label} {version}"
    return f"{Ranker.SHIPPED.label} {version}" if version else f"{Ranker.SHIPPED.label} (version not recorded)"


def scored_by(claim: Claim, counts: Mapping[str, int] | None = None) -> str:
    """Which model gave the claim's score, tier and reasons (fitted on how many decisions), over which prior."""
    line = model_name(claim.model_version)
    if claim.ranked_by_desk:
        if counts and "labels" in counts:
            line += f" (fitted on {counts['labels']} decisions)"
        line += f", over {model_name(claim.prior_version)}"
    return line


def retractions(events: Iterable[Event]) -> dict[int, int]:
    """For each undone event, the undo that retracted it (seq -> seq)."""
    return {e.undoes: e.seq for e in events if e.action == Action.UNDO and e.undoes is not None}


def match_words(match: Mapping) -> str:
    """A matched fact-check or earlier claim in a few words: "fact-check “...” rated False (Example Checks)"."""
    if match.get("kind") == MatchKind.CLAIM:
        verdict = match.get("label") or match.get("verdict")
        return f"claim {match.get('ref')} “{match.get('claim', '')}”" + (f", verdict {verdict}" if verdict else "")
    rating = f" rated {match['rating']}" if match.get("rating") else ""
    publisher = f" ({match['publisher']})" if match.get("publisher") else ""
    return f"fact-check {match.get('ref')} “{match.get('claim', '')}”{rating}{publisher}"


def event_summary(event: Event, scales: Mapping[str, Scale] | None = None) -> str:
    """What an event did, in a few words: "verdict Mostly false (default)", "note cleared"..."""
    action, value = event.action, event.value
    if action == Action.VERDICT:
        label = verdict_label(value, event.detail, scales or {}, event.scale)
        summary = f"verdict {label}" + (f" ({event.scale})" if event.scale and value != DISMISS else "")
        group = event.detail.get("group") if isinstance(event.detail, Mapping) else None
        if isinstance(group, Mapping):
            summary += f", to copy group {group.get('id')} ({group.get('claims')} claims)"
        note = role_note(event)
        return f"{summary}, {note}" if note else summary
    if action == Action.EVIDENCE:
        sources, explanation = evidence.decode(value)
        if not sources and not explanation:
            return "evidence cleared"
        parts = []
        if sources:
            parts.append(f"{len(sources)} source{'s' if len(sources) != 1 else ''}")
        if explanation:
            parts.append(f"explanation “{explanation}”")
        return "evidence: " + "; ".join(parts)
    if action == Action.NOTE:
        return f"note: {value}" if value else "note cleared"
    if action == Action.FLAG:
        return "flagged" if value == Flag.ON else "flag cleared"
    if action == Action.UNDO:
        return f"undo of #{event.undoes}"
    if action == Action.DOCUMENT:
        changes = event.changes()
        shown = ", ".join(f"{name} = {'(cleared)' if new is None else new}" for name, new in sorted(changes.items()))
        return f"document edit: {shown or value}"
    if action == Action.LEARN:
        return f"refit: {model_name(value)} ranks"
    if action == Action.CORRECT:
        fields = event.changes()
        parts = []
        if "text" in fields:
            parts.append(f"text “{fields['text']}”")
        if "speaker" in fields:
            parts.append(f"speaker “{fields['speaker']}”" if fields["speaker"] else "no speaker")
        return "corrected " + ("; ".join(parts) or str(value))
    if action == Action.MATCH and isinstance(event.detail, Mapping):
        return f"match {'confirmed' if value == MatchVerdict.CONFIRM else 'rejected'}: {match_words(event.detail)}"
    if action == Action.CONTENT and isinstance(event.detail, Mapping):
        documents, claims = len(event.detail.get("documents", {})), len(event.detail.get("claims", {}))
        return f"stored {documents} document(s) and {claims} claim(s) (their content digests)"
    return str(action)
