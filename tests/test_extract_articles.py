"""Articles the extractor was not built on, in other styles (texts in tests/data/articles/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.nlp.extract import extract_document

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture(scope="module")
def extract(pipeline):
    cache = {}

    def run(name):
        if name not in cache:
            text = (ARTICLES / name).read_text(encoding="utf-8")
            cache[name] = (text, extract_document(text, [], pipeline, select=False))
        return cache[name]

    return run


def find(claims, *words, speaker=None):
    out = []
    for c in claims:
        if all(w.lower() in c.text.lower() for w in words):
            if speaker is None or (c.speaker is not None and speaker in c.speaker):
                out.append(c)
    return out


def one(claims, *words, speaker=None):
    found = find(claims, *words, speaker=speaker)
    assert len(found) == 1, (words, speaker, [(c.text, c.speaker) for c in claims])
    return found[0]


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.iterdir()))
def test_offsets_and_no_questions(extract, name):
    text, ex = extract(name)
    assert ex.claims
    for s in ex.sentences:
        assert text[s.start : s.end] == s.text
    for c in ex.claims:
        assert not c.text.rstrip('"\u201d').endswith("?")
        assert ex.sentences[c.sentence_idx].start <= c.start < c.end <= ex.sentences[c.sentence_idx].end
        direct = c.start > 0 and text[c.start - 1] in "\"\u201c"
        if not direct:  # a direct quote keeps the speaker's own words
            assert not c.text.startswith(("He ", "She ", "They ")), c.text


def test_business_statistics(extract):
    _, ex = extract("business_statistics.txt")
    assert one(ex.claims, "12% drop in annual profit").kind == "statistic"
    assert one(ex.claims, "$412 million").kind == "statistic"
    online = one(ex.claims, "27% of revenue")
    assert online.speaker == "Northwind Retail" and online.text.startswith("Online sales")  # "It" is the company, named
    quote = one(ex.claims, "We chose to protect prices")
    assert quote.kind == "quote" and "Daniel Okafor" in quote.speaker
    stores = one(ex.claims, "close 45 stores")
    assert stores.kind == "prediction" and "Daniel Okafor" in stores.speaker
    assert stores.text.startswith("Northwind Retail would close")  # "the company", named once before
    prices = one(ex.claims, "6% last year")
    assert "ShopWatch" in prices.speaker and "according to" not in prices.text
    assert one(ex.claims, "$450 million").kind == "prediction"
    assert not find(ex.claims, "Maria Lopez") and not find(ex.claims, "March 3, 2024")


def test_court_report_splits_defendants_and_resolves_he(extract):
    _, ex = extract("court_report.txt")
    defendants = ["Peter Graves", "Simon Adeyemi", "Colin Barrow"]
    for name in defendants:
        claim = one(ex.claims, "Judge Helen Marsh sentenced", name)
        assert claim.kind == "designation" and "on Friday" in claim.text
        assert not any(other in claim.text for other in defendants if other != name)
    convicted = one(ex.claims, "convicted of fraud and money laundering")
    assert convicted.text.startswith("Graves was convicted")
    assert one(ex.claims, "devastated").speaker == "Judge Helen Marsh"
    assert one(ex.claims, "worked all their lives").speaker == "Prosecutor James Whitfield"
    assert one(ex.claims, "14,500").kind == "statistic"
    assert one(ex.claims, "banned all three men").kind == "designation"


def test_sports_result(extract):
    _, ex = extract("sports_result.txt")
    assert one(ex.claims, "beat Eastfield Rovers 2-1")
    for words in ("dreamed about a moment like this", "never stopped believing"):
        claim = one(ex.claims, words)
        assert claim.kind == "quote" and "Rivers" in claim.speaker
    assert one(ex.claims, "earned every point").speaker == "City manager Anna Kowalski"
    assert not find(ex.claims, "City is City")


def test_press_release(extract):
    _, ex = extract("press_release.md")
    assert one(ex.claims, "\u00a31.5 billion").kind == "statistic"
    for words in ("Passengers have waited too long", "This investment will change that", "start of a new era"):
        assert "Rachel Dunmore" in one(ex.claims, words).speaker
    trains = one(ex.claims, "new trains to enter service by 2027")
    assert trains.speaker == "The Ministry of Transport" and trains.kind == "prediction"  # named, not "the ministry"
    assert one(ex.claims, "designated the Northern Rail Corridor").kind == "designation"
    assert not find(ex.claims, "press office") and not find(ex.claims, "Notes to editors")
    assert not find(ex.claims, "immediate release")


def test_multi_paragraph_quote_keeps_its_speaker(extract):
    _, ex = extract("multi_paragraph_quotes.txt")
    for words in ("eleven millimetres", "standing in dust", "lose most of what we planted", "four generations"):
        assert one(ex.claims, words).speaker.startswith("Joan Whitaker")
    assert not find(ex.claims, "Eleven.")
    harvest = one(ex.claims, "35%")
    assert harvest.speaker == "The National Farmers Council" and harvest.kind == "prediction"
    assert "Robert Hale" in one(ex.claims, "cannot carry this alone").speaker
    assert "Robert Hale" in one(ex.claims, "must act now").speaker
    assert "Priya Nair" in one(ex.claims, "drier than they were fifty years ago").speaker
    assert one(ex.claims, "meet farming groups").speaker == "A spokesperson"


def test_hard_wrapped_text(extract):
    text, ex = extract("hard_wrapped.txt")
    first = next(s for s in ex.sentences if s.text.startswith("The city council voted"))
    assert "\n" in first.text and first.text.endswith("two years.")
    assert one(ex.claims, "affordable homes").speaker == "Mayor Linda Osei"
    assert one(ex.claims, "begin next spring").speaker == "Mayor Linda Osei"
    challenge = one(ex.claims, "legal challenge")
    assert challenge.text == "Opponents would consider a legal challenge."
    assert "\n" not in challenge.text


def test_wire_story(extract):
    _, ex = extract("wire_story.txt")
    aid = one(ex.claims, "$40 billion in emergency aid")
    assert aid.speaker == "The White House" and aid.text.startswith("The White House would ask")
    split = one(ex.claims, "We are ready to work with anyone")
    assert split.text == "We are ready to work with anyone, but the money has to come now."
    assert "Karen Blake" in split.speaker
    assert one(ex.claims, "$1.7 trillion").speaker == "The Congressional Budget Office"
    for company in ("Alpha Trading LLC", "Beta Shipping Ltd", "Gamma Metals"):
        claim = one(ex.claims, "sanctioned", company)
        assert claim.text == f"The Treasury Department sanctioned {company}."
    assert "Mark Hill" in one(ex.claims, "This is reckless").speaker
    assert not find(ex.claims, "has not said")
    assert one(ex.claims, "12 people were killed").speaker == "Officials"


def test_health_study(extract):
    _, ex = extract("health_study.txt")
    risk = one(ex.claims, "15% less likely")
    # A study is not a speaker (it names no author): the attribution stays in the claim.
    assert risk.kind == "statistic" and risk.speaker is None and "according to a study" in risk.text
    assert one(ex.claims, "benefit held for ground").text.startswith("The researchers found")
    assert one(ex.claims, "could not prove cause and effect").speaker == "Professor Linda Grey"
    advice = one(ex.claims, "high blood pressure should speak to their doctor")
    assert advice.speaker == "Professor Linda Grey" and advice.kind == "opinion"
    kills = one(ex.claims, "160,000 people")
    assert kills.speaker == "The British Heart Foundation" and kills.kind == "statistic"
    assert not find(ex.claims, "Probably not")


def test_markdown_feature(extract):
    _, ex = extract("markdown_feature.md")
    for c in ex.claims:
        assert "**" not in c.text and "](" not in c.text and not c.text.startswith(("#", "-", "*"))
    bills = one(ex.claims, "21% over the next five years")
    assert bills.text.startswith("Water companies in England have asked")
    # A filing is not a speaker (it names no author): "according to" stays in the claim.
    assert bills.speaker is None and "according to a filing published on Monday" in bills.text
    assert one(ex.claims, "invest at a scale").speaker == "Water UK's chief executive, David Henderson"
    assert one(ex.claims, "paid out billions").speaker == "Feargal Sharkey, a campaigner"
    assert one(ex.claims, "bills should not rise").kind == "opinion"
    assert not find(ex.claims, "Read more") and not find(ex.claims, "staff reporter")


def test_liveblog_and_opinion(extract):
    _, ex = extract("liveblog_and_opinion.txt")
    assert not find(ex.claims, "GMT") and not find(ex.claims, "How long will the storm last")
    assert one(ex.claims, "90mph").speaker == "The Met Office"
    assert one(ex.claims, "20,000 homes").speaker == "Western Power"
    reopen = one(ex.claims, "reopen on Monday")
    assert reopen.text.startswith("Schools in Cornwall would reopen") and reopen.speaker == "The county council"
    forecast = one(ex.claims, "worst of the wind")
    assert forecast.text.startswith("Forecasters expect") and forecast.kind == "prediction"
    assert one(ex.claims, "must ban new homes").kind == "opinion"
    assert one(ex.claims, "released on bail").text == "Two men have been released on bail."
    joint = one(ex.claims, "activated emergency plans")
    assert joint.speaker == "The Environment Agency and the Met Office"
    assert joint.text.startswith("The Environment Agency and the Met Office had activated")


def test_speakers_keep_their_role_across_mentions(extract):
    _, ex = extract("council_quotes.txt")
    mayor = "The mayor, Jane Okoro"
    for words in ("rebuild every home", "It will take years", "But we will do it", "not going to stop"):
        assert one(ex.claims, words).speaker == mayor
    deputy = "Okoro's deputy, Tom Baker"
    assert one(ex.claims, "nowhere near enough").speaker == deputy
    assert one(ex.claims, "money simply is not there").speaker == deputy
    # "Asked whether C, Okoro said she was confident": the question is what she is
    # confident of, so the claim keeps the whole sentence.
    confident = one(ex.claims, "Okoro said she was confident")
    assert confident.speaker == mayor and confident.text.startswith("Asked whether the city would meet its target")
    assert one(ex.claims, "3,000 applications").speaker == "The council"


def test_list_lines_after_a_colon(extract):
    _, ex = extract("announcement_lists.md")
    for road in ("Mill Lane", "Church Road, near the hospital,", "Station Approach"):
        claim = one(ex.claims, road + " would be gritted first")
        assert claim.speaker == "The council" and claim.kind == "prediction"
    for person in ("Ali Hassan, a financier,", "Omar Said"):
        claim = one(ex.claims, person + " was designated")
        assert claim.speaker == "The Treasury" and claim.kind == "designation"
    assert not find(ex.claims, "the following")  # the announcing sentence gave way to its items
    assert not find(ex.claims, "Other measures")
    assert one(ex.claims, "12% to \u00a34.1 million").kind == "statistic"


def test_press_release_station_list(extract):
    _, ex = extract("press_release.md")
    for station in ("Millbrook", "Ashford Lane", "Kelby Junction", "Stanton Wells"):
        assert one(ex.claims, f"{station} will reopen").kind == "prediction"
    assert not find(ex.claims, "Notes to editors")


def test_wire_story_dateline_report_and_referent(extract):
    """A Reuters-style story: the dateline is not part of the claim; "It" in a sentence
    attributed "according to" an agency is the earthquake, not the agency; "Critics say"
    is reduced to what the critics say."""
    text, ex = extract("wire_quake.txt")
    assert not any("(Reuters) -" in c.text or c.text.startswith("TOKYO") for c in ex.claims)
    quake = one(ex.claims, "killing at least 64 people")
    assert quake.text.startswith("A magnitude 7.1 earthquake struck") and quake.kind == "statistic"
    assert "Fire and Disaster Management Agency" in quake.speaker
    strongest = one(ex.claims, "strongest quake")
    assert strongest.text.startswith("A magnitude 7.1 earthquake was")
    assert "Japan Meteorological Agency" in strongest.speaker
    codes = one(ex.claims, "building codes")
    assert codes.speaker == "Critics" and codes.text.startswith("Building codes introduced")
    troops = one(ex.claims, "2,000 troops")
    assert "Fumio Kishida" in troops.speaker
    trapped = one(ex.claims, "still trapped")
    assert trapped.kind == "quote" and "Fumio Kishida" in trapped.speaker
    assert not find(ex.claims, "Could Japan")  # the headline is a question
