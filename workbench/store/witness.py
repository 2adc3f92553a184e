"""Heads kept outside the database: a witness file, and heads signed with a reviewer's key.

The hash chain proves the log is internally consistent, and nothing more:
whoever can write the database file can drop the triggers, rewrite every
event and recompute every hash from the genesis stored in the same file. What
catches that is a head (``SEQ:HASH``) kept where that person cannot write:

* the **witness**: after every commit that appends events, the app and the CLI
  append the new head to a file of the user's, beside the user's config (not
  beside the database): ``$WORKBENCH_WITNESS``, else
  ``$XDG_CONFIG_HOME/workbench/witness`` (``~/.config/workbench/witness``), one
  file per database id. `verify` checks every head recorded there: each must
  still be on the chain with the same hash (rewritten otherwise), and the log
  must reach the last one (cut back otherwise: a damaged ``-wal`` that dropped
  acknowledged commits shows up here);
* a **signed head**: ``workbench head --sign`` writes the current head signed
  with the reviewer's Ed25519 key (kept outside the database, in the same
  config folder); anyone with the public key can check it later, and no one
  without the private key can make one.

Neither proves more than its keeper: someone who can write both the database
and the witness file (or who holds the private key) can rewrite history so
that every check passes.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from workbench.safetext import visible
from workbench.store import clock

WITNESS_ENV = "WORKBENCH_WITNESS"
OFF = ("off", "none", "0", "no")
SIGNED_KIND = "workbench-signed-head"
WITNESS_LIMIT = 1_000_000_000  # bytes: some nine million commits


def config_folder() -> Path:
    """The user's workbench config folder (``$XDG_CONFIG_HOME/workbench`` or ``~/.config/workbench``)."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".config") / "workbench"


