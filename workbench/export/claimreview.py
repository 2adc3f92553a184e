"""The ClaimReview export: schema.org JSON-LD for publishing verdicts.

One ClaimReview per claim with a settled verdict on a scale (dismissals,
unreviewed claims and double reviews still awaiting their second verdict are
not reviews). The rating comes from the snapshot of the verdict's definition
recorded in the decision event, so a verdict keeps the rating it was given
after the team switches scales or edits a custom scale file. What a desk would
not publish is not published: a verdict off the truth scale gets a name and no
number, a claim its reviewers disagree on (or conflict on) is left out unless
asked for, and a speaker nobody named is not made a Person.

Output is one JSON array, indented, UTF-8. ``<``, ``>`` and ``&`` are written
as ``\\u003c`` etc. (still the same JSON), so the text can be pasted into an
HTML ``<script type="application/ld+json">`` without a claim that contains
``</script>`` breaking the page.
"""

from __future__ import annotations

import json
import math
import re
from typing import BinaryIO

from collections.abc import Mapping, Sequence

from workbench.config import DEFAULT_PUBLISHER, Config, fill_template, template_problem
from workbench.describe import agreement_line
from workbench.domain import Claim, Document
from workbench.export.rows import iso_date
from workbench.records import Entity
from workbench.scales import RATING_LIMIT
from workbench.safetext import visible
from workbench.scales import DEFAULT_SCALE
from workbench.store import Store
from workbench.store.queries import ClaimFilter
from workbench.vocab import Order

# Words that make a speaker a person even when an institution is named with them
# ("a Ministry of Health spokesperson", "Police Chief Ana Ruiz").
_PERSON_WORDS = frozenset(
    """spokesperson spokesman spokeswoman minister president vice director chief ceo cfo
    chairman chairwoman chairperson chair secretary senator governor mayor officer official
    leader head premier professor prof dr mr mrs ms miss sir dame lord lady judge justice general
    colonel major captain lieutenant sergeant commissioner ambassador envoy analyst economist
    researcher scientist lawyer attorney reporter correspondent editor founder manager member
    mp mla mep candidate king queen prince princess sheikh emir pope imam rabbi bishop cardinal
    coach player doctor nurse teacher student resident witness activist deputy councillor
    councilor congressman congresswoman representative rep sen gov""".split()
)
# Words that name an institution ("the ministry", "Acme Corp", "city council").
_ORG_WORDS = frozenset(
    """ministry department government police council bank university agency committee
    commission company corporation corp inc ltd llc plc gmbh group party office association
    union court army military navy forces institute foundation federation authority board
    bureau parliament senate congress assembly administration organisation organization
    service services club church hospital school college network newspaper broadcaster
    embassy cabinet secretariat fund trust coalition alliance movement league directorate
    division regulator tribunal municipality corporation co firm industries holdings
    bloc junta presidency command""".split()
)
_ACRONYM = re.compile(r"[A-Z][A-Z&.]{1,7}")
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})
_WORD = re.compile(r"[^\W\d_]+")
# Words that never make a name: pronouns, determiners, and the plain nouns that
# stand in for an unnamed source ("their figures", "officials", "the data").
_UNNAMED = frozenset(
    """i we you he she it they me us him her them my our your his its their this that these those
    the a an some any many several few most all both each other others such one someone somebody
    people person figures figure data report reports study studies survey research sources source
    officials experts analysts critics observers residents witnesses authorities statement
    statements documents records estimates numbers statistics poll polls""".split()
)
_UNVERIFIABLE = "unverifiable"  # the built-in default scale's off-scale verdict
_CONNECTORS = frozenset("of the for and de del la le von van der du al el on in at to".split())


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    return " ".join(text.split())


def _generic(word: str) -> bool:
    folded = word.casefold()
    singular = folded[:-1] if folded.endswith("s") and len(folded) > 3 else folded
    return (
        folded in _UNNAMED
        or folded in _PERSON_WORDS
        or folded in _ORG_WORDS
        or singular in _PERSON_WORDS
        or singular in _ORG_WORDS
    )


def named(name: str) -> bool:
    """Does ``name`` name someone (a proper name, an acronym), rather than describe them?

    "Jane Doe", "Police Chief Ana Ruiz", "the Ministry of Health", "WHO": named.
    "their figures", "the finance minister", "Officials", "he": not; a desk
    would not publish them as an author.
    """
    for token in name.split():
        word = token.strip(".,;:'\"()[]’‘“”")
        if not word or not word[0].isalpha():
            continue
        if _ACRONYM.fullmatch(word):
            return True
        if word[0].isupper() and word.casefold() not in _CONNECTORS and not _generic(word):
            return True
    return False


