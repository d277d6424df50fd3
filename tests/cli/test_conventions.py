"""Conventions every headless command follows (docs/CLI.md), checked on every job in the catalog."""

from __future__ import annotations

import re

import pytest

import catalog

from .conftest import REPO

JOB_IDS = [job.id for job in catalog.JOBS]


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.code == 0
    for job_id in JOB_IDS:
        assert job_id in result.stdout


def test_help_in_english(cli):
    result = cli("--help", "--lang", "en")
    assert "Without a command, the desktop app starts." in result.stdout


@pytest.mark.parametrize("job_id", JOB_IDS)
def test_each_command_explains_itself_with_an_example(cli, job_id):
    result = cli(job_id, "--help")
    assert result.code == 0
    assert "python main.py " + job_id in result.stdout


def test_unknown_command_is_a_usage_error(cli):
    result = cli("no-such-command", "--lang", "en")
    assert result.code == 2
    assert "usage error" in result.stderr


def test_missing_required_argument_is_a_usage_error(cli):
    result = cli("demo-generate", "--lang", "en")
    assert result.code == 2
    assert "usage error" in result.stderr


def test_bad_option_value_is_a_usage_error(cli, tmp_path):
    result = cli("demo-generate", str(tmp_path), "--seed", "many", "--lang", "en")
    assert result.code == 2
    assert "invalid int value: 'many'" in result.stderr


@pytest.mark.parametrize("job_id", JOB_IDS)
def test_every_command_is_documented_with_an_example(job_id):
    cli_doc = (REPO / "docs" / "CLI.md").read_text(encoding="utf-8")
    section = re.search(rf"^## `{re.escape(job_id)}`.*?(?=^## |\Z)", cli_doc, re.S | re.M)
    assert section, f"docs/CLI.md has no section for {job_id}"
    assert f"python main.py {job_id}" in section.group(0)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"main.py {job_id}" in readme
