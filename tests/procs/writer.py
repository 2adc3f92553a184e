"""A reviewer process for the crash and concurrency tests.

Usage: writer.py DB REVIEWER CLAIM_IDS(comma) COUNT [--ack]
Appends COUNT verdicts round-robin over the claims, each with the claim's last
event this process itself had seen, and prints "ack <seq> <claim> <verdict>"
after each commit returns.
"""

from __future__ import annotations

import sys

from workbench.scales import DEFAULT_SCALE
from workbench.store import Store


def main() -> None:
    db, reviewer, ids_text, count = sys.argv[1:5]
    ids = [int(x) for x in ids_text.split(",")]
    store = Store.open(db, busy_timeout=30)
    seen: dict[int, int | None] = {}
    slugs = DEFAULT_SCALE.slugs()
    for i in range(int(count)):
        claim_id = ids[i % len(ids)]
        slug = slugs[i % len(slugs)]
        decision = store.set_verdict(
            claim_id, slug, scale=DEFAULT_SCALE, reviewer=reviewer, seen=seen.get(claim_id)
        )
        seen[claim_id] = decision.seq
        sys.stdout.write(f"ack {decision.seq} {claim_id} {slug} {decision.conflict_with or 0}\n")
        sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()
