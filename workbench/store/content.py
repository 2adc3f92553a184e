"""Content digests: what binds the text reviewers judged into the hash chain.

A decision means something only together with what it was made on. So every
claim, document and extraction the store writes has a digest, and the chain
carries them:

* each ingest, re-extraction or new path appends a ``content`` event whose
  detail lists the digests of every document and claim it wrote, and, for the
  ones already on the chain, the digests they had before (``was``), so that a
  change made outside the log in between shows up;
* each decision on a claim records the digest of that claim in its event's
  ``content`` field, and a document edit that of its document;
* ``verify`` recomputes every digest from the rows and checks it against the
  latest event that recorded it (:func:`workbench.store.verify.verify`).

A claim's digest covers what extraction stored: the claim's own text and
speaker as extraction gave them (``claims.extracted`` while a reviewer's
correction stands), its span, sentence, kind, score, visibility (superseded)
and the rest of the row. What a reviewer's correction shows instead is derived
from the correction events and checked apart, so a correction or its undo
never changes a digest. A document's digest covers its text, original bytes'
hash, ingest metadata, clutter spans, version links and paths; its
extraction's digest covers the sentences and the model that made them.

Each digest is ``<version>:<sha256 hex>``. A column added to a covered table
later joins a field list below under a new version; a migration then appends a
content event that records the new digests (old ones stay checkable).

Size: one module for what a digest covers, written twice over the same field
lists: by Python (what is recorded, and what decides) and by SQLite, for
verify's second connection (``*_digests_in_sql``); apart, one could change alone.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable, Mapping

from workbench.store import audit, jsontext
from workbench.vocab import Action, Actor

DIGEST_VERSION = "1"

# The claim columns a digest covers besides the extracted text and speaker, by version.
# The score, tier and reasons that rank the queue are not among them: a desk model's
# refit changes them for thousands of claims at once, under its own learn event, and
# verify checks them against the models (store/desk.check_desk); what extraction and
# the shipped model stored is here, as the prior.
# A new claims column is added here (a new digest version once one is released).
CLAIM_CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "1": (
        "identity", "document_id", "sentence_id", "sentence_idx", "sentence", "sent_start", "sent_end",
        "start", "end", "position", "kind", "prior_score", "prior_tier", "prior_reasons", "prior_version",
        "entities", "extractor_version", "superseded", "created_at", "updated_at", "context",
    ),
}
# The documents columns a document's digest covers (the metadata title..url is checked
# as ingest's `extracted` overlaid by the audited edits; model and extractor_version
# belong to the extraction), then its paths.
DOCUMENT_CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "1": (
        "id", "lineage", "version", "superseded_by", "sha256", "extracted", "encoding", "replaced",
        "size", "format", "excluded", "ingested_at", "text",
    ),
}
EXTRACTION_CONTENT_FIELDS: dict[str, tuple[str, ...]] = {"1": ("model", "extractor_version")}
SENTENCE_CONTENT_FIELDS: dict[str, tuple[str, ...]] = {"1": ("id", "idx", "start", "end", "text")}
META_CONTENT_KEYS: tuple[str, ...] = ("app", "db_id", "genesis", "created_at")

_encode = jsontext.encoder(separators=(",", ":"))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _digest(values: list) -> str:
    # surrogateescape: text that is not valid UTF-8 (a damaged file read leniently)
    # still hashes, to something no intact row gives.
    return DIGEST_VERSION + ":" + hashlib.sha256(_encode(values).encode("utf-8", "surrogateescape")).hexdigest()


def _claim_sql(where: str) -> str:
    fields = CLAIM_CONTENT_FIELDS[DIGEST_VERSION]
    return f"SELECT id, {_quoted(fields)}, text, speaker, extracted FROM claims {where}"


def claim_content_digest(row: tuple) -> str:
    """The digest of one claim, given the row :func:`_claim_sql` selects (its id first)."""
    *fields, text, speaker, extracted = row[1:]
    if extracted is not None:
        try:
            said = json.loads(extracted)
            text, speaker = said["text"], said["speaker"]
        except (ValueError, TypeError, KeyError):
            text, speaker = "\x00unreadable", extracted  # differs from any digest ever recorded
    return _digest([*fields, text, speaker])


def claim_digests(conn: sqlite3.Connection, where: str = "", params: Iterable = ()) -> dict[int, str]:
    """The current digest of every claim ``where`` selects (SQL over ``claims``)."""
    return {row[0]: claim_content_digest(row) for row in conn.execute(_claim_sql(where), tuple(params))}


def claim_digests_of(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """The current digest of each claim in ``ids`` that exists."""
    chosen = sorted(set(ids))
    out: dict[int, str] = {}
    for i in range(0, len(chosen), 500):
        chunk = chosen[i : i + 500]
        out.update(claim_digests(conn, f"WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


# Claim digests with SQLite writing each claim's JSON (json_array writes text, integers and
# NULL as _encode does; claims_json_agrees checks it on the SQLite at hand). A real is
# written from a table of the claims' own reals, each as _encode writes it (SQLite's
# JSON prints reals to 15 digits, which two reals can share): exact, as the value is
# looked up by equality. Zero is left out (0.0 and -0.0 are equal there, and print
# apart) and a claim holding a real elsewhere is left to Python, as is a corrected one.
_REAL_FIELDS = ("prior_score",)  # the claim columns a digest covers that hold a real
_CLAIM_JSON_CHUNK = 4096


def _claim_json_sql() -> str:
    fields = (*CLAIM_CONTENT_FIELDS[DIGEST_VERSION], "text", "speaker")
    written = ", ".join(
        f"CASE typeof(c.\"{name}\") WHEN 'real' THEN json(r{i}.json) ELSE c.\"{name}\" END"
        if name in _REAL_FIELDS else f'c."{name}"'
        for i, name in enumerate(fields)
    )
    joins = " ".join(
        f'LEFT JOIN temp.verify_reals r{i} ON r{i}.value = c."{name}"'
        for i, name in enumerate(fields) if name in _REAL_FIELDS
    )
    plain = " OR ".join(f"typeof(c.\"{name}\") = 'real'" for name in fields if name not in _REAL_FIELDS)
    mapped = " AND ".join(
        f"(typeof(c.\"{name}\") != 'real' OR r{i}.json IS NOT NULL)"
        for i, name in enumerate(fields) if name in _REAL_FIELDS
    )
    return (
        "SELECT count(*), max(id), group_concat(id), CAST(group_concat(coalesce(written, ''), char(0)) AS BLOB) "
        f"FROM (SELECT c.id AS id, CASE WHEN c.extracted IS NULL AND {mapped} AND NOT ({plain}) "
        f"THEN json_array({written}) END AS written FROM claims c {joins} WHERE c.id > ? ORDER BY c.id LIMIT ?)"
    )


_CLAIM_JSON_SQL = _claim_json_sql()
_PROBE_TEXT = "".join(map(chr, range(128))) + "\x80\xe9\u2028\u2029\ufeff\uffff\U00010000\U0001d11e\U0010ffff"
_PROBE_VALUES = (_PROBE_TEXT, -(2**63), 2**63 - 1, 0, None, "", '{"a": [1, "b"]}', _PROBE_TEXT[::-1])


def claims_json_agrees(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite's json_array writes text, integers and NULL as a claim's digest does."""
    try:
        (got,) = conn.execute(
            f"SELECT json_array({', '.join('?' * len(_PROBE_VALUES))})", _PROBE_VALUES
        ).fetchone()
    except sqlite3.Error:  # a build without the JSON functions
        return False
    return isinstance(got, str) and got == _encode(list(_PROBE_VALUES))


