"""An attacker who can write the database file rewrites its history whole.

Usage: rewrite_history.py DB CLAIM_ID NEW_TEXT

Drops the protective triggers, changes a claim's text and flips every verdict
on it to "true", recomputes every content digest and every hash from the
genesis stored in the same file with the workbench's own code, refreshes the
derived state, and restores the triggers. The result is internally consistent:
only a head kept outside the file can tell (tests/test_store_witness.py).
"""

from __future__ import annotations

import json
import sqlite3
import sys

from workbench.store import audit, content
from workbench.store.decisions import refresh_state
from workbench.store.schema import EVENT_TRIGGERS


def main() -> None:
    db, claim_text, new_text = sys.argv[1], sys.argv[2], sys.argv[3]
    claim_id = int(claim_text)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for name in EVENT_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    old_digest = content.claim_digest(conn, claim_id)
    conn.execute("UPDATE claims SET text = ? WHERE id = ?", (new_text, claim_id))
    new_digest = content.claim_digest(conn, claim_id)
    events = list(audit.rows_as_dicts(conn.execute(f"SELECT {audit.EVENT_COLUMNS} FROM events ORDER BY seq")))
    genesis = conn.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0]
    prev = genesis
    for event in events:
        if event["content"] == old_digest:
            event["content"] = new_digest
        if event["claim_id"] == claim_id and event["action"] == "verdict":
            event["value"] = "true"
            snapshot = json.loads(event["detail"])
            snapshot.update(slug="true", label="True", alternate_name="True", rating_value=5, position=1,
                            colour="positive")
            event["detail"] = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
        if event["action"] == "content":
            detail = json.loads(event["detail"])
            for mapping in (detail["claims"], detail.get("was", {}).get("claims", {})):
                for key, digest in mapping.items():
                    if digest == old_digest:
                        mapping[key] = new_digest
            event["detail"] = json.dumps(detail, sort_keys=True, ensure_ascii=False)
        event["prev_hash"] = prev
        event["hash"] = audit.event_hash(prev, event)
        prev = event["hash"]
    conn.execute("DELETE FROM events")
    for event in events:
        conn.execute(audit.INSERT_EVENT, event)
    for (claim,) in conn.execute("SELECT claim_id FROM claim_state").fetchall():
        refresh_state(conn, claim)
    for statement in EVENT_TRIGGERS.values():
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.close()
    print(f"rewrote {len(events)} events")


if __name__ == "__main__":
    main()
