"""The seed article: the claims a fact-checker expects from it.

Clutter spans come from the ingest layer's find_clutter(), as in a real ingest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ingest.clutter import find_clutter
from workbench.nlp.extract import EXTRACTOR_VERSION, extract_document
from workbench.records import KINDS, TIERS

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_0b3f87f20ccd1c99.txt"


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    return text, extract_document(text, find_clutter(text), _pipeline(), select=False)


def _pipeline():
    from workbench.nlp.model import load_pipeline

    return load_pipeline()


def _find(claims, *words, speaker=None):
    """Claims whose text has every word (case-insensitive) and, if given, whose speaker has ``speaker``."""
    out = []
    for c in claims:
        low = c.text.lower()
        if all(w.lower() in low for w in words) and (speaker is None or (c.speaker and speaker in c.speaker)):
            out.append(c)
    return out


def test_records_are_consistent(seed):
    text, ex = seed
    assert [s.idx for s in ex.sentences] == list(range(len(ex.sentences)))
    for s in ex.sentences:
        assert text[s.start : s.end] == s.text
    for c in ex.claims:
        assert c.kind in KINDS and c.tier in TIERS and 0.0 <= c.score <= 1.0
        assert c.extractor_version == EXTRACTOR_VERSION
        sentence = ex.sentences[c.sentence_idx]
        assert sentence.start <= c.start < c.end <= sentence.end
        for e in c.entities:
            assert text[e.start : e.end] == e.text


def test_qari_amjad_designation_has_the_united_states_as_subject(seed):
    _, ex = seed
    (claim,) = _find(ex.claims, "Qari Amjad", "designated")
    assert claim.text.startswith("The United States")
    assert not claim.text.startswith("It ")
    assert "[as a global terrorist]" in claim.text  # the role the sentence leaves unsaid
    assert claim.kind == "designation"
    assert any(e.label == "GPE" and e.text == "The United States" for e in claim.entities)


def test_three_aqis_leaders_one_claim_each(seed):
    _, ex = seed
    for name in ("Osama Mehmood", "Atif Yahya Ghouri", "Muhammad Maruf"):
        (claim,) = _find(ex.claims, name)
        assert claim.text.startswith("The United States")
        assert "named" in claim.text and "global terrorist" in claim.text
        others = {"Osama Mehmood", "Atif Yahya Ghouri", "Muhammad Maruf"} - {name}
        assert not any(o in claim.text for o in others)
        assert claim.kind == "designation"
    roles = [_find(ex.claims, "Osama Mehmood")[0].text, _find(ex.claims, "Atif Yahya Ghouri")[0].text]
    assert "head of the al-Qaeda branch" in roles[0] and "deputy chief" in roles[1]


def test_united_states_adds_ttp_to_terror_list(seed):
    _, ex = seed
    (claim,) = _find(ex.claims, "United States", "added TTP", "al-Qaeda branch", "global terrorists")
    assert claim.kind == "designation"


def test_taliban_takeover_in_august_2021(seed):
    _, ex = seed
    (claim,) = _find(ex.claims, "seized power", "August 2021")
    assert any(e.label == "DATE" and e.text == "August 2021" for e in claim.entities)


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        (("new War on Terror will become a curse",), "Imran Khan"),
        (("America should carry out drone attacks",), "Jamshed Iqbal Cheema, a former adviser to Khan"),
        (("very close ties with al-Qaeda",), "Sami Yousufzai, an expert on Afghan and Pakistani Taliban affairs"),
        (("plunged the country into war",), "Talat A Wizarat"),
        (("enrage the Afghan Taliban",), "Talat A Wizarat"),
        (("Pakistani Taliban would first have to lay down their arms",), "Interior Minister Rana Sanaullah Khan"),
        (("Pakistan should ignore the possible protests",), "Noor Fatima, an Islamabad-based analyst"),
        (("it should not hesitate",), "Noor Fatima"),
        (("difficult decision for Islamabad",), "Zia ur Rehman"),
    ],
)
def test_quotes_carry_their_speakers(seed, words, speaker):
    _, ex = seed
    found = _find(ex.claims, *words)
    assert len(found) == 1, [c.text for c in ex.claims]
    assert found[0].speaker and speaker in found[0].speaker


def test_direct_quotes_are_the_quoted_words(seed):
    text, ex = seed
    (claim,) = _find(ex.claims, "new War on Terror")
    assert claim.kind == "quote"
    assert claim.text.startswith("If we cannot") and "he said" not in claim.text
    assert text[claim.start : claim.end].startswith("If we cannot")


def test_a_belief_stays_a_belief(seed):
    """Only a neutral frame moves into the speaker field: "X believes C" is not "C"."""
    _, ex = seed
    (claim,) = _find(ex.claims, "US is concerned over the rise of TTP attacks")
    assert "believes" in claim.text
    assert "Sami Yousufzai" in claim.speaker


def test_reported_speech_is_made_standalone(seed):
    _, ex = seed
    (rise,) = _find(ex.claims, "rise", "could encourage other terror groups")
    assert rise.text.startswith("The TTP's rise")


def test_organisations_as_speakers(seed):
    _, ex = seed
    (state,) = _find(ex.claims, "committed to using its full set of counterterrorism tools")
    assert state.speaker == "The State Department"
    assert state.text.startswith("Washington is")
    (pti,) = _find(ex.claims, "government wants to use TTP as an excuse")
    assert "(PTI) political party" in pti.speaker
    (kabul,) = _find(ex.claims, "provocative")
    assert kabul.speaker == "The leadership in Kabul"


def test_ordinary_coordination_is_not_split(seed):
    _, ex = seed
    found = _find(ex.claims, "military, police, and intelligence services")
    assert len(found) == 1


def test_no_claims_from_clutter_or_headings(seed):
    text, ex = seed
    clutter = [
        "Skip to content", "S. Khan in Islamabad", "A Pakistani and a Taliban flag",
        "STR/AFP", "tent school", "02:20", "This browser does not support", "Edited by",
        "More stories from DW", "Top Story", "TTP's close links with al-Qaeda",
        "A tough decision for Islamabad", "Maintaining good ties with Kabul",
        "Will the US and Pakistan join forces",
    ]
    for c in ex.claims:
        for piece in clutter:
            assert piece not in c.text, (piece, c.text)
    assert not any(c.text.rstrip('"').endswith("?") for c in ex.claims)


def test_defence_in_depth_without_clutter_spans(pipeline):
    """With no spans from ingest the extractor still makes no claim of the page furniture."""
    text = SEED.read_text(encoding="utf-8")
    ex = extract_document(text, [], pipeline)
    for piece in ["Skip to", "02:20", "This browser", "Edited by", "Top Story", "More stories", "S. Khan in"]:
        assert not any(piece in c.text for c in ex.claims), piece
    # ...without dropping the article's claims.
    assert _find(ex.claims, "Qari Amjad") and _find(ex.claims, "Muhammad Maruf")


def test_excluded_spans_give_no_sentences(seed):
    text, ex = seed
    spans = find_clutter(text)
    for s in ex.sentences:
        assert not any(x.start <= s.start < x.end for x in spans), s.text