def claim_digests_in_sql(conn: sqlite3.Connection) -> tuple[dict[int, str], list[int]] | None:
    """Every claim's digest, its JSON written by SQLite: ({id: digest}, [the ids left to Python]).

    A digest from here that differs from the one recorded is not yet a
    difference: the caller computes it again with :func:`claim_digests_of`
    (as for the ids left). None where this SQLite cannot write them so.
    Creates a temporary table on ``conn``.
    """
    if not claims_json_agrees(conn):
        return None
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS verify_reals (value REAL PRIMARY KEY, json TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.verify_reals")
    reals = set()
    for name in _REAL_FIELDS:
        reals.update(
            value for (value,) in conn.execute(
                f'SELECT DISTINCT "{name}" FROM claims WHERE typeof("{name}") = \'real\' AND "{name}" != 0'
            )
            if isinstance(value, float) and math.isfinite(value)
        )
    conn.executemany("INSERT INTO temp.verify_reals VALUES (?, ?)", ((v, _encode([v])[1:-1]) for v in reals))
    digests: dict[int, str] = {}
    left: list[int] = []
    sha256, prefix = hashlib.sha256, DIGEST_VERSION + ":"
    after = -(2**63)
    while True:
        count, last, ids_text, blob = conn.execute(_CLAIM_JSON_SQL, (after, _CLAIM_JSON_CHUNK)).fetchone()
        if not count:
            return digests, left
        ids = [int(x) for x in ids_text.split(",")]
        pieces = blob.split(b"\0")
        if not (len(ids) == len(pieces) == count):
            return None
        for claim_id, piece in zip(ids, pieces):
            if piece:
                digests[claim_id] = prefix + sha256(piece).hexdigest()
            else:
                left.append(claim_id)
        if count < _CLAIM_JSON_CHUNK:
            return digests, left
        after = last


def claim_digest(conn: sqlite3.Connection, claim_id: int) -> str | None:
    return claim_digests(conn, "WHERE id = ?", (claim_id,)).get(claim_id)


def document_digests(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """``{document id: [document digest, extraction digest]}`` for ``ids`` (every document for None)."""
    doc_fields = DOCUMENT_CONTENT_FIELDS[DIGEST_VERSION]
    ext_fields = EXTRACTION_CONTENT_FIELDS[DIGEST_VERSION]
    sentence_fields = SENTENCE_CONTENT_FIELDS[DIGEST_VERSION]
    chosen = None if ids is None else sorted(set(ids))
    out: dict[int, list[str]] = {}
    chunks = [None] if chosen is None else [chosen[i : i + 500] for i in range(0, len(chosen), 500)]
    for chunk in chunks:
        where, params = ("", []) if chunk is None else (f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        by_doc_where = "" if chunk is None else f"WHERE document_id IN ({','.join('?' * len(chunk))})"
        paths: dict[int, list] = {}
        for doc_id, path, first_seen in conn.execute(
            f"SELECT document_id, path, first_seen FROM document_paths {by_doc_where} ORDER BY document_id, path",
            params,
        ):
            paths.setdefault(doc_id, []).append([path, first_seen])
        sentences: dict[int, list] = {}
        for row in conn.execute(
            f"SELECT document_id, {_quoted(sentence_fields)} FROM sentences {by_doc_where} ORDER BY document_id, idx",
            params,
        ):
            sentences.setdefault(row[0], []).append(list(row[1:]))
        for row in conn.execute(
            f"SELECT {_quoted(doc_fields)}, {_quoted(ext_fields)} FROM documents {where}", params
        ):
            doc_id = row[0]
            document = _digest([*row[: len(doc_fields)], paths.get(doc_id, [])])
            extraction = _digest([*row[len(doc_fields) :], sentences.get(doc_id, [])])
            out[doc_id] = [document, extraction]
    return out


def _document_json_sql() -> str:
    doc_fields = DOCUMENT_CONTENT_FIELDS[DIGEST_VERSION]
    ext_fields = EXTRACTION_CONTENT_FIELDS[DIGEST_VERSION]
    sentence_fields = SENTENCE_CONTENT_FIELDS[DIGEST_VERSION]

    def real(names: Iterable[str], table: str = "d") -> str:
        return " OR ".join(f"typeof({table}.\"{name}\") = 'real'" for name in names)

    paths = (
        "json(coalesce((SELECT json_group_array(json_array(path, first_seen)) FROM "
        "(SELECT path, first_seen FROM document_paths WHERE document_id = d.id ORDER BY path)), '[]'))"
    )
    sentences = (
        f"json(coalesce((SELECT json_group_array(json_array({_quoted(sentence_fields)})) FROM "
        f"(SELECT {_quoted(sentence_fields)} FROM sentences WHERE document_id = d.id ORDER BY idx)), '[]'))"
    )
    doc = (
        f"CASE WHEN NOT ({real(doc_fields)}) AND NOT EXISTS (SELECT 1 FROM document_paths p "
        f"WHERE p.document_id = d.id AND ({real(('path', 'first_seen'), 'p')})) "
        f"THEN json_array({', '.join(f'd.{chr(34)}{n}{chr(34)}' for n in doc_fields)}, {paths}) END"
    )
    ext = (
        f"CASE WHEN NOT ({real(ext_fields)}) AND NOT EXISTS (SELECT 1 FROM sentences s "
        f"WHERE s.document_id = d.id AND ({real(sentence_fields, 's')})) "
        f"THEN json_array({', '.join(f'd.{chr(34)}{n}{chr(34)}' for n in ext_fields)}, {sentences}) END"
    )
    return (
        "SELECT count(*), max(id), group_concat(id), CAST(group_concat(coalesce(doc, ''), char(0)) AS BLOB), "
        "CAST(group_concat(coalesce(ext, ''), char(0)) AS BLOB) "
        f"FROM (SELECT d.id AS id, {doc} AS doc, {ext} AS ext FROM documents d WHERE d.id > ? ORDER BY d.id LIMIT ?)"
    )


_DOCUMENT_JSON_SQL = _document_json_sql()
_DOCUMENT_JSON_CHUNK = 1024


def document_digests_in_sql(conn: sqlite3.Connection) -> tuple[dict[int, list[str]], list[int]] | None:
    """Every document's digests as :func:`document_digests` gives them, their JSON written by SQLite.

    As :func:`claim_digests_in_sql`: ({id: [document, extraction]}, [the ids left
    to Python]); a digest that differs from its record is computed again by
    the caller. None where this SQLite cannot write them so. No column these
    digests cover holds a real: a document holding one is left to Python.
    """
    if not claims_json_agrees(conn):
        return None
    digests: dict[int, list[str]] = {}
    left: list[int] = []
    sha256, prefix = hashlib.sha256, DIGEST_VERSION + ":"
    after = -(2**63)
    while True:
        count, last, ids_text, docs, exts = conn.execute(_DOCUMENT_JSON_SQL, (after, _DOCUMENT_JSON_CHUNK)).fetchone()
        if not count:
            return digests, left
        ids = [int(x) for x in ids_text.split(",")]
        doc_pieces, ext_pieces = docs.split(b"\0"), exts.split(b"\0")
        if not (len(ids) == len(doc_pieces) == len(ext_pieces) == count):
            return None
        for document_id, doc, ext in zip(ids, doc_pieces, ext_pieces):
            if doc and ext:
                digests[document_id] = [prefix + sha256(doc).hexdigest(), prefix + sha256(ext).hexdigest()]
            else:
                left.append(document_id)
        if count < _DOCUMENT_JSON_CHUNK:
            return digests, left
        after = last


def meta_digest(conn: sqlite3.Connection) -> str:
    values = dict(conn.execute(
        f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(META_CONTENT_KEYS))})", META_CONTENT_KEYS
    ).fetchall())
    return _digest([values.get(key) for key in META_CONTENT_KEYS])


