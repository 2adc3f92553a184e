"""Commands on documents: list them, show one, correct its metadata."""

from __future__ import annotations

import click

from workbench.cli.output import (
    Context,
    echo_fields,
    echo_json,
    echo_table,
    format_option,
    pass_ctx,
    reviewer_option,
    wants_json,
)
from workbench.domain import Document
from workbench.safetext import visible

# What `documents --json` and `document` show: the record without its text and clutter spans.
_SHOWN = ("id", "version", "title", "byline", "outlet", "published", "url", "encoding", "replaced",
          "size", "format", "ingested_at", "model", "extractor_version", "sha256", "paths", "claims")


def document_json(doc: Document) -> dict:
    full = doc.to_json()
    return {key: full[key] for key in _SHOWN}


@click.command()
@format_option
@pass_ctx
def documents(obj: Context, fmt: str, as_json: bool) -> None:
    """List the stored documents (current versions)."""
    rows = obj.workbench().documents()
    if wants_json(fmt, as_json):
        echo_json([document_json(d) for d in rows])
        return
    echo_table(
        ["id", "v", "claims", "published", "outlet", "title", "path"],
        [[d.id, d.version, d.claims, d.published or "", d.outlet or "", d.title or "", d.paths[0] if d.paths else ""]
         for d in rows],
        widths={"title": 60, "path": 50, "outlet": 20},
    )


@click.command()
@click.argument("document_id", type=int)
@click.option("--title")
@click.option("--byline")
@click.option("--outlet")
@click.option("--date", "published", help="Publication date, ISO 8601 (e.g. 2023-01-13).")
@click.option("--url")
@reviewer_option
@format_option
@pass_ctx
def document(
    obj: Context, document_id: int, title: str | None, byline: str | None, outlet: str | None,
    published: str | None, url: str | None, reviewer: str, fmt: str, as_json: bool,
) -> None:
    """Show a document's metadata, or correct it (audited like any decision).

    An empty value ("") clears a field.
    """
    wb = obj.workbench()
    given = {"title": title, "byline": byline, "outlet": outlet, "published": published, "url": url}
    changes = {k: (v or None) for k, v in given.items() if v is not None}
    if changes:
        decision = wb.edit_document(document_id, changes, reviewer=reviewer)
        click.echo(visible(f"saved #{decision.seq}: document {document_id} {', '.join(sorted(changes))} (by {reviewer})"))
    shown = document_json(wb.document(document_id))
    shown["claims"] = wb.store.count(document=document_id).total
    if wants_json(fmt, as_json):
        echo_json(shown)
    elif not changes:
        echo_fields({("path" if k == "paths" else k): v for k, v in shown.items()})


COMMANDS = (documents, document)
