"""The Python API: one object for scripting the workbench, as sqlite-utils' ``Database`` is.

Size: one class, the Python API, whose methods are thin documented calls into the
store, ingest, export and seen layers (as sqlite-utils' Database is one class).

    from workbench import Workbench

    with Workbench("db/workbench.db", reviewer="ana") as wb:
        wb.ingest(["articles/"])
        for claim in wb.claims(status="unreviewed", limit=10):
            print(claim.id, claim.score, claim.text)
        wb.decide(12, "mostly-false", note="the ministry's figure is 38")
        wb.export("csv", "verdicts.csv", reviewed_only=True)
        assert wb.verify().ok

Every method returns the typed records of :mod:`workbench.domain`; every
decision goes through the store's one validated write path, exactly as the
CLI's and the app's do (the CLI is a shell over this class). Errors are
:class:`~workbench.store.StoreError` subclasses (``NotFound``,
``InvalidDecision``, ...) and ``ValueError`` for bad export options, each with
one line a person can act on (``LearnError``, also a ValueError, for
:meth:`learn`). Nothing here imports Textual; spaCy is loaded only by
:meth:`ingest` and :meth:`extract`. Full reference: docs/api.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from workbench.config import Config, load_config
from workbench.domain import Claim, Decision, Document, Event, GroupVerdict, Match, Ranking, Stats
from workbench.evidence import Source
from workbench.scales import Scale, resolve_scale
from workbench.store import LATEST, UNSET, InvalidDecision, Store, VerifyResult
from workbench.store.connection import DEFAULT_BUSY_TIMEOUT
from workbench.store.witness import Witness
from workbench.vocab import ExportFormat, MatchVerdict, Order, ReviewMode, Status

DEFAULT_WITNESS: Any = object()  # the user's witness folder

if TYPE_CHECKING:
    from workbench.agreement import AgreementReport
    from workbench.desk import LearnReport
    from workbench.export import ExportResult
    from workbench.ingest.reextract import Reextracted
    from workbench.ingest.run import FileReport, IngestReport
    from workbench.nlp.model import Pipeline
    from workbench.seen.records import ImportReport
    from workbench.seen.work import MatchStep


class Workbench:
    """A workbench database, open: read claims, decide on them, ingest, export, verify.

    ``reviewer`` is who decisions are recorded as (each decision may name
    another); it defaults to ``$WORKBENCH_REVIEWER``. ``config`` defaults to
    the team's ``workbench.toml`` beside the database (its scales, its
    ClaimReview publisher). ``create=False`` refuses a path with no database.
    ``witness``: where each commit's head is appended (the user's witness
    folder by default, ``$WORKBENCH_WITNESS``; None for none).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        reviewer: str | None = None,
        config: Config | None = None,
        create: bool = True,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        witness: Witness | None | Any = DEFAULT_WITNESS,
    ) -> None:
        self.path = Path(path)
        self.witness = Witness.default() if witness is DEFAULT_WITNESS else witness
        self.store = Store.open(self.path, create=create, busy_timeout=busy_timeout, witness=self.witness)
        self.reviewer = reviewer or os.environ.get("WORKBENCH_REVIEWER", "").strip() or None
        self._config = config

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- settings

    @property
    def config(self) -> Config:
        """The team settings (read on first use: a broken file is a ConfigError then)."""
        if self._config is None:
            self._config = load_config(self.path)
        return self._config

    def scales(self) -> dict[str, Scale]:
        """Every scale a reviewer can use: built-in, then the team's own."""
        return self.config.scales()

    def scale(self, name: str | Scale | None = None) -> Scale:
        """A scale by id (built-in or the team's) or .toml path; the team's default for None."""
        if isinstance(name, Scale):
            return name
        if name is None:
            return self.config.default_scale()
        return self.scales().get(name) or resolve_scale(name)

    def _reviewer(self, reviewer: str | None) -> str:
        name = reviewer or self.reviewer
        if not name:
            raise InvalidDecision("a decision needs a reviewer name: Workbench(path, reviewer=...) or reviewer=...")
        return name

    # ----------------------------------------------------------------- reading

    def claims(
        self,
        *,
        status: Status | str = Status.ALL,
        document: int | None = None,
        search: str | None = None,
        order: Order | str = Order.SCORE,
        reviewer: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims with their review state, most check-worthy first unless ``order`` says otherwise.

        An unknown ``document`` is NotFound.
        """
        return self.store.claims(
            status=status, document=document, search=search, order=order,
            reviewer=reviewer, since=since, limit=limit, offset=offset,
        )

    def claim(self, claim_id: int) -> Claim:
        return self.store.claim(claim_id)

    def history(self, claim_id: int) -> list[Event]:
        """Every event on a claim, oldest first."""
        return self.store.history(claim_id)

    def documents(self) -> list[Document]:
        """The current version of every stored document (without its text)."""
        return self.store.documents()

    def document(self, document_id: int) -> Document:
        """One document version, with its text."""
        return self.store.document(document_id)

    def stats(self) -> Stats:
        return self.store.stats()

    # ---------------------------------------------------------------- deciding

    def decide(
        self,
        claim_id: int,
        verdict: str,
        *,
        scale: str | Scale | None = None,
        note: str | None = None,
        reviewer: str | None = None,
        seen: int | None = LATEST,
        mode: ReviewMode | str | None = None,
        overrule: bool = False,
        adjudicate: bool = False,
        sources: Sequence[Source | str] | None = None,
        explanation: str | None = None,
    ) -> Decision:
        """Record a verdict (a slug or label of ``scale``, any case, or ``not-checkworthy`` to dismiss).

        Returns the verdict's decision (committed). ``seen`` is the claim's
        latest event you had in view: another reviewer's later decision then
        makes this one a conflict (both are kept). By default, what is latest
        now. Replacing another reviewer's verdict needs ``overrule=True``
        (:class:`~workbench.store.OverruleNeeded` otherwise); deciding a claim
        other reviewers disagree on needs ``adjudicate=True``. ``mode``: single
        or double review (default: the team config's ``[review] mode``).
        ``note``, and ``sources``/``explanation`` (the evidence), are recorded
        after it when given, each as its own audited event.
        """
        name = self._reviewer(reviewer)
        decision = self.store.set_verdict(
            claim_id, verdict, scale=self.scale(scale), reviewer=name, seen=seen,
            mode=mode or self.config.review_mode, overrule=overrule, adjudicate=adjudicate,
        )
        if note is not None:
            self.store.set_note(claim_id, note, reviewer=name)
        if sources is not None or explanation is not None:
            self.evidence(claim_id, sources=sources, explanation=explanation, reviewer=name)
        return decision

    def evidence(
        self,
        claim_id: int,
        *,
        sources: Sequence[Source | str] | None = None,
        explanation: str | None = None,
        reviewer: str | None = None,
    ) -> Decision:
        """Set a claim's evidence: ``sources`` (URLs, ``"URL title"`` or Source) and/or the public
        ``explanation``. What is not given (None) is kept as it stands; ``[]`` or ``""`` clears it."""
        current = self.store.claim(claim_id)
        return self.store.set_evidence(
            claim_id,
            sources=current.sources if sources is None else sources,
            explanation=current.explanation if explanation is None else explanation,
            reviewer=self._reviewer(reviewer),
        )

    def agreement(self) -> AgreementReport:
        """Agreement between reviewers on double review's blind verdicts: per pair, counts,
        percent agreement and Cohen's kappa, overall and per verdict."""
        from workbench.agreement import agreement

        return agreement(self.store.events())

    def note(self, claim_id: int, text: str, *, reviewer: str | None = None) -> Decision:
        """Set a claim's note; an empty text clears it."""
        return self.store.set_note(claim_id, text, reviewer=self._reviewer(reviewer))

    def flag(self, claim_id: int, on: bool = True, *, reviewer: str | None = None) -> Decision:
        """Flag a claim as needing checking (``on=False`` clears the flag)."""
        return self.store.set_flag(claim_id, on, reviewer=self._reviewer(reviewer))

    def undo(self, claim_id: int, *, event: int | None = None, reviewer: str | None = None) -> Decision:
        """Retract the latest active decision on a claim (or the decision ``event``)."""
        return self.store.undo(claim_id, reviewer=self._reviewer(reviewer), target=event)

    def correct(
        self,
        claim_id: int,
        *,
        text: str | Any = UNSET,
        speaker: str | None | Any = UNSET,
        reviewer: str | None = None,
    ) -> Decision:
        """Correct a claim's text and/or speaker (``speaker=None``: no speaker); an audited decision.

        What extraction said is kept (``Claim.extracted_text``/``extracted_speaker``);
        re-extraction never overwrites the correction; ``undo`` retracts it.
        """
        return self.store.correct_claim(claim_id, text=text, speaker=speaker, reviewer=self._reviewer(reviewer))

    def edit_document(self, document_id: int, changes: Mapping[str, str | None], *, reviewer: str | None = None) -> Decision:
        """Correct a document's metadata (title, byline, outlet, published, url; None clears)."""
        return self.store.edit_document(document_id, changes, reviewer=self._reviewer(reviewer))

    # ------------------------------------------------------------- seen before

    def import_factchecks(
        self, paths: Sequence[str | Path], *, match: bool = True,
        on_file: Callable[[ImportReport], None] | None = None,
    ) -> list[ImportReport]:
        """Import published fact-checks (ClaimReview JSON-LD, the workbench's exports, simple CSV/JSONL).

        One report per file: added, updated, unchanged, and each bad record as
        a Problem (file, record, reason). Re-importing changes nothing. With
        ``match``, every claim is then matched against what is new.
        """
        reports = self.store.import_factchecks(paths, on_file=on_file)
        if match and any(r.added or r.updated for r in reports):
            self.match_pending()
        return reports

    def match_pending(self, *, on_step: Callable[[MatchStep], None] | None = None) -> int:
        """Match every claim whose candidates are missing or stale (after ingest or import)."""
        return self.store.match_pending(on_step=on_step)

    def matches(self, claim_id: int) -> list[Match]:
        """A claim's "seen before" candidates (matched now if the worker has not reached it):
        those a reviewer answered first, then suggestions by rank."""
        self.store.match_claim(claim_id)
        return self.store.matches(claim_id)

    def suggestion(self, claim_id: int, number: int) -> Match:
        """The ``number``-th suggestion (1 = best) of :meth:`matches`, not yet answered."""
        suggestions = [m for m in self.matches(claim_id) if m.answer is None]
        if not 1 <= number <= len(suggestions):
            raise InvalidDecision(
                f"claim {claim_id} has {len(suggestions)} suggestion(s): {number} is not one of them"
                if suggestions else f"claim {claim_id} has no suggestion to answer"
            )
        return suggestions[number - 1]

    def confirm_match(self, claim_id: int, candidate: Match, *, reviewer: str | None = None) -> Decision:
        """Confirm a candidate: an audited match event; it proposes its verdict (:meth:`proposed_verdict`)."""
        return self.store.decide_match(claim_id, MatchVerdict.CONFIRM, kind=candidate.kind, ref=candidate.ref,
                                       reviewer=self._reviewer(reviewer))

    def reject_match(self, claim_id: int, candidate: Match, *, reviewer: str | None = None) -> Decision:
        """Reject a candidate: an audited match event; it is never suggested again for this claim."""
        return self.store.decide_match(claim_id, MatchVerdict.REJECT, kind=candidate.kind, ref=candidate.ref,
                                       reviewer=self._reviewer(reviewer))

    def proposed_verdict(self, claim_id: int, *, scale: str | Scale | None = None) -> str | None:
        """The verdict the claim's confirmed match proposes on ``scale`` (a slug), or None."""
        from workbench.seen.propose import proposed_verdict

        match = self.store.claim(claim_id).match
        return proposed_verdict(match, self.scale(scale)) if match else None

    def decide_group(
        self, claim_id: int, verdict: str, *, scale: str | Scale | None = None, reviewer: str | None = None,
        mode: ReviewMode | str | None = None,
    ) -> GroupVerdict:
        """One verdict for the claim and all its copies: one audited event per claim; claims where it
        would overrule or adjudicate are skipped and listed in ``skipped``."""
        return self.store.set_group_verdict(
            claim_id, verdict, scale=self.scale(scale), reviewer=self._reviewer(reviewer),
            mode=mode or self.config.review_mode,
        )

    def undo_group(self, claim_id: int, *, event: int | None = None, reviewer: str | None = None) -> list[Decision]:
        """Undo a group verdict on every claim it went to (one undo event per claim)."""
        return self.store.undo_group(claim_id, reviewer=self._reviewer(reviewer), target=event)

    # --------------------------------------------------------------- pipelines

    def ingest(
        self,
        paths: Sequence[str | Path] = (),
        *,
        urls: Sequence[str] = (),
        feeds: Sequence[str] = (),
        model: str | None = None,
        pipeline: Pipeline | None = None,
        jobs: int = 1,
        all_files: bool = False,
        max_bytes: int | None = None,
        fetch_jobs: int | None = None,
        timeout: float | None = None,
        on_file: Callable[[FileReport], None] | None = None,
        on_total: Callable[[int], None] | None = None,
        on_web_total: Callable[[int], None] | None = None,
        on_fetch: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Ingest files, folders, web pages (``paths`` may hold http(s) URLs) and feeds (loads spaCy).

        The report has one line per file or page; ``on_total`` hears how many
        files there are, ``on_web_total`` how many pages (``on_total`` when not given).
        """
        from workbench.ingest.reader import DEFAULT_MAX_BYTES
        from workbench.ingest.run import IngestReport, ingest_paths
        from workbench.ingest.web import looks_like_url

        cap = max_bytes or DEFAULT_MAX_BYTES
        urls = [*urls, *(str(p) for p in paths if looks_like_url(str(p)))]
        files = [Path(p) for p in paths if not looks_like_url(str(p))]
        reports: list[IngestReport] = []
        if files:
            reports.append(ingest_paths(
                self.store, files, pipeline=pipeline, model=model, all_files=all_files,
                max_bytes=cap, jobs=jobs, on_file=on_file, on_total=on_total,
            ))
        if urls or feeds:
            from workbench.ingest.webrun import DEFAULT_FETCH_JOBS, ingest_web

            reports.append(ingest_web(
                self.store, urls, feeds=list(feeds), pipeline=pipeline, model=model, max_bytes=cap, jobs=jobs,
                fetch_jobs=fetch_jobs or DEFAULT_FETCH_JOBS, timeout=timeout, on_file=on_file,
                on_total=on_web_total or on_total, on_fetch=on_fetch,
            ))
        if not reports:
            return IngestReport()
        report = reports[0]
        for other in reports[1:]:
            report.files.extend(other.files)
            report.notes.extend(other.notes)
            report.explicit_refusals += other.explicit_refusals
            report.model = report.model or other.model
        return report

    def extract(
        self,
        *,
        document: int | None = None,
        model: str | None = None,
        pipeline: Pipeline | None = None,
        on_document: Callable[[Reextracted], None] | None = None,
    ) -> list[Reextracted]:
        """Re-run extraction over one document or all; claims keep their ids, verdicts and history."""
        from workbench.ingest.reextract import reextract
        from workbench.nlp.model import load_pipeline

        return reextract(self.store, pipeline or load_pipeline(model), document=document, on_document=on_document)

    def export(
        self,
        fmt: ExportFormat | str,
        out: str | Path | BinaryIO,
        *,
        reviewed_only: bool = False,
        document: int | None = None,
        reviewer: str | None = None,
        since: str | None = None,
        include_disputed: bool = False,
    ) -> ExportResult:
        """Export as csv, jsonl or claimreview to a binary stream, or to a path.

        A path that is a regular file (or new) is replaced whole or not at all,
        keeping its mode; ``-``, a FIFO or a character device is written in
        place; a folder is refused (:func:`workbench.safefile.open_target`).

        ClaimReview leaves out claims whose reviewers disagree or conflict
        unless ``include_disputed``; either way each one is named in ``warnings``.
        """
        from workbench.export import export
        from workbench.safefile import open_target

        # Only ClaimReview needs the team config (its publisher): a broken config file
        # must not stop a CSV export.
        publishing = str(fmt) == ExportFormat.CLAIMREVIEW
        options: dict[str, Any] = dict(
            reviewed_only=reviewed_only, document=document, reviewer=reviewer, since=since,
            config=self.config if publishing else self._config, include_disputed=include_disputed,
        )
        if isinstance(out, (str, Path)):
            # A file is replaced whole; a FIFO, device or "-" is streamed in place (safefile).
            with open_target(out) as stream:
                return export(self.store, str(fmt), stream, **options)
        return export(self.store, str(fmt), out, **options)

    # ----------------------------------------------------------- the desk model

    def learn(self, *, evaluate_only: bool = False, reviewer: str | None = None, auto: bool = False) -> LearnReport:
        """Refit the desk's check-worthiness model on its verdicts and dismissals.

        Cross-validates it over the decisions, grouped by document, against the
        shipped model; only when it beats the shipped model is it stored and does
        it re-rank the unreviewed claims (decided ones never move). Either way the
        outcome is one audited learn event under ``reviewer``. ``evaluate_only``
        reports and writes nothing. Too few decisions, or one kind only, raise
        ``LearnError`` (a ValueError) with one line.
        """
        from workbench.desk import learn

        name = None if evaluate_only else self._reviewer(reviewer)
        return learn(self.store, reviewer=name, evaluate_only=evaluate_only, auto=auto)

    def ranking(self) -> Ranking:
        """Which model ranks the unreviewed queue: the desk's (its version, counts) or the shipped one."""
        return self.store.ranking()

    def verify(
        self,
        *,
        expect_head: str | None = None,
        witnesses: Sequence[str | Path] = (),
        use_witness: bool = True,
        exports: Sequence[str | Path] = (),
        signed_heads: Sequence[str | Path] = (),
        trust_keys: Sequence[str] = (),
    ) -> VerifyResult:
        """Check the audit log, its hashes and triggers, the content digests, every cache and the file;
        then against heads kept outside it.

        ``expect_head`` (``SEQ:HASH``), the witness files (this user's, unless
        ``use_witness=False``, and ``witnesses``), the heads ``exports`` recorded
        (CSV trailer, JSONL closing line), and ``signed_heads`` signed by a
        trusted key (yours, ``trusted_keys`` in your config folder, ``trust_keys``):
        each must still be on the chain with its hash, and the log must reach
        them. README "What verify proves" says what each proves and what not.
        """
        from workbench.store import witness as outside

        result = self.store.verify(expect_head=expect_head)
        db_id = self.store.db_id
        files = [Path(p) for p in witnesses]
        own = self.witness or (outside.Witness.default() if use_witness else None)
        if use_witness and own is not None and own.file_for(db_id).exists():
            files.insert(0, own.file_for(db_id))
        heads: list[tuple[str, list[outside.Head]]] = []
        for path in files:
            found, problems = outside.read_witness(path, db_id)
            result.problems.extend(problems)
            heads.append((f"the witness {path}", found))
            result.checked.append(f"witness {path}: {len(found)} heads")
        for path in exports:
            head, problem = outside.head_from_export(Path(path), db_id)
            if problem:
                result.problems.append(problem)
            else:
                heads.append((head.source, [head]))
                result.checked.append(f"{head.source}: head {head.seq}")
        trusted = outside.trusted_keys() | set(trust_keys)
        for path in signed_heads:
            try:
                from workbench.config import read_settings_file

                text = read_settings_file(Path(path))
            except ValueError as exc:
                result.problems.append(f"signed head {exc}")
                continue
            head, problem = outside.check_signed_head(text, db_id, trusted)
            if problem:
                result.problems.append(f"signed head {path}: {problem}")
            else:
                heads.append((f"the signed head {path}", [head]))
                result.checked.append(f"signed head {path}: head {head.seq}, {head.source}")
        for what, found in heads:
            result.problems.extend(outside.check_heads(found, result.hashes, what))
        result.ok = not result.problems
        return result

    def sign_head(self, *, key: str | Path | None = None, reviewer: str | None = None) -> dict:
        """The current head, signed with the reviewer's Ed25519 key (created on first use)."""
        from workbench.store import witness as outside

        signing = outside.load_or_create_key(Path(key) if key else None)
        seq, digest = self.store.head()
        return outside.sign_head(signing, self.store.db_id, seq, digest, reviewer or self.reviewer or "")