class Scope:
    """Some documents and claims, with the digests they had before a write (to compare after it).

    ``before=False``: they are all new (nothing to compare with; the migration's baseline).
    """

    def __init__(
        self, conn: sqlite3.Connection, documents: Iterable[int], claims_where: str, params: Iterable = (),
        *, before: bool = True,
    ) -> None:
        self.document_ids = set(documents)
        self.claims_where, self.params = claims_where, tuple(params)
        self.documents = document_digests(conn, self.document_ids) if before else {}
        self.claims = claim_digests(conn, claims_where, self.params) if before else {}


def record(
    conn: sqlite3.Connection,
    genesis: str,
    actor: Actor,
    scope: Scope,
    *,
    at: str,
    new_documents: Iterable[int] = (),
    document_id: int | None = None,
) -> dict | None:
    """Append the content event for a write: what it stored in ``scope``, and what that replaced.

    The scope's documents (and ``new_documents``) and claims are read again
    now; only what changed is listed. Returns the event, or None when nothing did.
    """
    after_docs = document_digests(conn, scope.document_ids | set(new_documents))
    after_claims = claim_digests(conn, scope.claims_where, scope.params)
    docs = {k: v for k, v in after_docs.items() if scope.documents.get(k) != v}
    claims = {k: v for k, v in after_claims.items() if scope.claims.get(k) != v}
    if not docs and not claims:
        return None
    detail: dict = {
        "documents": {str(k): v for k, v in sorted(docs.items())},
        "claims": {str(k): v for k, v in sorted(claims.items())},
        "meta": meta_digest(conn),
    }
    was_docs = {str(k): scope.documents[k] for k in sorted(docs) if k in scope.documents}
    was_claims = {str(k): scope.claims[k] for k in sorted(claims) if k in scope.claims}
    if was_docs or was_claims:
        detail["was"] = {"documents": was_docs, "claims": was_claims}
    return audit.append(
        conn,
        genesis,
        {
            "at": at,
            "reviewer": str(actor),
            "action": str(Action.CONTENT),
            "document_id": document_id,
            "detail": json.dumps(detail, sort_keys=True, ensure_ascii=False),
        },
    )


def parse_detail(text: str | None) -> Mapping | None:
    """A content event's detail, or None when it is not the shape :func:`record` writes."""
    if not isinstance(text, str):
        return None
    try:
        detail = json.loads(text)
    except ValueError:
        return None
    if not isinstance(detail, dict):
        return None
    docs, claims, was = detail.get("documents"), detail.get("claims"), detail.get("was", {})
    if not isinstance(docs, dict) or not isinstance(claims, dict) or not isinstance(was, dict):
        return None
    if not all(isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in docs.values()):
        return None
    if not all(isinstance(v, str) for v in claims.values()):
        return None
    if not isinstance(detail.get("meta"), str):
        return None
    try:
        for mapping in (docs, claims, was.get("documents", {}), was.get("claims", {})):
            for key in mapping:
                int(key)
    except (ValueError, TypeError):
        return None
    return detail
