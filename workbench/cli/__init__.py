"""The `workbench` command: a thin Click shell over the Python API and the layers under it.

Every command takes the global ``--db``. Commands that print records take
``--format table|json`` (JSON is each record's ``to_json()``). Errors are one
line on stderr: exit 1 when the thing checked or attempted failed, 2 for usage
errors. Modules that load spaCy or Textual are imported inside the commands
that need them, so the others start fast. One module per group of commands:

* :mod:`.claims`: claims, claim, verdict, note, flag, undo, history;
* :mod:`.documents`: documents, document;
* :mod:`.pipeline`: ingest, extract, score;
* :mod:`.audit`: verify, stats, export, scales;
* :mod:`.learn`: learn (the desk's check-worthiness model);
* :mod:`.seen`: import, matches, match (seen before: published fact-checks);
* review (the app) is here, as the command run when none is given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from workbench import __version__
from workbench.cli.output import Context, add_db_option, fail, pick_scale, reviewer_option
from workbench.config import ConfigError
from workbench.scales import ScaleError
from workbench.store import InvalidDecision, NotFound, StoreError

DEFAULT_DB = Path("db") / "workbench.db"


class WorkbenchGroup(click.Group):
    """Turns every known failure into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (NotFound, InvalidDecision, ScaleError, ConfigError) as exc:
            fail(str(exc), 2)
        except StoreError as exc:
            fail(str(exc), 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            # `workbench claims | head`: the reader left; that is not an error.
            sys.stderr.close()
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 1)
        except Exception as exc:  # the last line of defence: still one line
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set WORKBENCH_DEBUG=1 for details)", 1)


@click.group(cls=WorkbenchGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="WORKBENCH_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="The SQLite database (or set WORKBENCH_DB).",
)
@click.option("--reviewer", "group_reviewer", help="Who is deciding, for the command that follows (or give it after the command).")
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: Path, group_reviewer: str | None) -> None:
    """A fact-checking workbench: extract check-worthy claims, review them, export verdicts.

    With no command, opens the review app on the database. --db and
    --reviewer may come before the command or after it.
    """
    ctx.obj = Context(db, group_reviewer)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@cli.command()
@reviewer_option
@click.option(
    "--scale",
    "scale_name",
    envvar="WORKBENCH_SCALE",
    help="Verdict scale for new decisions (default: the config's, else `default`).",
)
@click.option(
    "--double/--single",
    "double",
    default=None,
    help="Double review (two independent verdicts a claim, blind to each other) or single, "
    "for this session (default: [review] mode in workbench.toml, else single).",
)
@click.pass_obj
def review(obj: Context, reviewer: str, scale_name: str | None, double: bool | None) -> None:
    """Open the review app (the default when no command is given)."""
    from workbench.config import load_config
    from workbench.vocab import ReviewMode

    config = load_config(obj.db_path)
    scale = pick_scale(obj.db_path, scale_name)
    mode = config.review_mode if double is None else (ReviewMode.DOUBLE if double else ReviewMode.SINGLE)
    obj.workbench(create=True)  # fail here, with one line, if the file is not a usable database
    obj.close()
    from workbench.tui.app import run_app

    run_app(obj.db_path, reviewer=reviewer, scale=scale, config=config, mode=mode)


def _register() -> None:
    from workbench.cli import audit, claims, documents, learn, pipeline, seen

    for module in (claims, documents, pipeline, audit, learn, seen):
        for command in module.COMMANDS:
            cli.add_command(command)
    for command in cli.commands.values():
        add_db_option(command)


_register()


def main() -> None:
    cli(prog_name="workbench")


__all__ = ["cli", "main"]
