"""validate's git questions (`--changed-since`, `--staged`) asked from inside the dataset (its
cases/ folder), through -C or --root, and of a dataset that is a subfolder of its repository:
git names the changed files from the dataset's folder, so each run names every file as a run
in the dataset's folder does (one from cases/ said cases/cases/x.yaml was missing). Every
person here is fictional (tests/factory.py)."""

from __future__ import annotations

import json

import pytest
from factory import CRITERIA, ORG, GitRepo, case, dump, invoke

BAD = case("bad-case", name={"en": "Olha Bad", "uk": "Ольга Погана"}, born="not a year")


@pytest.fixture(params=["", "data/"], ids=["at-the-top", "in-a-subfolder"])
def changed(request, tmp_path):
    """A repository whose dataset (at its top, or in data/) has, since its one commit: a case
    changed, a case added and staged, an organization deleted (its cases are re-checked) and a
    stray file in cases/."""
    at = request.param
    repo = GitRepo(tmp_path / "repo")
    repo.commit("seed", "2024-01-05T10:00:00+00:00", {
        at + "criteria.yaml": dump(CRITERIA), at + "organizations/test-org.yaml": dump(ORG),
        at + "kremlinlist.yaml": dump({"repository": "public", "timezone": "UTC"}),
        at + "cases/petrenko-ivan.yaml": dump(case())})
    root = repo.root / at
    (root / "cases/petrenko-ivan.yaml").write_text(dump(case(born="1981")), encoding="utf-8")
    (root / "cases/bad-case.yaml").write_text(dump(BAD), encoding="utf-8")
    (root / "cases/export.txt").write_text("a form's export\n", encoding="utf-8")
    repo.git("add", "--", at + "cases/bad-case.yaml", at + "cases/export.txt")
    repo.git("rm", "-q", "--", at + "organizations/test-org.yaml")
    return root


WAYS = ["in-cases", "in-cases-with-root", "C-into-cases", "C-relative", "root-from-outside",
        "root-relative-from-outside"]


def _way(root, way):
    """(folder, arguments before `validate`, after it) of running on `root` that `way`."""
    outside = root.parent
    return {
        "in-cases": (root / "cases", [], []),
        "in-cases-with-root": (root / "cases", [], ["--root", ".."]),
        "C-into-cases": (outside, ["-C", str(root / "cases")], []),
        "C-relative": (outside, ["-C", root.name + "/cases"], []),
        "root-from-outside": (outside, [], ["--root", str(root)]),
        "root-relative-from-outside": (outside, [], ["--root", root.name]),
    }[way]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("mode", [["--changed-since", "HEAD"], ["--staged"]],
                         ids=["changed-since", "staged"])
def test_a_change_is_named_from_the_dataset_whichever_folder_it_is_asked_from(changed, way,
                                                                             mode):
    expected = invoke(["validate", *mode, "--format", "json"], changed)
    report = json.loads(expected.stdout)
    named = {(p["file"], p["code"]) for p in report["problems"]}
    assert ("cases/bad-case.yaml", "invalid-value") in named, expected.stdout
    assert ("cases/export.txt", "stray-file") in named
    assert ("cases/petrenko-ivan.yaml", "unknown-organization") in named  # the org deleted
    assert not any("cases/cases" in f for f, _ in named)
    cwd, before, after = _way(changed, way)
    result = invoke([*before, "validate", *mode, *after, "--format", "json"], cwd)
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)
    text = invoke([*before, "validate", *mode, *after], cwd)
    assert text.stdout == invoke(["validate", *mode], changed).stdout


def test_a_path_given_from_cases_is_named_from_the_dataset(changed):
    expected = invoke(["validate", "cases/bad-case.yaml", "--format", "json"], changed)
    assert json.loads(expected.stdout)["problems"]
    for cwd, path in ((changed / "cases", "bad-case.yaml"),
                      (changed / "cases", "../cases/bad-case.yaml"),
                      (changed.parent, changed.name + "/cases/bad-case.yaml")):
        root = [] if cwd != changed.parent else ["--root", changed.name]
        result = invoke(["validate", path, *root, "--format", "json"], cwd)
        assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)
