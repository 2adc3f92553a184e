"""The optional embedding feature: safetensors reading, hash checks, WordPiece, the numpy encoder.

A tiny random BERT written by the test stands in for the weights where the
machinery is tested; the real all-MiniLM-L6-v2 is tested only when `make
embed` installed it.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest

from workbench.seen import embed, importers, library
from workbench.seen.matcher import EMBED_FEATURES, FEATURES, Matcher, shipped_model
from workbench.seen.schema import create_tables

DATA = Path(__file__).parent / "data" / "factchecks"
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "the", "schools", "will", "close",
         "on", "friday", ".", ",", "!", "cafe", "wind", "farms", "kill", "birds", "##s", "vaccine", "contains", "micro",
         "##chip", "river", "flooded", "12", "times"]


def write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def tiny_tensors(hidden: int = 8, layers: int = 2, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, shape).astype(np.float32)

    t = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), hidden),
        "embeddings.position_embeddings.weight": r(64, hidden),
        "embeddings.token_type_embeddings.weight": r(2, hidden),
        "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for n in ("query", "key", "value"):
            t[p + f"attention.self.{n}.weight"], t[p + f"attention.self.{n}.bias"] = r(hidden, hidden), r(hidden)
        t[p + "attention.output.dense.weight"], t[p + "attention.output.dense.bias"] = r(hidden, hidden), r(hidden)
        t[p + "intermediate.dense.weight"], t[p + "intermediate.dense.bias"] = r(4 * hidden, hidden), r(4 * hidden)
        t[p + "output.dense.weight"], t[p + "output.dense.bias"] = r(hidden, 4 * hidden), r(hidden)
        for n in ("attention.output.LayerNorm", "output.LayerNorm"):
            t[p + n + ".weight"], t[p + n + ".bias"] = np.ones(hidden, np.float32), np.zeros(hidden, np.float32)
    return t


@pytest.fixture()
def tiny(tmp_path) -> embed.Encoder:
    folder = tmp_path / "tiny"
    folder.mkdir()
    write_safetensors(folder / "model.safetensors", tiny_tensors())
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n")
    (folder / "config.json").write_text(json.dumps({"num_hidden_layers": 2, "num_attention_heads": 2}))
    encoder = embed.load_encoder(folder, check=False)
    assert encoder is not None
    return encoder


def test_wordpiece_splits_like_bert_uncased():
    wp = embed.WordPiece(VOCAB)
    ids = {t: i for i, t in enumerate(VOCAB)}
    assert wp.basic("Café, UNAFFABLE!\x1b\u200b") == ["cafe", ",", "unaffable", "!"]
    assert wp.encode("unaffable") == [ids["[CLS]"], ids["un"], ids["##aff"], ids["##able"], ids["[SEP]"]]
    assert wp.encode("Wind farms kill birds.")[1:-1] == [ids[w] for w in ("wind", "farms", "kill", "birds", ".")]
    # A word that no piece sequence covers is one [UNK], whatever its length.
    assert wp.encode("zzz unx")[1:-1] == [ids["[UNK]"], ids["[UNK]"]]
    assert len(wp.encode("the " * 500)) == embed.MAX_TOKENS


def test_safetensors_round_trip_and_refusals(tmp_path):
    tensors = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.ones(4, np.float32)}
    path = tmp_path / "t.safetensors"
    write_safetensors(path, tensors)
    back = embed.read_safetensors(path)
    assert set(back) == {"a", "b"} and (back["a"] == tensors["a"]).all()
    raw = path.read_bytes()
    (tmp_path / "short.safetensors").write_bytes(raw[:5])
    (tmp_path / "cut.safetensors").write_bytes(raw[:-8])
    (tmp_path / "long.safetensors").write_bytes(struct.pack("<Q", 10**9) + raw[8:])
    for name in ("short", "cut", "long"):
        with pytest.raises(embed.EmbedError):
            embed.read_safetensors(tmp_path / f"{name}.safetensors")


def test_weights_that_are_not_the_pinned_release_are_refused(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    with pytest.raises(embed.EmbedError, match="missing"):
        embed.verify(folder)
    for name in embed.PINNED:
        (folder / name).write_bytes(b"x")
    with pytest.raises(embed.EmbedError, match="model.safetensors"):
        embed.verify(folder)
    with pytest.raises(embed.EmbedError):
        embed.load_encoder(folder)


def test_the_encoder_gives_unit_vectors_that_padding_and_batching_leave_alone(tiny):
    texts = ["the schools will close on friday.", "wind farms kill birds", "unaffable", "",
             "the vaccine contains microchips, the river flooded 12 times!"]
    together = tiny.encode(texts, batch=8)
    assert together.shape == (5, 8) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    for text, row in zip(texts, together):
        assert np.allclose(tiny.encode([text])[0], row, atol=1e-5)
    assert not np.allclose(together[0], together[1])


def test_fill_vectors_and_the_matcher_with_an_encoder(tiny, tmp_path):
    db = sqlite3.connect(tmp_path / "v.db", isolation_level=None)
    create_tables(db)
    for parsed in importers.read_many([DATA]):
        library.import_factchecks(db, parsed)
    total = db.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]
    assert embed.missing_vectors(db) == total
    assert embed.fill_vectors(db, tiny, limit=3) == 3
    while embed.fill_vectors(db, tiny):
        pass
    assert embed.missing_vectors(db) == 0
    stored = embed.vectors(db, [r[0] for r in db.execute("SELECT id FROM factchecks")], tiny.dimensions)
    assert len(stored) == total
    model = shipped_model(embedded=True)
    assert model.features == FEATURES + EMBED_FEATURES
    found = Matcher(db, encoder=tiny).candidates("State schools will close for two weeks from Friday")
    assert found and all(0.0 <= c.score <= 1.0 for c in found)
    # A fact-check whose text changes on re-import loses its vector until the worker's next step.
    record = json.loads((DATA / "single.jsonld").read_text())
    record["claimReviewed"] = "Every state school closes for a month"
    path = tmp_path / "changed.jsonld"
    path.write_text(json.dumps(record))
    library.import_factchecks(db, importers.read_factchecks(path))
    assert embed.missing_vectors(db) == 1
    # With a candidate lacking its vector, the matcher falls back to the lexical model for that claim.
    lexical = Matcher(db).rank("Every state school closes for a month")
    assert Matcher(db, encoder=tiny).rank("Every state school closes for a month") == lexical


@pytest.mark.skipif(embed.model_dir() is None, reason="the embedding extra is not installed (make embed)")
def test_the_real_weights_give_sentence_transformers_similarities():
    encoder = embed.load_encoder()
    assert encoder is not None and encoder.dimensions == 384
    v = encoder.encode(["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."])
    # sentence-transformers' own example for this model gives 0.7553 and -0.1050 (torch, exact GELU).
    assert abs(float(v[0] @ v[1]) - 0.7553) < 0.002
    assert abs(float(v[0] @ v[2]) + 0.1050) < 0.002
