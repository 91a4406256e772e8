"""Settings from GOALTEXT_* environment variables: safe defaults, lists split
on commas, and a clear message naming the variable when a value is bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from goaltext_api.settings import DEFAULT_CORPUS, Settings, SettingsError, get_settings


def test_defaults_are_safe_for_a_local_run() -> None:
    settings = Settings.from_env({})
    assert settings.api_keys == () and settings.cors_origins == ()  # no key needed, no origin allowed
    assert (settings.max_text_chars, settings.max_batch) == (5000, 1000)
    assert settings.max_body_bytes == 16 * 1024 * 1024
    assert settings.corpus == DEFAULT_CORPUS and DEFAULT_CORPUS.parts[-2:] == ("annotations", "corpus.jsonl")
    assert settings.catalogue is None


# (environment, field, expected value)
VALID: list[tuple[dict[str, str], str, object]] = [
    ({"GOALTEXT_MAX_TEXT_CHARS": "2000"}, "max_text_chars", 2000),
    ({"GOALTEXT_MAX_BATCH": " 250 "}, "max_batch", 250),
    ({"GOALTEXT_MAX_BODY_BYTES": "1048576"}, "max_body_bytes", 1048576),
    (
        {"GOALTEXT_CORS_ORIGINS": "https://sag.kommune.dk/, http://localhost:3000"},
        "cors_origins",
        ("https://sag.kommune.dk", "http://localhost:3000"),
    ),
    ({"GOALTEXT_CORS_ORIGINS": " , "}, "cors_origins", ()),
    ({"GOALTEXT_MAX_BATCH": ""}, "max_batch", 1000),  # set but empty: the default
    ({"GOALTEXT_CORPUS": "/data/korpus.jsonl"}, "corpus", Path("/data/korpus.jsonl")),
    ({"GOALTEXT_CATALOGUE": "pakke-a-e"}, "catalogue", "pakke-a-e"),
]


@pytest.mark.parametrize(("environ", "field", "expected"), VALID)
def test_variables_are_read(environ: dict[str, str], field: str, expected: object) -> None:
    assert getattr(Settings.from_env(environ), field) == expected


def test_api_keys_are_split_trimmed_and_never_shown() -> None:
    settings = Settings.from_env({"GOALTEXT_API_KEYS": "sagssystem-7f3a9c, kvalitet-2b8e41 ,,"})
    assert [key.get_secret_value() for key in settings.api_keys] == ["sagssystem-7f3a9c", "kvalitet-2b8e41"]
    assert "7f3a9c" not in repr(settings) and "7f3a9c" not in str(settings.model_dump())


# (environment, the variable the message must name)
INVALID: list[tuple[dict[str, str], str]] = [
    ({"GOALTEXT_MAX_TEXT_CHARS": "mange"}, "GOALTEXT_MAX_TEXT_CHARS"),
    ({"GOALTEXT_MAX_TEXT_CHARS": "0"}, "GOALTEXT_MAX_TEXT_CHARS"),
    ({"GOALTEXT_MAX_BATCH": "-5"}, "GOALTEXT_MAX_BATCH"),
    ({"GOALTEXT_MAX_BODY_BYTES": "100"}, "GOALTEXT_MAX_BODY_BYTES"),
    ({"GOALTEXT_CORS_ORIGINS": "sag.kommune.dk"}, "GOALTEXT_CORS_ORIGINS"),
    ({"GOALTEXT_API_KEYS": "første-nøgle-til-sagen"}, "GOALTEXT_API_KEYS"),  # not sendable in a header
    ({"GOALTEXT_API_KEYS": "kort"}, "GOALTEXT_API_KEYS"),  # too easy to guess
]


@pytest.mark.parametrize(("environ", "variable"), INVALID)
def test_a_bad_value_is_refused_naming_the_variable(environ: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError, match=variable) as raised:
        Settings.from_env(environ)
    assert "ugyldig konfiguration" in str(raised.value)


def test_a_relative_corpus_path_is_read_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"GOALTEXT_CORPUS": "data/korpus.jsonl"})
    assert settings.resolved_corpus() == tmp_path / "data" / "korpus.jsonl"
    assert Settings().resolved_corpus() == DEFAULT_CORPUS


def test_get_settings_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("GOALTEXT_MAX_BATCH", "42")
    try:
        first = get_settings()
        monkeypatch.setenv("GOALTEXT_MAX_BATCH", "43")
        assert get_settings() is first and first.max_batch == 42
    finally:
        get_settings.cache_clear()
