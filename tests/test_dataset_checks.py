"""Checks across files: unique ids (former ids included) and `validate PATH...`."""

from __future__ import annotations

from factory import BASE, TODAY, at, case, dump, edit

from kremlinlist.app.validate import validate

FORMER = "id: petrenko-ivan\nformer_ids: [petrenko-ivan-old, koval-olena]\n"


def problems_of(dataset, rel=None, paths=None):
    report = validate(dataset.root, paths, use_cache=False, today=TODAY)
    return [p for p in report.problems if rel is None or p.file == rel]


def add_olena(dataset, **overrides):
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}, **overrides))


def test_a_former_id_that_is_another_case_id(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("id: petrenko-ivan\n", FORMER))
    add_olena(dataset)
    p = at(problems_of(dataset, "cases/petrenko-ivan.yaml"), "duplicate-id", 2, 33)
    # neither the other file nor the id: either may be a withheld person's
    assert "another case file" in p.message and "merge them" in p.message
    assert "koval" not in p.message and "petrenko" not in p.message
    p = at(problems_of(dataset, "cases/koval-olena.yaml"), "duplicate-id", 1, 5)
    assert "another case file" in p.message
    assert "petrenko" not in p.message and "koval-olena" not in p.message


def test_two_cases_with_the_same_former_id(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("id: petrenko-ivan\n", "id: petrenko-ivan\n"
                                                   "former_ids: [petrenko-ivan-old]\n"))
    add_olena(dataset, former_ids=["petrenko-ivan-old"])
    at(problems_of(dataset, "cases/petrenko-ivan.yaml"), "duplicate-id", 2, 14)
    text = (dataset.root / "cases/koval-olena.yaml").read_text()
    line = text.splitlines().index("- petrenko-ivan-old") + 1
    at(problems_of(dataset, "cases/koval-olena.yaml"), "duplicate-id", line, 3)


