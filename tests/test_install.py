"""What an installed kremlinlist needs beyond its code: its version, its licence and metadata, and
the default templates as package data (the full wheel install is run by tests/install_smoke.sh)."""

import importlib.metadata
import importlib.resources
import tomllib
from pathlib import Path

import pytest
from factory import the_list
from typer.testing import CliRunner

from kremlinlist.base.errors import KremlinlistError
import kremlinlist
from kremlinlist.publish import templates, writers
from kremlinlist.cli import app

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("list.md.j2", "list.html.j2", "list.css", "list.js")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_comes_from_the_installed_metadata():
    installed = importlib.metadata.version("kremlinlist")
    assert kremlinlist.__version__ == installed == _pyproject()["project"]["version"]
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"kremlinlist {installed}\n"


def test_the_default_templates_are_package_data():
    shipped = importlib.resources.files("kremlinlist") / "templates"
    for name in TEMPLATES:
        assert (shipped / name).is_file(), name
    assert _pyproject()["tool"]["setuptools"]["package-data"]["kremlinlist"].count("templates/*")
    # the repository root is also a dataset: a templates/ folder there would act as an override
    assert not (ROOT / "templates").exists()


def test_export_renders_from_the_packaged_templates_when_the_dataset_has_none(tmp_path):
    html = writers.render_list(the_list(), "html", template_dirs=[tmp_path / "no-such-folder"])
    css = (importlib.resources.files("kremlinlist") / "templates" / "list.css").read_text("utf-8")
    assert "<!DOCTYPE html>" in html and css.strip() in html


def test_project_metadata_is_complete():
    project = _pyproject()["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])
    assert project["keywords"] and any("3.11" in c for c in project["classifiers"])
    meta = importlib.metadata.metadata("kremlinlist")
    assert meta["License-Expression"] == "MIT"
    assert any(d.startswith("tzdata") for d in project["dependencies"])


def test_an_installation_without_its_templates_is_a_clear_error(monkeypatch):
    """What a wheel built without its package data answers: no internal error, no traceback."""
    monkeypatch.setattr(templates, "TEMPLATE_PACKAGE", ("kremlinlist", "no-such-folder"))
    with pytest.raises(KremlinlistError, match="templates are missing from this installation") as e:
        writers.render_list(the_list(), "md")
    assert e.value.code == "templates-missing"
