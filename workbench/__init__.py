"""The workbench: a fact-checking workbench that lives in the terminal.

``from workbench import Workbench`` is the Python API (:mod:`workbench.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from workbench.api import Workbench


def __getattr__(name: str) -> Any:
    # Imported on first use: `import workbench` (every command, every worker
    # process) stays as cheap as it was.
    if name == "Workbench":
        from workbench.api import Workbench

        return Workbench
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")


__all__ = ["Workbench", "__version__"]