def speaker_entity(
    speaker: str | None, entities: Sequence[Entity | Mapping], outlet: str | None, *, vouched: bool = False
) -> dict | None:
    """The Claim's author: a Person or an Organization when the speaker is known, else the outlet.

    Known means: a named entity of the claim spelled exactly like the name
    (PERSON: Person; ORG, NORP, GPE, FAC: Organization), a speaker a reviewer
    corrected (``vouched``), or a name that names someone (:func:`named`);
    "their figures" or "the minister" are not known, and the claim is
    published as the outlet's, as an Organization (with neither, no author).
    ``Name, role`` gives a Person with a jobTitle when the name part is not an
    institution. Without an entity: a person word (role or title) makes a
    Person; an institution word or an acronym (WHO, NATO) an Organization;
    otherwise a Person.
    """
    name = squash(speaker or "")
    fallback = {"@type": "Organization", "name": squash(outlet)} if outlet and outlet.strip() else None
    if not name:
        return fallback
    role = None
    if ", " in name:
        head, _, tail = name.partition(", ")
        if head and tail:
            name, role = head, tail
    kind = None
    for entity in entities:
        text = entity.text if isinstance(entity, Entity) else entity.get("text", "")
        if squash(str(text)).casefold() == name.casefold():
            label = entity.label if isinstance(entity, Entity) else entity.get("label")
            if label == "PERSON":
                kind = "Person"
            elif label in _ORG_LABELS:
                kind = "Organization"
            if kind:
                break
    if kind is None and not (vouched or named(name)):
        return fallback
    if kind is None:
        words = {w.casefold() for w in _WORD.findall(name)}
        if words & _PERSON_WORDS:
            kind = "Person"
        elif words & _ORG_WORDS or any(_ACRONYM.fullmatch(t) for t in name.split()):
            kind = "Organization"
        else:
            kind = "Person"
    if role and kind == "Organization":
        name, role = f"{name}, {role}", None  # "Ministry of Health, Pakistan" is one name
    author = {"@type": kind, "name": name}
    if role:
        author["jobTitle"] = role
    return author


def _number(value: object) -> bool:
    """A finite number in the bounds a scale may use (never inf or NaN, which are not JSON)."""
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool)
        and math.isfinite(value) and abs(value) <= RATING_LIMIT
    )


def rating_from_snapshot(detail: Mapping | None, scale_id: str | None = None) -> dict | None:
    """The schema.org Rating recorded with the verdict, or None when it is incomplete or invalid.

    A verdict off the truth scale (``on_scale`` false in its snapshot) has a
    name and no number: ``alternateName`` alone. So has the built-in default
    scale's "unverifiable" as recorded before it was taken off the scale (it
    rated 0 on 0..5, which read as worse than False).
    """
    if not isinstance(detail, Mapping):
        return None
    value, best, worst = detail.get("rating_value"), detail.get("best_rating"), detail.get("worst_rating")
    name = detail.get("alternate_name")
    if not isinstance(name, str) or not name.strip():
        return None
    if detail.get("on_scale") is False or (scale_id == DEFAULT_SCALE.id and detail.get("slug") == _UNVERIFIABLE):
        return {"@type": "Rating", "alternateName": name.strip()}
    if not (_number(value) and _number(best) and _number(worst)):
        return None
    if not (worst < best and worst <= value <= best):
        return None
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": name.strip(),
    }


def review_url(template: str, claim_id: int, document_id: int, db_id: str) -> str:
    problem = template_problem(template)
    if problem:
        raise ValueError(f"review_url {visible(template)!r}: {problem}")
    return fill_template(template, claim_id=claim_id, document=document_id, db_id=db_id)


def claim_review(claim: Claim, document: Document | None, rating: dict, config: Config, db_id: str) -> dict:
    title = document.title if document else claim.document_title
    outlet = document.outlet if document else None
    url = document.url if document else None
    item: dict = {"@type": "Claim"}
    vouched = bool(claim.corrections) and "speaker" in (claim.corrections or {})
    author = speaker_entity(claim.speaker, claim.entities, outlet, vouched=vouched)
    if author:
        item["author"] = author
    published = iso_date(document.published if document else None)
    if published:
        item["datePublished"] = published
    appearance: dict = {"@type": "CreativeWork"}
    if url and url.strip():
        appearance["url"] = url.strip()
    if title and title.strip():
        appearance["headline"] = squash(title)
    if len(appearance) > 1:
        if published:
            appearance["datePublished"] = published
        if outlet and outlet.strip():
            appearance["publisher"] = {"@type": "Organization", "name": squash(outlet)}
        item["appearance"] = appearance
    if claim.corrected:
        # claimReviewed and the author are the fact-checker's corrected wording, not
        # the automatic extraction's; schema.org's correction property says so.
        fields = " and ".join("the claim's wording" if f == "text" else "who made it" for f in sorted(claim.corrections or {}, reverse=True))
        item["correction"] = {
            "@type": "CorrectionComment",
            "text": f"The fact-checker corrected {fields} from the automatic extraction of the article.",
        }
    publisher: dict = {"@type": "Organization", "name": config.publisher_name}
    if config.publisher_url:
        publisher["url"] = config.publisher_url
    review: dict = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if config.review_url:
        review["url"] = review_url(config.review_url, claim.id, claim.document_id, db_id)
    review["identifier"] = f"urn:workbench:{db_id}:claim:{claim.id}"
    review["claimReviewed"] = squash(claim.text)
    review["datePublished"] = (claim.decided_at or "")[:10]
    review["author"] = publisher
    review["reviewRating"] = rating
    review["itemReviewed"] = item
    if claim.explanation:
        review["reviewBody"] = claim.explanation
    if claim.sources:
        # schema.org's citation (ClaimReview is a CreativeWork): each source a
        # CreativeWork with its url, and its title as name when given.
        review["citation"] = [
            {"@type": "CreativeWork", "url": source.url, **({"name": squash(source.title)} if source.title else {})}
            for source in claim.sources
        ]
    if claim.match:
        based = based_on(claim.match, config, db_id)
        if based:
            review["isBasedOn"] = based
    return review


