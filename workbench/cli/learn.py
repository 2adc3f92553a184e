"""`workbench learn`: refit the desk's check-worthiness model, evaluate it, or show which model ranks."""

from __future__ import annotations

import sys

import click

from workbench.cli.output import Context, echo_json, fail, format_option, pass_ctx, reviewer_option, wants_json
from workbench.domain import Ranking
from workbench.safetext import visible
from workbench.vocab import Ranker


def _decisions(counts: dict) -> str:
    if not counts:
        return "-"
    return (f"{counts.get('labels', 0)} ({counts.get('verdicts', 0)} verdicts, {counts.get('dismissals', 0)} "
            f"dismissals) from {counts.get('documents', 0)} documents")


def _model(ranking: Ranking) -> str:
    if ranking.version is None:
        return "the shipped model (no refit yet)"
    return f"{ranking.version} ({ranking.ranker.label})"


def _line(name: str, value: object) -> None:
    click.echo(visible(f"{name:<18} {value}"))


@click.command()
@click.option("--evaluate", "evaluate_only", is_flag=True,
              help="Only report whether a desk model would beat the shipped one; change nothing.")
@click.option("--status", "show_status", is_flag=True,
              help="Show which model ranks the queue and the latest refits; change nothing.")
@reviewer_option
@format_option
@pass_ctx
def learn(obj: Context, evaluate_only: bool, show_status: bool, reviewer: str, fmt: str, as_json: bool) -> None:
    """Learn from the desk: refit the check-worthiness model on its verdicts and dismissals.

    A verdict on any scale counts as "check-worthy", a dismissal
    (not-checkworthy) as "not". The desk model is fitted over the shipped one
    and cross-validated over the decisions, grouped by document; only when it
    beats the shipped model does it re-rank the unreviewed claims (a decided
    claim never moves). Either way the refit is an audited event, by
    --reviewer. Exit 1 when there are too few decisions (20, at least 5 of each
    kind, from 2 documents); with --evaluate, also when the desk model does not
    beat the shipped one.
    """
    from workbench.desk import LearnError

    wb = obj.workbench()
    if show_status:
        _status(obj, fmt, as_json)
        return
    try:
        report = wb.learn(evaluate_only=evaluate_only, reviewer=reviewer)
    except LearnError as exc:
        fail(str(exc), 1)
    if wants_json(fmt, as_json):
        echo_json(report.to_json())
    else:
        _line("decisions", _decisions(report.counts))
        _line("cross-validation", f"{len(report.folds)} folds, grouped by document")
        click.echo(f"{'':<18} {'shipped':<9} desk")
        click.echo(f"{'average precision':<18} {report.prior_ap:<9.3f} {report.local_ap:.3f}")
        click.echo(f"{'top-5 precision':<18} {report.prior_p5:<9.3f} {report.local_p5:.3f}")
        _line("result", report.message)
        if report.evaluate_only:
            _line("ranks now", report.version or "the shipped model (no refit yet)")
            _line("changed", "nothing (--evaluate)")
        else:
            was = f" (was {report.previous})" if report.previous and report.previous != report.version else ""
            _line("ranks now", f"{report.version}, {report.ranker.label}{was}")
            if report.ranker == Ranker.DESK:
                _line("re-ranked", f"{report.rescored} unreviewed claims (decided claims never move)")
            else:
                _line("re-ranked", f"{report.rescored} claims back on the shipped model's score")
            _line("audit event", f"#{report.seq}")
        _line("time", f"{sum(report.seconds.values()):.2f} s")
    if report.evaluate_only and not report.beats_prior:
        sys.exit(1)


def _status(obj: Context, fmt: str, as_json: bool) -> None:
    wb = obj.workbench()
    ranking = wb.ranking()
    history = wb.store.learn_history()
    since = wb.store.decisions_since(ranking.seq or 0)
    auto = wb.config.learn_auto_after
    if wants_json(fmt, as_json):
        echo_json({"ranking": ranking.to_json(), "decisions_since": since, "auto_after": auto,
                   "history": [r.to_json() for r in history]})
        return
    _line("ranks now", _model(ranking))
    if ranking.seq is not None:
        _line("since", f"event #{ranking.seq}, by {ranking.reviewer} at {ranking.at}")
        _line("judged on", _decisions(dict(ranking.counts)))
    _line("new decisions", f"{since} since " + ("the last refit" if ranking.seq else "the start"))
    _line("automatic refit", f"in the app after {auto} new decisions" if auto else "off ([learn] auto_after)")
    if history:
        click.echo("refits, newest first:")
        for r in history:
            at = (r.at or "").replace("T", " ")[:16]
            click.echo(visible(f"  #{r.seq:<6} {at}  {r.reviewer}  {r.version}  {r.counts.get('labels', 0)} decisions"))


COMMANDS = (learn,)
