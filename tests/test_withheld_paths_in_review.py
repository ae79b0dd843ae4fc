"""`diff` (whose Markdown the CI template posts to a pull request) and `intake list` say a path
named after a withheld person as validate says it, by its placeholder: since organizations/,
coalitions/ and intake/ joined the folders whose paths are kept out, both still printed them."""

from __future__ import annotations

from factory import GitRepo, case, invoke, seed

ZHUK = case("anon-2024-001", publicity="hidden",
            name={"en": "Marko Zhukovskyi", "uk": "Марко Жуковський"})
CONFIG = {"repository": "private", "timezone": "UTC"}


def test_diff_says_an_organization_named_after_a_withheld_person_by_a_placeholder(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, config=CONFIG)
    repo.commit("organizations", "2024-03-01T10:00:00+00:00", {
        "organizations/free-zhukovskyi.yaml": "id: free-zhukovskyi\n",  # lacks its name
        "organizations/open-door.yaml": "id: open-door\n"})
    for fmt in ("text", "md", "json"):
        result = invoke(["diff", "HEAD~1", "HEAD", "--format", fmt], cwd=repo.root)
        said = result.stdout + result.stderr
        assert "zhuk" not in said.lower(), said
        assert "file 1 not named here" in said, said
        assert "organizations/open-door.yaml" in said, said  # no one's name: said as it is


def test_intake_list_says_a_report_file_named_after_a_withheld_person_by_a_placeholder(
        tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, config=CONFIG,
         texts={"intake/zhukovskyi-report.yaml": "id: [\n"})
    for fmt in ("text", "json"):
        result = invoke(["intake", "list", "--format", fmt], cwd=repo.root)
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "zhuk" not in said.lower(), said
        assert "intake/(file 1 not named here" in said, said
