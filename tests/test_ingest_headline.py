"""Headlines and standfirsts are document metadata: excluded spans, never claims."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import candidate, write
from workbench.ingest import read_article
from workbench.ingest.clutter import find_clutter
from workbench.ingest.headline import HEADLINE, STANDFIRST, find_headlines
from workbench.ingest.metadata import extract_metadata


def _marked(text: str) -> dict[str, str]:
    excluded = find_clutter(text)
    title = extract_metadata(text, excluded).title
    return {span.reason: text[span.start : span.end] for span in find_headlines(text, excluded, title)}


BODY = (
    "The council voted on Tuesday to raise the minimum wage for its contractors to £12.60 an hour.\n\n"
    "The increase will cost about £4m a year, the finance committee said.\n\n"
    "Unions welcomed the decision.\n"
)


def test_headline_and_standfirst_of_a_broadsheet_story() -> None:
    text = "Council raises minimum wage for contractors\n\nUnions welcome a rise that will cost £4m a year\n\n" + BODY
    assert _marked(text) == {
        HEADLINE: "Council raises minimum wage for contractors",
        STANDFIRST: "Unions welcome a rise that will cost £4m a year",
    }


def test_a_lead_sentence_is_not_a_standfirst() -> None:
    text = "Council raises minimum wage for contractors\n\n" + BODY
    assert _marked(text) == {HEADLINE: "Council raises minimum wage for contractors"}


def test_a_title_case_headline_with_a_full_stop() -> None:
    text = "Stealth Over Health: Senator Was Headed To Hospital But Diverted.\n\n" + BODY
    assert _marked(text)[HEADLINE].startswith("Stealth Over Health")


def test_an_article_that_opens_with_a_sentence_has_no_headline() -> None:
    assert _marked("The mayor, Jane Okoro, spoke to reporters on Monday.\n\n" + BODY) == {}


def test_bylines_and_list_introductions_are_not_standfirsts() -> None:
    assert STANDFIRST not in _marked("Council raises pay\n\nBy Anna Reyes\n\n" + BODY)
    listed = "Council sets out winter plan\n\nThe council said these roads come first:\n\n- Mill Lane\n\n" + BODY
    assert STANDFIRST not in _marked(listed)


def test_ingest_keeps_the_text_and_marks_the_headline(tmp_path: Path) -> None:
    text = "Council raises minimum wage for contractors\n\n" + BODY
    article = read_article(candidate(write(tmp_path / "a.txt", text)))
    assert article.text == text
    (span,) = [s for s in article.excluded if s.reason == HEADLINE]
    assert text[span.start : span.end] == "Council raises minimum wage for contractors"
    assert article.metadata.title == "Council raises minimum wage for contractors"
