"""Team settings, read from a TOML file that sits beside the database.

Two reviewers on one database share its folder, so they share one config:
``db/workbench.toml`` for the default database, or the file named by
``WORKBENCH_CONFIG``. Every setting has a default; the file is optional.

    [publisher]                      # who publishes the ClaimReview export
    name = "Example Fact Check"
    url = "https://factcheck.example.org"
    review_url = "https://factcheck.example.org/claims/{claim_id}"

    [review]
    scale = "default"                # the scale new decisions use
    scales = ["house-scale.toml"]    # custom scales, relative to this file
    mode = "double"                  # two independent verdicts per claim (default: "single")

    [keys]                           # the app's keys, rebound by binding id
    note = "m"                       # on every screen with a note key
    "document.back" = "h"            # on one screen only

    [learn]
    auto_after = 25                  # the app refits the desk model after 25 new decisions (0: never)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from workbench.safetext import visible
from workbench.scales import BUILTIN_SCALES, Scale, ScaleError, load_scale
from workbench.vocab import ReviewMode

CONFIG_NAME = "workbench.toml"
DEFAULT_PUBLISHER = "Workbench fact-check desk"


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the problem."""


URL_LIMIT = 2_000  # characters of a URL or a URL template: what browsers and crawlers take
SETTINGS_LIMIT = 1_000_000  # bytes of a config or scale file: settings, not data
REVIEW_URL_FIELDS = ("claim_id", "document", "db_id")


class SettingsFileError(ValueError):
    """A settings file that cannot be read safely; the message names it and says why."""


def read_settings_file(path: Path, *, limit: int = SETTINGS_LIMIT) -> str:
    """A config or scale file's text, read as ingest reads articles: a regular file only
    (never a FIFO or a device, so nothing hangs), at most SETTINGS_LIMIT bytes, UTF-8.
    """
    from workbench.ingest.errors import IngestError
    from workbench.ingest.files import Candidate, read_bytes

    where = visible(str(path))
    try:
        data = read_bytes(Candidate(Path(path), None, where), max_bytes=limit)
    except IngestError as exc:
        raise SettingsFileError(f"{where}: cannot read: {exc.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsFileError(f"{where}: cannot read: not UTF-8 text (byte {exc.start})") from None


def template_problem(template: str) -> str | None:
    """Why ``template`` is not a usable review_url, or None.

    Only the documented placeholders, each bare: no attribute access, no
    indexing, no format spec or conversion (``{db_id.__class__}`` would publish
    Python internals, ``{claim_id:>3000000000}`` exhaust memory), an absolute
    http(s) URL, at most URL_LIMIT characters.
    """
    import string

    if len(template) > URL_LIMIT:
        return f"longer than {URL_LIMIT:,} characters"
    if not template.lower().startswith(("https://", "http://")):
        return "must be an absolute http(s) URL"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"not a template ({exc}); write a literal brace as {{{{ or }}}}"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in REVIEW_URL_FIELDS or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            return f"{visible(shown)} is not allowed: use only {{claim_id}}, {{document}} or {{db_id}}, as they are"
    return None


def fill_template(template: str, **values: object) -> str:
    """``template`` with its placeholders replaced (checked by template_problem first)."""
    import string

    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]))
    return "".join(out)


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file read, if any
    publisher_name: str = DEFAULT_PUBLISHER
    publisher_url: str | None = None
    review_url: str | None = None  # template with {claim_id}, {document}, {db_id}
    scale: str = "default"
    custom_scales: tuple[Scale, ...] = field(default_factory=tuple)
    review_mode: ReviewMode = ReviewMode.SINGLE  # [review] mode: single or double review
    # [keys]: binding id -> keys, as written; the app checks them against its key table.
    keys: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    # [learn] auto_after: the app refits the desk model after this many new verdicts and
    # dismissals (by anyone) since the last refit; None: only when asked.
    learn_auto_after: int | None = None

    def scales(self) -> dict[str, Scale]:
        """Every scale a reviewer can pick: the built-in ones, then the team's own."""
        return {**BUILTIN_SCALES, **{s.id: s for s in self.custom_scales}}

    def default_scale(self) -> Scale:
        return self.scales().get(self.scale, BUILTIN_SCALES["default"])


def config_path(db_path: Path) -> Path:
    named = os.environ.get("WORKBENCH_CONFIG", "").strip()
    return Path(named) if named else db_path.parent / CONFIG_NAME


def load_config(db_path: Path) -> Config:
    path = config_path(db_path)
    if not path.exists():
        if os.environ.get("WORKBENCH_CONFIG", "").strip():
            raise ConfigError(f"{visible(str(path))}: no such config file (from WORKBENCH_CONFIG)")
        return Config()
    where = visible(str(path))
    try:
        data = tomllib.loads(read_settings_file(path))
    except SettingsFileError as exc:
        raise ConfigError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    publisher = data.get("publisher", {})
    review = data.get("review", {})
    keys = data.get("keys", {})
    if not isinstance(publisher, dict) or not isinstance(review, dict) or not isinstance(keys, dict):
        raise ConfigError(f"{where}: [publisher], [review] and [keys] must be tables")
    learning = data.get("learn", {})
    if not isinstance(learning, dict):
        raise ConfigError(f"{where}: [learn] must be a table")
    auto_after = learning.get("auto_after", 0)
    if isinstance(auto_after, bool) or not isinstance(auto_after, int) or auto_after < 0:
        raise ConfigError(f"{where}: [learn] `auto_after` must be a whole number of decisions (0: never)")

    def text(table: dict, key: str, default: str | None) -> str | None:
        value = table.get(key, default)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: `{key}` must be a non-empty string")
        return value.strip() if isinstance(value, str) else value

    template = text(publisher, "review_url", None)
    if template is not None:
        problem = template_problem(template)
        if problem:
            raise ConfigError(f"{where}: [publisher] `review_url`: {problem}")
    for key in ("url",):
        value = publisher.get(key)
        if isinstance(value, str) and len(value) > URL_LIMIT:
            raise ConfigError(f"{where}: [publisher] `{key}` is longer than {URL_LIMIT:,} characters")
    scale_files = review.get("scales", [])
    if not isinstance(scale_files, list) or not all(isinstance(p, str) for p in scale_files):
        raise ConfigError(f"{where}: `scales` must be a list of file paths")
    custom = []
    for name in scale_files:
        try:
            custom.append(load_scale(path.parent / name))
        except ScaleError as exc:
            raise ConfigError(f"{where}: [review] `scales`: {exc}") from None
    mode = review.get("mode", ReviewMode.SINGLE.value)
    if mode not in ReviewMode._value2member_map_:
        choices = " or ".join(f'"{m.value}"' for m in ReviewMode)
        raise ConfigError(f"{where}: [review] `mode` must be {choices}, not {visible(repr(mode))}")
    config = Config(
        path=path,
        publisher_name=text(publisher, "name", DEFAULT_PUBLISHER) or DEFAULT_PUBLISHER,
        publisher_url=text(publisher, "url", None),
        review_url=template,
        scale=text(review, "scale", "default") or "default",
        custom_scales=tuple(custom),
        review_mode=ReviewMode(mode),
        keys=MappingProxyType(dict(keys)),
        learn_auto_after=auto_after or None,
    )
    if config.scale not in config.scales():
        raise ConfigError(f"{where}: `scale` {config.scale!r} is not a known scale")
    return config