def test_the_same_id_in_two_files(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    dataset.write("cases/zz-copy.yaml", BASE)
    problems = problems_of(dataset, "cases/zz-copy.yaml")
    p = at(problems, "duplicate-id", 1, 5)
    assert "another case file" in p.message and "must be unique" in p.message
    assert "petrenko" not in p.message and "zz-copy" not in p.message
    at(problems, "id-mismatch", 1, 5)


def test_paths_report_only_the_selected_files(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    dataset.write("cases/broken.yaml", "id: [\n")
    report = validate(dataset.root, [str(dataset.root / "cases/petrenko-ivan.yaml")],
                      use_cache=False, today=TODAY)
    assert report.problems == [] and report.checked == 1
    report = validate(dataset.root, [str(dataset.root / "cases/broken.yaml")], use_cache=False,
                      today=TODAY)
    assert [(p.file, p.code) for p in report.problems] == [("cases/broken.yaml", "yaml-syntax")]


def test_selected_file_reusing_an_unselected_files_former_id(dataset):
    """The new file is the one under review: the clash must reach it, whichever file sorts first."""
    dataset.write("cases/petrenko-ivan.yaml", edit("id: petrenko-ivan\n", FORMER))
    add_olena(dataset)
    for rel, line, column in (("cases/koval-olena.yaml", 1, 5),
                              ("cases/petrenko-ivan.yaml", 2, 33)):
        report = validate(dataset.root, [str(dataset.root / rel)], use_cache=False, today=TODAY)
        p = at(report.problems, "duplicate-id", line, column)
        assert p.file == rel


def test_selected_file_with_a_former_id_clash_sorting_first(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("id: petrenko-ivan\n", FORMER))
    dataset.add(case("aaa-koval", name={"en": "Olena Koval"}, former_ids=["petrenko-ivan-old"]))
    for rel in ("cases/aaa-koval.yaml", "cases/petrenko-ivan.yaml"):
        report = validate(dataset.root, [str(dataset.root / rel)], use_cache=False, today=TODAY)
        assert [p.code for p in report.problems] == ["duplicate-id"], (rel, report.problems)
        assert report.problems[0].file == rel


def test_selected_path_that_does_not_exist(dataset):
    dataset.add()
    report = validate(dataset.root, [str(dataset.root / "cases/nobody.yaml")], use_cache=False)
    assert [(p.file, p.code, p.line) for p in report.problems] == [
        ("cases/nobody.yaml", "missing-file", 0)]


def test_a_path_outside_the_dataset_is_said_to_be_outside_not_missing(dataset, tmp_path,
                                                                     monkeypatch):
    dataset.add()
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("id: x\n", encoding="utf-8")
    report = validate(dataset.root, [str(elsewhere), str(dataset.root / "cases/nobody.yaml")],
                      use_cache=False)
    said = {p.file: p.message for p in report.problems}
    assert "outside the dataset's folder" in said[elsewhere.as_posix()]
    assert "no such file" in said["cases/nobody.yaml"]
    monkeypatch.chdir(tmp_path)  # a relative path outside, from the folder above (`--root`)
    report = validate(dataset.root, ["nothere.yaml"], use_cache=False)
    assert "outside the dataset's folder" in report.problems[0].message


def test_a_folder_a_readme_and_a_yml_file_are_each_said_for_what_they_are(dataset):
    """All three were "no such file", which a researcher who can see the file cannot act on."""
    dataset.add()
    dataset.write("README.md", "# notes\n")
    dataset.write("cases/petrenko-ivan-2.yml", dump(case("petrenko-ivan-2")))
    report = validate(dataset.root, [str(dataset.root / rel) for rel in (
        "cases", "README.md", "cases/petrenko-ivan-2.yml")], use_cache=False)
    said = {(p.file, p.code): p.message for p in report.problems}
    assert "this is a folder" in said[("cases", "missing-file")]
    assert "checks only the `.yaml` files" in said[("README.md", "missing-file")]
    assert ("cases/petrenko-ivan-2.yml", "file-extension") in said
    assert ("cases/petrenko-ivan-2.yml", "missing-file") not in said


def test_selected_organization_file(dataset):
    dataset.add()
    dataset.write("organizations/bad-org.yaml", "id: bad-org\nname: {en: Bad}\ncountry: Ukraine\n")
    report = validate(dataset.root, [str(dataset.root / "organizations/bad-org.yaml")],
                      use_cache=False)
    assert [(p.code, p.line, p.column) for p in report.problems] == [("invalid-value", 3, 10)]


def test_duplicate_id_is_found_with_a_warm_cache(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    add_olena(dataset)
    assert validate(dataset.root, today=TODAY).problems == []  # fills the cache
    add_olena(dataset, former_ids=["petrenko-ivan"])
    problems = validate(dataset.root, today=TODAY).problems
    assert [(p.file, p.code) for p in problems] == [("cases/koval-olena.yaml", "duplicate-id"),
                                                    ("cases/petrenko-ivan.yaml", "duplicate-id")]
    # a cached clean file still takes part in the checks across files
    dataset.write("cases/koval-olena.yaml", dump(case("koval-olena", name={"en": "O K"})))
    dataset.write("cases/petrenko-ivan.yaml", edit("id: petrenko-ivan\n",
                                                   "id: petrenko-ivan\nformer_ids: [koval-olena]\n"))
    problems = validate(dataset.root, today=TODAY).problems
    assert [(p.file, p.line, p.code) for p in problems] == [
        ("cases/koval-olena.yaml", 1, "duplicate-id"), ("cases/petrenko-ivan.yaml", 2, "duplicate-id")]


def test_hostile_duplicate_ids_are_not_echoed(dataset):
    hostile = "<script>alert(1)</script>"
    dataset.write("cases/a.yaml", dump(case(hostile)))
    dataset.write("cases/b.yaml", dump(case(hostile)))
    problems = problems_of(dataset)
    assert problems and not any("script" in p.message for p in problems)


def test_a_file_with_thousands_of_problems_reports_a_hundred_and_counts_the_rest(dataset):
    """One 256 KiB file of unknown keys made 27,000 annotations and took six minutes (each was
    placed by counting the file's lines again)."""
    from kremlinlist.base.problem import MAX_PER_FILE

    dataset.add()
    dataset.write("cases/zz-keys.yaml", "".join(f"a{i}: 1\n" for i in range(20000)))
    dataset.write("cases/zz-marks.yaml", "=======\n" * 20000)
    report = validate(dataset.root, use_cache=False)
    keys = [p for p in report.problems if p.file == "cases/zz-keys.yaml"]
    assert len(keys) == MAX_PER_FILE + 1
    assert keys[-1].code == "more-problems"
    assert int(keys[-1].message.split()[0]) >= 20000 - MAX_PER_FILE  # every unknown key counted
    assert len([p for p in report.problems if p.file == "cases/zz-marks.yaml"]) <= 6


def test_a_message_lists_at_most_a_dozen_ids(dataset):
    """"use one of: ..." listed every id of the pull request's own criteria.yaml in every
    finding: 5,000 ids and 30,000 findings made a gigabyte of output."""
    from kremlinlist.model.ids import MAX_LISTED, listed

    assert listed(["b", "a"]) == "a, b"
    many = [f"c{i:04d}" for i in range(50)]
    said = listed(many)
    assert said.startswith("c0000, c0001") and f"and {50 - MAX_LISTED} more" in said
    assert "c0049" not in said


def test_the_hundred_problems_shown_of_a_file_are_its_errors_first(dataset):
    """150 warnings then one error: the error is among those shown, not counted away."""
    events = [{"date": "2020-03-10", "type": "detained", "sources": ["s1"]}]
    events += [{"date": f"{2021 + i // 28}-02-{i % 28 + 1:02d}", "type": "trial"}
               for i in range(150)]  # each an `uncited-event` warning
    dataset.add(case("petrenko-ivan", events=events, zzz=1))
    report = validate(dataset.root, use_cache=False)
    mine = [p for p in report.problems if p.file == "cases/petrenko-ivan.yaml"]
    assert "unknown-key" in {p.code for p in mine}, [p.code for p in mine][:5]
