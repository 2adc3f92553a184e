from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.nlp.model import ENV_VAR, ModelLoadError, load_pipeline


def test_default_pipeline_has_parser_and_entities(pipeline):
    assert pipeline.tier in ("official", "pinned")
    assert pipeline.has_parser and pipeline.has_ner
    assert pipeline.lost == []
    # What extraction never reads is left out; the coarse POS is still filled in.
    assert "lemmatizer" not in pipeline.nlp.pipe_names
    doc = pipeline.nlp("The minister said the plan failed.")
    assert [t.pos_ for t in doc][:3] == ["DET", "NOUN", "VERB"]


def test_describe_is_one_line(pipeline, blank_pipeline):
    line = pipeline.describe()
    assert line.startswith("model: ") and pipeline.name in line and f"({pipeline.tier})" in line
    assert "\n" not in line
    assert blank_pipeline.describe().endswith("(blank)")


def test_blank_tier_says_what_is_lost(blank_pipeline):
    assert blank_pipeline.tier == "blank"
    assert not blank_pipeline.has_parser
    assert any("pronoun" in item for item in blank_pipeline.lost)
    doc = blank_pipeline.nlp("Sales rose 12% to $4.5 million in March 2021. Then they fell.")
    assert len(list(doc.sents)) == 2
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["12%"] == "PERCENT" and labels["$4.5 million"] == "MONEY"
    assert labels["March 2021"] == "DATE"


def test_pipeline_is_cached_per_process(pipeline):
    assert load_pipeline() is pipeline


def test_named_model_that_does_not_load_is_an_error():
    with pytest.raises(ModelLoadError) as info:
        load_pipeline("no_such_model_package_xyz")
    message = str(info.value)
    assert "no_such_model_package_xyz" in message and "\n" not in message


def test_env_var_names_the_model(monkeypatch, tmp_path):
    missing = tmp_path / "not-a-model"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(ModelLoadError):
        load_pipeline()
    monkeypatch.setenv(ENV_VAR, "blank")
    assert load_pipeline().tier == "blank"


def test_import_does_not_load_spacy():
    code = "import sys, workbench.nlp, workbench.nlp.extract; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pipe_in_two_processes_matches_one(pipeline):
    texts = [
        "The company said on Monday that revenue rose 5% to $2 billion.",
        "Police arrested three men in Leeds. They were charged with fraud.",
        "Sales fell.",
        "The council will vote next week.",
    ]
    one = [(d.text, [(e.text, e.label_) for e in d.ents], [s.text for s in d.sents]) for d in pipeline.nlp.pipe(texts)]
    two = [
        (d.text, [(e.text, e.label_) for e in d.ents], [s.text for s in d.sents])
        for d in pipeline.nlp.pipe(texts, n_process=2, batch_size=2)
    ]
    assert two == one
    assert all(t.pos_ for d in pipeline.nlp.pipe(texts[:1], n_process=2) for t in d)


def test_model_from_a_path_is_the_custom_tier(blank_pipeline, tmp_path):
    saved = tmp_path / "my-model"
    blank_pipeline.nlp.to_disk(saved)  # uses the workbench_numbers factory
    custom = load_pipeline(str(saved))
    assert custom.tier == "custom"
    assert custom.lost  # no parser in it, and the app says so
    doc = custom.nlp("Turnover rose 4% in 2023. Profit fell.")
    assert [e.label_ for e in doc.ents][:1] == ["PERCENT"]


def test_a_missing_scoring_model_is_an_error_not_zero_scores(tmp_path, monkeypatch):
    """A broken install says so in one line; it never scores every claim 0."""
    import pytest

    from workbench.nlp import checkworthy, extract, model

    monkeypatch.setattr(checkworthy, "ARTIFACT_PATH", tmp_path / "checkworthy.json")
    with pytest.raises(model.ModelLoadError, match="check-worthiness model is missing"):
        model.load_pipeline()
    with pytest.raises(model.ModelLoadError, match="reinstall"):
        extract._scorer()


def test_the_cli_reports_a_missing_scoring_model_in_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from workbench.cli import cli as main
    from workbench.nlp import checkworthy

    monkeypatch.setattr(checkworthy, "ARTIFACT_PATH", tmp_path / "gone.json")
    article = tmp_path / "a.txt"
    article.write_text("The council raised the minimum wage to £12.60 an hour on Tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "w.db"), "ingest", str(article)])
    assert result.exit_code != 0
    assert "check-worthiness model is missing" in result.output and "Traceback" not in result.output
