"""An ingest's storing stage over large articles, for the lock-sharing test.

Usage: bulk_store.py DB COUNT CLAIMS
Stores COUNT articles of CLAIMS one-sentence claims each through ingest's own
storing code (workbench.ingest.run._store_all, a batch at a time), printing
"stored <doc id>" after each and "done" at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store_helpers import FakeArticle, extraction_for  # noqa: E402

from workbench.ingest.run import FileReport, _Pending, _store_all  # noqa: E402
from workbench.store import Store  # noqa: E402


def main() -> None:
    db, count, claims = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = Store.open(db, busy_timeout=30)
    pending, results = [], []
    for n in range(count):
        text = "".join(f"The ministry said {i} people were arrested in district {n}-{i}.\n" for i in range(claims))
        article = FakeArticle(Path(f"/bulk/{n}.txt"), text)
        pending.append(_Pending(article, FileReport(f"{n}.txt", "ingested"), True, model="test"))
        results.append((n, extraction_for(text)))

    def emit(report: FileReport) -> None:
        print("stored", report.document_id, flush=True)

    print("start", flush=True)
    _store_all(store, pending, iter(results), emit)
    print("done", flush=True)


if __name__ == "__main__":
    main()