def default_folder() -> Path | None:
    """Where the witness files live, or None when ``$WORKBENCH_WITNESS`` turns them off."""
    named = os.environ.get(WITNESS_ENV)
    if named is not None:
        return None if named.strip().lower() in OFF or not named.strip() else Path(named).expanduser()
    return config_folder() / "witness"


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str
    at: str = ""
    source: str = ""  # where it was read: a file and line, or a signer

    @property
    def text(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse_head(text: str) -> tuple[int, str] | None:
    seq_text, _, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not seq_text.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return int(seq_text), digest


class Witness:
    """The witness files in one folder; appending never fails a commit (the error is kept)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.error: str | None = None
        self._last: dict[str, int] = {}

    @classmethod
    def default(cls) -> Witness | None:
        folder = default_folder()
        return cls(folder) if folder is not None else None

    def file_for(self, db_id: str) -> Path:
        return self.folder / f"{db_id}.heads"

    def record(self, db_id: str, seq: int, digest: str) -> None:
        """Append ``seq:hash`` for ``db_id`` (called after COMMIT; never raises)."""
        if self._last.get(db_id) == seq:
            return
        line = f"{db_id} {seq}:{digest} {clock.now()}\n".encode("ascii")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = self.file_for(db_id)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise OSError(0, "not a regular file")
                os.write(fd, line)  # one write under PIPE_BUF: appends of two processes never interleave
            finally:
                os.close(fd)
            self._last[db_id] = seq
            self.error = None
        except OSError as exc:
            self.error = f"the witness file {visible(str(self.file_for(db_id)))} was not written: {exc.strerror or exc}"


def read_witness(path: Path, db_id: str) -> tuple[list[Head], list[str]]:
    """The heads a witness file recorded for ``db_id``, and its unreadable lines as problems."""
    from workbench.config import SettingsFileError, read_settings_file

    where = visible(str(path))
    try:
        # The same guarded read as settings files (a regular file only, no hang); a witness
        # grows a line per commit (about 110 bytes), so its cap is larger.
        text = read_settings_file(path, limit=WITNESS_LIMIT)
    except SettingsFileError as exc:
        return [], [f"witness {exc}"]
    heads, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        parsed = parse_head(parts[1]) if len(parts) >= 2 else None
        if parsed is None:
            problems.append(f"witness {where} line {number} is not a head (damaged)")
            continue
        if parts[0] != db_id:
            continue
        heads.append(Head(parsed[0], parsed[1], parts[2] if len(parts) > 2 else "", f"{where} line {number}"))
    return heads, problems


# ------------------------------------------------------------------- signing


def key_path() -> Path:
    return config_folder() / "reviewer.key"


def _statement(db_id: str, seq: int, digest: str, at: str, reviewer: str) -> bytes:
    """The exact bytes a signature covers (canonical JSON)."""
    body = {"kind": SIGNED_KIND, "db_id": db_id, "seq": seq, "hash": digest, "at": at, "reviewer": reviewer}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def load_or_create_key(path: Path | None = None, *, create: bool = True):  # -> Ed25519PrivateKey
    """The reviewer's Ed25519 private key (PEM, mode 0600), created on first use."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from workbench.config import SettingsFileError, read_settings_file

    path = Path(path) if path else key_path()
    if os.path.lexists(path):
        try:
            data = read_settings_file(path).encode("ascii")
            key = serialization.load_pem_private_key(data, password=None)
        except (SettingsFileError, ValueError, TypeError, UnicodeEncodeError) as exc:
            raise ValueError(f"{visible(str(path))}: not a usable Ed25519 private key ({exc})") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{visible(str(path))}: not an Ed25519 private key")
        return key
    if not create:
        raise ValueError(f"{visible(str(path))}: no such key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def public_key_text(key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign_head(key, db_id: str, seq: int, digest: str, reviewer: str) -> dict:
    """A signed head statement: what ``workbench head --sign`` writes and ``verify --signed-head`` reads."""
    at = clock.now()
    signature = key.sign(_statement(db_id, seq, digest, at, reviewer))
    return {
        "kind": SIGNED_KIND, "db_id": db_id, "seq": seq, "hash": digest, "at": at, "reviewer": reviewer,
        "public_key": public_key_text(key), "signature": base64.b64encode(signature).decode("ascii"),
    }


def check_signed_head(text: str, db_id: str, trusted: set[str] | None) -> tuple[Head | None, str | None]:
    """The head a signed statement vouches for, or the reason it does not vouch for anything.

    ``trusted``: the public keys (base64) accepted; None accepts the statement's
    own key, which proves only that its holder signed it.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        statement = json.loads(text)
        if not isinstance(statement, dict) or statement.get("kind") != SIGNED_KIND:
            return None, "not a signed head"
        seq, digest = statement["seq"], statement["hash"]
        public = base64.b64decode(statement["public_key"], validate=True)
        signature = base64.b64decode(statement["signature"], validate=True)
        if not isinstance(seq, int) or parse_head(f"{seq}:{digest}") is None:
            return None, "not a signed head"
        body = _statement(statement["db_id"], seq, digest, statement["at"], statement["reviewer"])
    except (ValueError, KeyError, TypeError):
        return None, "not a signed head (unreadable)"
    if trusted is not None and statement["public_key"] not in trusted:
        return None, "signed with a key that is not trusted (--trust-key)"
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, body)
    except (InvalidSignature, ValueError):
        return None, "its signature does not match (forged or altered)"
    if statement["db_id"] != db_id:
        return None, "it is the head of another database"
    return Head(seq, digest, statement["at"], f"signed by {visible(str(statement['reviewer']))}"), None


def check_heads(heads: list[Head], hashes: dict[int, str], what: str) -> list[str]:
    """Each head must be on the chain with its hash, and the log must reach the last one."""
    problems = []
    last = max(hashes) if hashes else 0
    for head in heads:
        if head.seq == 0:
            continue
        if head.seq not in hashes:
            problems.append(
                f"{what} recorded event {head.seq} ({head.source}), but the log ends at {last} "
                "(cut back: acknowledged events are missing)"
            )
            break
        if hashes[head.seq] != head.hash:
            problems.append(
                f"{what} recorded event {head.seq} with another hash ({head.source}): the log was rewritten"
            )
            break
    return problems


def trusted_keys() -> set[str]:
    """The public keys a signed head may be signed with: your own, and those in ``trusted_keys``."""
    keys: set[str] = set()
    try:
        if os.path.lexists(key_path()):
            keys.add(public_key_text(load_or_create_key(create=False)))
    except ValueError:
        pass
    listed = config_folder() / "trusted_keys"
    if os.path.lexists(listed):
        from workbench.config import SettingsFileError, read_settings_file

        try:
            for line in read_settings_file(listed).splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    keys.add(line.split()[0])
        except SettingsFileError:
            pass
    return keys


def head_from_export(path: Path, db_id: str) -> tuple[Head | None, str | None]:
    """The audit head an export recorded: a CSV's last line, or a JSONL export's closing object."""
    where = visible(str(path))
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None, f"export {where} is not a regular file"
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            handle.seek(max(0, st.st_size - 8192))
            tail = handle.read(8192).decode("utf-8", "replace")
    except OSError as exc:
        return None, f"export {where} cannot be read: {exc.strerror or exc}"
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if last.startswith("# audit head "):
        parsed = parse_head(last.removeprefix("# audit head "))
    elif last.startswith("{"):
        try:
            closing = json.loads(last)
        except ValueError:
            closing = {}
        if isinstance(closing, dict) and closing.get("db_id") not in (None, db_id):
            return None, f"export {where} is of another database"
        parsed = parse_head(str(closing.get("audit_head", ""))) if isinstance(closing, dict) else None
    else:
        parsed = None
    if parsed is None:
        return None, f"export {where} ends with no audit head (a ClaimReview export has none; use the CSV or JSONL)"
    return Head(parsed[0], parsed[1], "", f"export {where}"), None