def based_on(match: Mapping, config: Config, db_id: str) -> dict | None:
    """schema.org's isBasedOn (a CreativeWork property) for a confirmed match: the published
    fact-check it rests on (a ClaimReview with its URL, headline and publisher), or the team's
    own earlier review of the same claim (by its identifier, and its URL when reviews have one)."""
    if match.get("kind") == "claim" and isinstance(match.get("ref"), int):
        earlier: dict = {"@type": "ClaimReview", "identifier": f"urn:workbench:{db_id}:claim:{match['ref']}"}
        if config.review_url and isinstance(match.get("document_id"), int):
            earlier["url"] = review_url(config.review_url, match["ref"], match["document_id"], db_id)
        return earlier
    url = match.get("url")
    if not isinstance(url, str) or not url:
        return None
    published: dict = {"@type": "ClaimReview", "url": url}
    if isinstance(match.get("title"), str) and match["title"]:
        published["headline"] = squash(match["title"])
    if isinstance(match.get("publisher"), str) and match["publisher"]:
        published["author"] = {"@type": "Organization", "name": squash(match["publisher"])}
    if isinstance(match.get("date"), str) and match["date"]:
        published["datePublished"] = match["date"]
    return published


# str.replace per character: str.translate with a dict runs a Python-level
# lookup per character, seconds on a 40 MB export.
_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def html_safe(text: str) -> str:
    """JSON text with the characters an HTML <script> element would act on escaped (same JSON)."""
    for raw, escaped in _HTML_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def write_claimreview(
    snap: Store, selection: ClaimFilter, out: BinaryIO, config: Config, warnings: list[str], *,
    include_disputed: bool = False,
) -> int:
    claims = snap.queries.claims(selection, Order.DOCUMENT)
    wanted = {c.document_id for c in claims}
    documents = {d.id: d for d in snap.documents(include_old_versions=True) if d.id in wanted}
    scales = config.scales()
    reviews = []
    for claim in claims:
        if claim.disputed or claim.conflict:
            why = agreement_line(claim.agreement, claim.reviews) if claim.disputed else (
                "two reviewers decided it without seeing each other's verdict (a conflict)"
            )
            if not include_disputed:
                warnings.append(f"claim {claim.id} left out: {why} (--include-disputed publishes it)")
                continue
            warnings.append(f"claim {claim.id} published although disputed (--include-disputed): {why}")
        rating = rating_from_snapshot(claim.detail, claim.scale)
        if rating is None:
            # A verdict recorded without a usable rating snapshot (by an older
            # client): fall back to the scale's current definition, and say so.
            scale = scales.get(claim.scale or "")
            verdict = scale.get(claim.verdict or "") if scale else None
            if verdict is None:
                warnings.append(
                    f"claim {claim.id}: verdict {visible(claim.verdict)!r} of scale "
                    f"{visible(claim.scale)!r} has no rating: left out of the ClaimReview export"
                )
                continue
            rating = verdict.rating()
            warnings.append(
                f"claim {claim.id}: its verdict has no rating snapshot; "
                f"used the current definition of scale {scale.id!r}"
            )
        reviews.append(claim_review(claim, documents.get(claim.document_id), rating, config, snap.db_id))
    pending = snap.queries.pending(ClaimFilter(document=selection.document))
    if pending:
        warnings.append(
            f"{pending} claim(s) in double review await their second verdict: not published until it is in"
        )
    if reviews and config.publisher_name == DEFAULT_PUBLISHER:
        warnings.append(
            f"the ClaimReview author is the placeholder {DEFAULT_PUBLISHER!r}: "
            "set [publisher] name (and url) in workbench.toml"
        )
    if reviews and not config.review_url:
        warnings.append(
            "no review_url template in the config ([publisher] review_url in workbench.toml): "
            "the ClaimReview items have no url, which Google requires"
        )
    text = html_safe(json.dumps(reviews, ensure_ascii=False, indent=2, allow_nan=False))
    out.write((text + "\n").encode("utf-8"))
    return len(reviews)
