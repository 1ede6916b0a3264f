"""The command line's failures: each is one line on stderr with its exit code, never a traceback; output files are
checked before an analysis starts; a store URL's password never reaches the terminal; read commands (the
monitoring ones too) never create a store."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import seed_path
from crosswire.cli import main

SRC = Path(__import__("crosswire").__file__).resolve().parents[1]  # the tree under test, for subprocesses
ENV = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crosswire.cli", *args], capture_output=True, text=True, env=ENV,
                          timeout=300)


def one_line(r: subprocess.CompletedProcess) -> str:
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("clierr") / "seeds.db"
    r = cli("analyze", str(seed_path("000")), "--db", str(db), "-q")
    assert r.returncode == 0, r.stderr
    return db


def test_an_unwritable_json_output_is_refused_before_the_analysis(tmp_path):
    """Was: the seed analysed and stored, then a FileNotFoundError traceback at the very end."""
    db = tmp_path / "a.db"
    r = cli("analyze", str(seed_path("000")), "--db", str(db), "--json", str(tmp_path / "no-such-dir" / "out.json"))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert f"cannot write {tmp_path / 'no-such-dir' / 'out.json'}: no directory {tmp_path / 'no-such-dir'}" in r.stderr
    assert not db.exists()  # nothing was analysed


@pytest.mark.parametrize("args", [["export", "--claims", "{dir}/gone/claims.csv"],
                                  ["report", "--all", "-o", "{dir}/gone/r.html"],
                                  ["digest", "--out", "{dir}/gone/d.md"]])
def test_output_paths_are_checked_first(seeds_db, tmp_path, args):
    args = [a.format(dir=tmp_path) for a in args]
    r = CliRunner().invoke(main, [*args, "--db", str(seeds_db)])
    assert r.exit_code == 2 and "cannot write" in r.output and r.exception is not None
    assert not isinstance(r.exception, OSError), r.exception


def test_a_write_the_system_refuses_is_one_line(seeds_db):
    """/dev/full takes the open and fails the write (ENOSPC): was a 20-line OSError traceback."""
    r = cli("export", "--claims", "/dev/full", "--db", str(seeds_db))
    assert r.returncode == 1
    assert one_line(r).startswith("Error: ") and "No space left on device" in r.stderr


@pytest.mark.parametrize("url", ["mysql://news:s3cret-pw@127.0.0.1/news", "foo:///x.db"])
def test_a_store_url_of_another_kind_is_one_line(url):
    r = cli("ls", "--db", url)
    assert r.returncode == 1
    assert "not a store crosswire can open" in one_line(r) and "s3cret-pw" not in r.stderr


def test_a_store_password_never_reaches_the_terminal(tmp_path):
    """Port 1 refuses the connection at once; the driver's message quoted the URL with its password."""
    url = "postgresql://crosswire:s3cret-pw@127.0.0.1:1/crosswire"
    r = cli("ls", "--db", url)
    assert r.returncode == 1
    line = one_line(r)
    assert "s3cret-pw" not in r.stderr and "postgresql://crosswire:***@127.0.0.1:1/crosswire" in line
    bad_port = cli("ls", "--db", "postgresql://crosswire:s3cret-pw@127.0.0.1:port/crosswire")
    assert bad_port.returncode == 1 and "s3cret-pw" not in bad_port.stderr and "Traceback" not in bad_port.stderr


def test_a_bug_is_one_line_with_exit_70_and_the_traceback_under_vv(seeds_db, monkeypatch, caplog):
    from crosswire import api

    def broken(db):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(api, "list_articles", broken)
    caplog.set_level(logging.WARNING)
    r = CliRunner().invoke(main, ["ls", "--db", str(seeds_db)])
    assert r.exit_code == 70, r.output
    assert r.output.strip().splitlines() == [
        "Error: internal error in `crosswire ls`: TypeError: unsupported operand type(s) for +: 'int' and 'str' "
        "(a bug: rerun with -vv for the traceback and report it)"]
    caplog.set_level(logging.DEBUG)
    r = CliRunner().invoke(main, ["ls", "--db", str(seeds_db)])
    assert isinstance(r.exception, TypeError)  # -vv: the traceback itself


def test_a_failing_store_and_ctrl_c(seeds_db, monkeypatch, caplog):
    from sqlalchemy.exc import OperationalError

    from crosswire import api

    def locked(db):
        raise OperationalError("SELECT id FROM articles", {}, Exception("database is locked"))

    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(api, "list_articles", locked)
    r = CliRunner().invoke(main, ["ls", "--db", str(seeds_db)])
    assert r.exit_code == 1 and r.output.strip() == "Error: the store failed: OperationalError: database is locked"

    def interrupted(db):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "list_articles", interrupted)
    r = CliRunner().invoke(main, ["ls", "--db", str(seeds_db)])
    assert r.exit_code == 130 and r.output.strip() == "interrupted"


def test_a_port_out_of_range_is_a_usage_error(seeds_db):
    r = CliRunner().invoke(main, ["serve", "--db", str(seeds_db), "--port", "99999"])
    assert r.exit_code == 2 and "99999 is not in the range 0<=x<=65535" in r.output


@pytest.mark.parametrize("command", [["outlets"], ["outlet", "ТАСС"], ["gaps"], ["alerts"], ["digest"],
                                     ["watchlist", "ls"], ["watchlist", "rm", "w-1"]])
def test_monitoring_reads_never_create_a_store(tmp_path, command):
    typo = tmp_path / "typo.db"
    r = CliRunner().invoke(main, [*command, "--db", str(typo)])
    assert r.exit_code == 1 and f"no store at {typo}" in r.output
    assert list(tmp_path.iterdir()) == []
