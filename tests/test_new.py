import json
import os
import re
import traceback
from datetime import date
from pathlib import Path
from typing import NoReturn

import pytest

from factory import case, cli

from kremlinlist.files import yamlfmt as fmt
from kremlinlist.app import new
from kremlinlist.base import i18n
from kremlinlist.base.atomic import write_new
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.files import yamlsafe
from kremlinlist.app.commands import DECLARED
from kremlinlist.cli import console as terminal
from kremlinlist.app.validate import validate


PLACEHOLDER = {"report-1": {"title": "...", "url": "https://..."}}


def _placeholders(root, rel: str) -> list[tuple[str, int]]:
    """(code, line) of each problem validate reports on `rel`."""
    return [(p.code, p.line) for p in validate(root, [rel], use_cache=False).problems]


def test_new_writes_a_candidate_that_fails_until_its_placeholder_source_is_replaced(dataset):
    """A file fresh from `new` cites a placeholder, not a document: committed as it is, it would
    put a person in the dataset on no source at all, so validate fails until it is replaced."""
    result = cli("new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko", "--name-uk",
                 "Іван Петренко", "--region", "UA-43", "--detained", "2020-03", "--by", "test-org")
    assert result.exit_code == 0, result.output
    rel = "cases/petrenko-ivan.yaml"
    path = dataset.root / rel
    text = path.read_text(encoding="utf-8")
    data = yamlsafe.parse(text)[0]
    assert data["name"] == {"en": "Ivan Petrenko", "uk": "Іван Петренко"}
    assert data["assessment"]["decision"] == "candidate"
    assert data["events"] == [{"date": "2020-03", "type": "detained", "sources": ["report-1"]}]
    assert data["sources"] == PLACEHOLDER
    assert "title" in text and "URL" in text and "criteria" in text and "publicity" in text
    assert fmt.format_text(text, "case") == text
    line = text.splitlines().index('  report-1: {title: "...", url: "https://..."}  # a '
                                   "placeholder: replace it with the document's own heading "
                                   "and address") + 1
    assert _placeholders(dataset.root, rel) == [("placeholder-source", line)]
    assert cli("validate", "-C", str(dataset.root), rel).exit_code == 1
    # the heading written, the address still the placeholder: still refused
    path.write_text(text.replace('title: "..."', "title: Court ruling on Ivan Petrenko"),
                    encoding="utf-8")
    assert _placeholders(dataset.root, rel) == [("placeholder-source", line)]
    path.write_text(text.replace('{title: "...", url: "https://..."}',
                                 '{title: Court ruling on Ivan Petrenko, '
                                 'url: "https://example.org/ruling..."}'), encoding="utf-8")
    assert _placeholders(dataset.root, rel) == []
    assert cli("validate", "-C", str(dataset.root), rel).exit_code == 0


@pytest.mark.parametrize("title,url,placeholder", [
    ("...", None, True), ("…", "https://example.org/a", True), (" . . . ", None, True),
    ("Court ruling", "https://...", True), ("Court ruling", "https://…/", True),
    ("Court ruling", "http://.../page", True),
    ("Court ruling...", "https://example.org/...", False), ("...and then", None, False),
    ("Court ruling", None, False), ("Вирок суду", "https://example.org", False),
])
def test_only_the_placeholder_is_a_placeholder_source(dataset, title, url, placeholder):
    source = {"title": title, **({"url": url} if url else {})}
    dataset.add(case("petrenko-ivan", sources={"s1": source}))
    codes = [p.code for p in validate(dataset.root, ["cases/petrenko-ivan.yaml"],
                                      use_cache=False).problems]
    assert codes == (["placeholder-source"] if placeholder else [])


@pytest.mark.parametrize("url", ["https:///x", "https://?page=2", "http://:8080/report",
                                 "https://[example.org/report"])
def test_an_address_with_no_host_is_said_to_have_none_not_called_the_placeholder(dataset, url):
    """`https:///x` is a mistyped address, not what `new` wrote: it was called the placeholder
    (and `https://[example.org/report` stopped validate with a traceback)."""
    dataset.add(case("petrenko-ivan", sources={"s1": {"title": "Court ruling", "url": url}}))
    for lang, words in (("en", "this address names no host"), ("uk", "ця адреса не називає")):
        with i18n.speaking(lang):
            problems = validate(dataset.root, ["cases/petrenko-ivan.yaml"],
                                use_cache=False).problems
        assert [p.code for p in problems] == ["invalid-value"], problems
        assert problems[0].message.startswith(words), problems[0].message
        assert "`https://example.org/report`" in problems[0].message


@pytest.mark.parametrize("rel,text,field,line", [
    ("organizations/other-org.yaml", "id: other-org\nname: {en: Other}\ncountry: UA\n"
     "sources:\n  s1: {title: About us, url: 'https:///about'}\n", "url", 5),
    ("organizations/other-org.yaml", "id: other-org\nname: {en: Other}\ncountry: UA\n"
     "website: 'http://:8080/'\n", "website", 4),
    ("kremlinlist.yaml", "site_url: https:///\n", "site_url", 1),
])
def test_an_address_with_no_host_is_refused_wherever_it_is_written(dataset, rel, text, field,
                                                                     line):
    """Only a case's sources were checked for a host: an organization's source or website and
    the config's `site_url` with none validated clean."""
    dataset.write(rel, text)
    for lang, words in (("en", "this address names no host"), ("uk", "ця адреса не називає")):
        with i18n.speaking(lang):
            problems = validate(dataset.root, use_cache=False).problems
        assert [(p.file, p.code, p.line) for p in problems] == [(rel, "invalid-value", line)]
        assert problems[0].message.startswith(words), problems[0].message
        assert problems[0].message.endswith(f"`{field}`" if lang == "uk" else f"`{field}` out")


def test_only_what_was_given(dataset):
    assert cli("new", "-C", str(dataset.root), "--name-uk", "Мар'яна Зозуля",
               "--by", "test-org").exit_code == 0
    data = yamlsafe.parse((dataset.root / "cases/zozulia-mariana.yaml").read_text())[0]
    assert data["name"] == {"en": "Mariana Zozulia", "uk": "Мар'яна Зозуля"}
    assert "region" not in data and "born" not in data and data["events"] == []
    assert data["sources"] == PLACEHOLDER
    assert [p.code for p in validate(dataset.root, ["cases/zozulia-mariana.yaml"],
                                     use_cache=False).problems] == ["placeholder-source"]


@pytest.mark.parametrize("uk,en", [
    ("Олег Сенцов", "Oleh Sentsov"), ("Юрій Щербак", "Yurii Shcherbak"),
    ("Євген Згурський", "Yevhen Zghurskyi"), ("Ярослава Їжакевич", "Yaroslava Yizhakevych"),
    ("Олексій Йовенко", "Oleksii Yovenko"),
])
def test_kmu_2010_transliteration(uk, en):
    assert new.transliterate(uk) == en


def test_id_from_the_english_name_is_surname_first():
    assert new.derive_id("Oleh Sentsov", None) == "sentsov-oleh"
    assert new.derive_id(None, "Олег Сенцов") == "sentsov-oleh"
    assert new.derive_id("Ivan Petrovych Petrenko", None) == "petrenko-ivan"


def test_refuses_an_id_in_use_or_formerly_used(dataset):
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("moroz-petro", former_ids=["kovalenko-anna"],
                     name={"en": "Petro Moroz"}))
    result = cli("new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko", "--by", "test-org")
    assert result.exit_code == 1
    assert "already used by cases/petrenko-ivan.yaml" in result.output
    assert "--id petrenko-ivan-2" in result.output
    result = cli("new", "-C", str(dataset.root), "--name-en", "Anna Kovalenko", "--by", "test-org")
    assert result.exit_code == 1 and "former id" in result.output
    assert not (dataset.root / "cases/kovalenko-anna.yaml").exists()
    ok = cli("new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko", "--by", "test-org",
             "--id", "petrenko-ivan-2")
    assert ok.exit_code == 0
    assert "looks like cases/petrenko-ivan.yaml" in ok.output
    assert [p.code for p in validate(dataset.root, ["cases/petrenko-ivan-2.yaml"],
                                     use_cache=False).errors] == ["placeholder-source"]


def test_warns_on_a_look_alike_in_another_spelling_or_script(dataset):
    dataset.add(case("abdullaiev-teimur-x", name={"en": "Teimur Abdullaiev"},
                     aliases=["Teymur Abdullayev"]))
    result = cli("new", "-C", str(dataset.root), "--name-uk", "Теймур Абдуллаєв",
                 "--by", "test-org", "--id", "abdullaiev-teimur-2")
    assert result.exit_code == 0
    assert "looks like cases/abdullaiev-teimur-x.yaml" in result.output
    other = cli("new", "-C", str(dataset.root), "--name-en", "Ruslan Abdullaiev",
                "--by", "test-org")
    assert other.exit_code == 0 and "looks like" not in other.output


def test_new_and_dupes_agree_on_a_look_alike(dataset):
    # Serhiy/Sergei: a spelling pair the duplicate finder folds together (fictional surname).
    dataset.add(case("zhadrovynets-sergei", name={"en": "Sergei Zhadrovynets"}))
    result = cli("new", "-C", str(dataset.root), "--name-en", "Serhiy Zhadrovynets",
                 "--by", "test-org")
    assert result.exit_code == 0, result.output
    assert "looks like cases/zhadrovynets-sergei.yaml" in result.output
    pairs = json.loads(cli("dupes", "-C", str(dataset.root), "--format", "json").stdout)["pairs"]
    assert [(p["a"], p["b"]) for p in pairs] == [("cases/zhadrovynets-sergei.yaml",
                                                  "cases/zhadrovynets-serhiy.yaml")]


def test_a_pair_ruled_different_in_dupes_yaml_is_not_reported(dataset):
    dataset.add(case("zhadrovynets-sergei", name={"en": "Sergei Zhadrovynets"}))
    dataset.write("dupes.yaml", "different:\n  - pair: [zhadrovynets-sergei, zhadrovynets-serhiy]"
                                "\n    reason: two people\n    by: test\n")
    result = cli("new", "-C", str(dataset.root), "--name-en", "Serhiy Zhadrovynets",
                 "--by", "test-org")
    assert result.exit_code == 0 and "looks like" not in result.output


def test_a_withheld_look_alike_is_not_named(dataset):
    dataset.add(case("anon-2024-001", publicity="anonymous", name={"en": "Olha Hrytsenko"}))
    result = cli("new", "-C", str(dataset.root), "--name-en", "Olga Gritsenko",
                 "--by", "test-org")
    assert result.exit_code == 0
    assert "withheld" in result.output and "anon-2024-001" not in result.output


@pytest.mark.parametrize("args,words", [
    (["--region", "UA-99"], "--region"),
    (["--region", "Atlantis"], "--region"),
    (["--name-en", "Іван Петренко"], "Latin"),
    (["--detained", "2020-13"], "--detained"),
    (["--detained", "2099"], "future"),
    (["--by", "nobody"], "test-org"),
    (["--id", "Bad_Id"], "--id"),
])
def test_bad_inputs_are_usage_errors(dataset, args, words):
    base = {"--name-en": "Ivan Petrenko", "--by": "test-org"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    flat = [x for kv in base.items() for x in kv]
    result = cli("new", "-C", str(dataset.root), *flat)
    assert result.exit_code == 2
    assert words in result.output
    assert list((dataset.root / "cases").iterdir()) == []


def test_without_a_terminal_nothing_is_asked(dataset):
    result = cli("new", "-C", str(dataset.root), "--by", "test-org", input="Ivan Petrenko\n")
    assert result.exit_code == 2 and "--name-en" in result.output


def test_prompts_at_a_terminal(dataset, monkeypatch):
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    answers = "Ivan Petrenko\nІван Петренко\nUA-43\n2020-03-10\ntest-org\n\n"
    result = cli("new", "-C", str(dataset.root), input=answers)
    assert result.exit_code == 0, result.output
    data = yamlsafe.parse((dataset.root / "cases/petrenko-ivan.yaml").read_text())[0]
    assert data["region"] == "UA-43" and data["events"][0]["date"] == "2020-03-10"


def test_names_that_need_quoting(dataset):
    assert cli("new", "-C", str(dataset.root), "--name-en", "Ivan: Petrenko #1",
               "--by", "test-org", "--id", "petrenko-ivan").exit_code == 0
    data = yamlsafe.parse((dataset.root / "cases/petrenko-ivan.yaml").read_text())[0]
    assert data["name"]["en"] == "Ivan: Petrenko #1"


def test_help_has_an_example():
    assert "Example: kremlinlist new" in cli("new", "--help").output


def test_the_id_comes_from_the_ukrainian_name_surname_first():
    # the English name written surname first no longer decides the id
    assert new.derive_id("Zhovtoboriuk Taras", "Тарас Жовтоборюк") == "zhovtoboriuk-taras"
    assert new.derive_id(None, "Жовтоборюк Тарас Іванович") == "zhovtoboriuk-taras"
    assert new.derive_id(None, "Тарас Іванович Жовтоборюк") == "zhovtoboriuk-taras"


@pytest.mark.parametrize("typed,code", [
    ("Kherson", "UA-65"), ("kherson oblast", "UA-65"), ("Херсонська обл.", "UA-65"),
    ("херсонська", "UA-65"), ("ua-65", "UA-65"), ("Kyiv", "UA-30"), ("Київська область", "UA-32"),
    ("Крим", "UA-43"), ("Crimea", "UA-43"),
])
def test_regions_by_name_in_either_language_or_by_code(typed, code):
    assert new.check_region(typed) == code


def test_an_ambiguous_or_unknown_region_says_why_with_examples():
    with pytest.raises(new.KremlinlistError, match="more than one region"):
        new.check_region("Kh")  # Kharkiv, Kherson, Khmelnytskyi
    with pytest.raises(new.KremlinlistError, match="UA-65"):
        new.check_region("Atlantis")


@pytest.mark.parametrize("typed,stored", [
    ("15.03.2023", "2023-03-15"), ("5.3.2023", "2023-03-05"), ("15/03/2023", "2023-03-15"),
    ("03.2023", "2023-03"), ("2023", "2023"), ("2023-03-15", "2023-03-15"),
])
def test_dates_in_the_usual_ukrainian_forms(typed, stored):
    from datetime import date
    assert new.check_date(typed, date(2026, 1, 1)) == stored


def test_organizations_by_id_or_name_in_any_letter_case(dataset):
    dataset.write("organizations/zmina-test.yaml", "id: zmina-test\nname: {en: Zmina Test "
                  "Centre, uk: Центр Зміна Тест}\nshort: ZMINA\ncountry: UA\n")
    for typed in ("zmina", "Zmina", "ZMINA-TEST", "центр зміна тест", "Test Centre"):
        assert new.check_org(dataset.root, typed) == "zmina-test", typed
    assert new.check_org(dataset.root, "Test-Org") == "test-org"


def test_the_english_name_must_be_latin(dataset):
    with pytest.raises(new.KremlinlistError, match="Latin"):
        new.check_name_en("Тарас Жовтоборюк")
    assert new.check_name_en("Taras Zhovtoboriuk-Kovalʼ") == "Taras Zhovtoboriuk-Kovalʼ"


def test_a_file_made_after_the_plan_is_never_replaced(dataset):
    """`new` checks the id when it plans, but an editor or a second `new` may make the file
    before it is written: the write itself refuses, and their file stays as they wrote it."""
    planned = new.plan(dataset.root, new.Answers(name_en="Oksana Fictional", name_uk=None,
                                                      region=None, detained=None, by="test-org"))
    path = dataset.root / planned.rel
    path.write_text("id: theirs\n", encoding="utf-8")
    with pytest.raises(KremlinlistError) as refused:
        new.write_case(dataset.root, planned)
    assert refused.value.code == "id-taken" and not refused.value.usage
    assert path.read_text(encoding="utf-8") == "id: theirs\n"
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    path.unlink()
    new.write_case(dataset.root, planned)
    assert path.read_text(encoding="utf-8") == planned.text


WON, LOST = 0, 1


def _writer_when_told(path: Path, data: bytes, start: int, release: int) -> NoReturn:
    """A forked writer: waits on `start` for the end of file that starts them all at once, then
    writes; its exit code says whether it won. It never returns into the test."""
    code = 2
    try:
        os.close(release)
        os.read(start, 1)
        try:
            write_new(path, data)
            code = WON
        except FileExistsError:
            code = LOST
    except BaseException:  # noqa: BLE001 - said, then a code that is neither
        traceback.print_exc()
    finally:
        os._exit(code)


def test_of_writers_racing_for_one_new_file_exactly_one_wins(tmp_path):
    """`write_new` (new, new-action, intake import and promote): a check for the file and then a
    rename let two writers both 'create' it, the second replacing the first's."""
    for round_ in range(20):
        path = tmp_path / f"cases-{round_}.yaml"
        start, release = os.pipe()
        pids = []
        try:
            for i in range(4):
                pid = os.fork()
                if pid == 0:
                    _writer_when_told(path, b"%d" % i, start, release)
                pids.append(pid)
        finally:
            os.close(start)
            os.close(release)  # the last writing end of `start`: every writer reads its end
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
        winners = [b"%d" % i for i, code in enumerate(codes) if code == WON]
        assert len(winners) == 1 and path.read_bytes() == winners[0], codes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"cases-{i}.yaml"
                                                               for i in range(20))


CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")


def test_the_new_files_comments_are_in_the_language_of_messages(dataset):
    """Under --lang uk the guide and every comment are Ukrainian; keys and values stay English."""
    result = cli("--lang", "uk", "new", "-C", str(dataset.root), "--name-uk", "Іван Петренко",
                 "--region", "UA-43", "--detained", "2020-03", "--by", "test-org")
    assert result.exit_code == 0, result.output
    text = (dataset.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8")
    comments = [line.partition("#")[2] for line in text.splitlines() if "#" in line]
    assert len(comments) > 15
    assert all(CYRILLIC.search(c) for c in comments if c.strip()), comments
    assert "`report-1`" in text and "cases/petrenko-ivan.yaml" in text
    data = yamlsafe.parse(text)[0]
    assert data["name"] == {"en": "Ivan Petrenko", "uk": "Іван Петренко"}
    assert data["publicity"] == "public" and data["assessment"]["decision"] == "candidate"
    assert fmt.format_text(text, "case") == text
    with i18n.speaking("uk"):
        report = validate(dataset.root, ["cases/petrenko-ivan.yaml"], use_cache=False)
    assert [p.code for p in report.problems] == ["placeholder-source"]
    assert CYRILLIC.search(report.problems[0].message)
    english = cli("new", "-C", str(dataset.root), "--name-en", "Petro Moroz", "--by", "test-org")
    assert english.exit_code == 0
    assert not CYRILLIC.search((dataset.root / "cases/moroz-petro.yaml").read_text())


@pytest.mark.parametrize("lang,words", [
    ("en", "In a public repository, delete every comment"),
    ("uk", "У публічному репозиторії видаліть також кожен коментар"),
])
def test_the_guides_step_for_a_withheld_name_says_to_delete_the_comments(dataset, lang, words):
    """Step 4 said only to set `publicity: anonymous`: in a public repository every comment
    `new` wrote, the guide's own, was then refused, and the guide did not say so."""
    result = cli("--lang", lang, "new", "-C", str(dataset.root), "--name-uk", "Іван Петренко",
                 "--detained", "2020-03", "--by", "test-org")
    assert result.exit_code == 0, result.output
    path = dataset.root / "cases/petrenko-ivan.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#   4. "))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("#      "))
    step = " ".join(line.lstrip("# ") for line in lines[start:end])
    assert words in step, step
    path.write_text(text.replace("publicity: public", "publicity: anonymous"), encoding="utf-8")
    refused = [p for p in validate(dataset.root, ["cases/petrenko-ivan.yaml"],
                                   use_cache=False).problems
               if p.code == "withheld-comment-in-public-repository"]
    assert len(refused) == sum("#" in line for line in lines) > 15


@pytest.mark.parametrize("uk,given_first", [
    ("Бондар Ганна Петрівна", "Ганна Бондар"), ("Ганна Петрівна Бондар", "Ганна Бондар"),
    ("Ганна Бондар", "Ганна Бондар"), ("Ганна", "Ганна"),
    ("Коваль Тарас Іванович", "Тарас Коваль"), ("Ганна Марія Бондар", "Ганна Марія Бондар"),
])
def test_the_english_name_is_given_name_then_surname_without_a_patronymic(uk, given_first):
    assert new.given_first(uk) == given_first


def test_an_english_name_made_from_the_official_order_agrees_with_the_id(dataset):
    result = cli("new", "-C", str(dataset.root), "--name-uk", "Бондар Ганна Петрівна",
                 "--by", "test-org")
    assert result.exit_code == 0, result.output
    data = yamlsafe.parse((dataset.root / "cases/bondar-hanna.yaml").read_text())[0]
    assert data["name"] == {"en": "Hanna Bondar", "uk": "Бондар Ганна Петрівна"}


@pytest.mark.parametrize("typed,code", [
    ("Херсонщина", "UA-65"), ("херсонщина", "UA-65"), ("Донеччина", "UA-14"),
    ("Хмельниччина", "UA-68"), ("Одещина", "UA-51"), ("Київщина", "UA-32"), ("Київ", "UA-30"),
    ("Івано-Франківщина", "UA-26"), ("Черкащина", "UA-71"), ("Харківщ", "UA-63"),
])
def test_regions_by_the_names_ukrainian_speaks_of_them_by(typed, code):
    assert new.check_region(typed) == code


def test_regions_offered_are_named_in_the_language_of_messages():
    with i18n.speaking("uk"):
        with pytest.raises(KremlinlistError) as unknown:
            new.check_region("Atlantis")
        with pytest.raises(KremlinlistError) as several:
            new.check_region("Kh")
    assert "UA-65 (Херсонська обл.)" in unknown.value.details[0]
    assert "Kherson Oblast" not in unknown.value.details[0]
    assert "UA-63 (Харківська обл.)" in several.value.message
    with pytest.raises(KremlinlistError) as english:
        new.check_region("Atlantis")
    assert "UA-65 (Kherson Oblast)" in english.value.details[0]


@pytest.mark.parametrize("yes", ["так", "т", "Так", "y", "yes"])
def test_yes_and_no_in_ukrainian_at_a_terminal(dataset, monkeypatch, yes):
    """The look-alike's question is answered in Ukrainian, its choices shown in Ukrainian."""
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    dataset.add(case("petrenko-ivan"))
    args = ["--lang", "uk", "new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko",
            "--name-uk", "Іван Петренко", "--region", "UA-43", "--detained", "", "--by",
            "test-org"]
    declined = cli(*args, input="\nні\n")
    assert declined.exit_code == 1, declined.output
    assert "[Т/н]" in declined.output and "[т/Н]" in declined.output
    assert "invalid input" not in declined.output
    assert sorted(p.name for p in (dataset.root / "cases").iterdir()) == ["petrenko-ivan.yaml"]
    wrong = cli(*args, input=f"\nможе\n{yes}\n")
    assert wrong.exit_code == 0, wrong.output
    assert "так або ні" in wrong.output
    assert (dataset.root / "cases/petrenko-ivan-2.yaml").is_file()


def test_a_taken_id_given_at_a_terminal_is_asked_again_without_the_option(dataset, monkeypatch):
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    dataset.add(case("melnyk-oksana", name={"en": "Oksana Melnyk"}, former_ids=["melnyk-o"]))
    dataset.add(case("melnyk-oksana-2", name={"en": "Oksana Melnyk"}))
    args = ["--lang", "uk", "new", "-C", str(dataset.root), "--name-uk", "Оксана Мельник",
            "--name-en", "", "--region", "", "--detained", "", "--by", "test-org"]
    offered = cli(*args, input="\nт\n")
    assert offered.exit_code == 0, offered.output
    assert "melnyk-oksana-3" in offered.output and "--id" not in offered.output
    assert (dataset.root / "cases/melnyk-oksana-3.yaml").is_file()
    given = cli(*args, "--id", "melnyk-o", input="melnyk-oksana-4\nт\n")
    assert given.exit_code == 0, given.output
    assert "melnyk-o" in given.output and "--id" not in given.output
    assert (dataset.root / "cases/melnyk-oksana-4.yaml").is_file()


def test_the_end_of_input_at_a_question_stops_in_the_language_of_messages(dataset, monkeypatch):
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    result = cli("--lang", "uk", "new", "-C", str(dataset.root), input="Ivan Petrenko\n")
    assert result.exit_code == 1
    assert "зупинено: файл не створено" in result.output and "Aborted" not in result.output


def _help_forms(option: str, lang: str) -> list[tuple[str, bool]]:
    """The forms `new --help` names for `option` in `lang`, quoted, each with whether the help
    says `new` reads it (a form after `Not`/`Не` it says is refused)."""
    said = next(p.help for c in DECLARED if c.name == "new" for p in c.params if p.name == option)
    with i18n.speaking(lang):
        said = i18n._(said)
    return [(form, not refused) for refused, form in re.findall(r'(Not |Не )?"([^"]+)"', said)]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_region_form_the_help_names_is_read(lang):
    """`new --help` named fewer forms than `new` reads (no code with a space, no spoken name, no
    country after the name); each form it names is read here, so that it cannot name one that
    is not."""
    forms = _help_forms("region", lang)
    assert any(f.startswith("UA") for f, _read in forms) and any(
        f.endswith("щина") for f, _read in forms), forms
    for form, read in forms:
        assert read and re.fullmatch(r"UA-\d\d", new.check_region(form) or ""), form


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_date_form_the_help_names_is_read_and_the_refused_one_is_refused(lang):
    """`new --help` said `YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY` while `new` also reads
    `03.2022` and `березень 2022`, and refuses `05/03/2022`, which the day or the month may
    begin."""
    forms = _help_forms("detained", lang)
    assert any(not read for _f, read in forms) and any(
        not f[:1].isdigit() for f, _read in forms), forms
    for form, read in forms:
        if read:
            assert new.check_date(form, date(2026, 1, 1)), form
        else:
            with pytest.raises(KremlinlistError):
                new.check_date(form, date(2026, 1, 1))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_questions_name_every_form_the_help_names(dataset, monkeypatch, lang):
    """The questions gave fewer examples than `new --help` (`Kherson, Херсонська, UA-65`; no
    `березень 2022`, no `UA 65`): each form the help names as read, and not the one it names as
    refused, is in the question too."""
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    result = cli("--lang", lang, "new", "-C", str(dataset.root),
                 input="Ivan Petrenko\n\n\n\ntest-org\n\n")
    assert result.exit_code == 0, result.output
    for option in ("region", "detained"):
        for form, read in _help_forms(option, lang):
            assert (f'"{form}"' in result.output) == read, (form, result.output)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_date_new_cannot_read_is_refused_with_the_forms_it_reads(dataset, lang):
    """The refusal named only 15.03.2023 and 03.2023 of the forms `new` reads."""
    result = cli("--lang", lang, "new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko",
                 "--by", "test-org", "--detained", "last spring")
    assert result.exit_code == 2 and "--detained" in result.output, result.output
    said = " ".join(result.output.split())
    for form, read in _help_forms("detained", lang):
        assert (f'"{form}"' in said) == read, (form, said)


def test_a_two_digit_year_is_offered_in_full(dataset):
    """`--detained 12.03.22` got the refusal of any text that is no date, while validate offers
    the year in full."""
    result = cli("new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko", "--by",
                 "test-org", "--detained", "12.03.22")
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "did you mean 2022-03-12? (1922-03-12 if the year is of the last century)" in said
    assert not (dataset.root / "cases/petrenko-ivan.yaml").exists()


@pytest.mark.parametrize("typed, reason", [
    ("29.02.2022", "day"), ("31.02.2022", "day"), ("00.03.2022", "day"), ("12.13.2022", "month"),
    ("13.2022", "month"), ("30 лютого 2022", "day"), ("2022-02-30", "day"),
])
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_an_impossible_date_in_a_form_new_reads_is_told_what_is_wrong(dataset, typed, reason,
                                                                      lang):
    """`--detained 29.02.2022` was told to write the date as one of the forms, 12.03.2022 among
    them, the form it was written in: the day that does not exist was lost on the way."""
    result = cli("--lang", lang, "new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko",
                 "--by", "test-org", "--detained", typed)
    assert result.exit_code == 2 and "--detained" in result.output, result.output
    said = " ".join(result.output.split())
    words = {("en", "day"): "that day does not exist in that month",
             ("en", "month"): "the month must be 01 to 12",
             ("uk", "day"): "такого дня в цьому місяці немає",
             ("uk", "month"): "місяць має бути від 01 до 12"}[lang, reason]
    assert words in said and '"12.03.2022"' not in said, said
    assert not (dataset.root / "cases/petrenko-ivan.yaml").exists()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_form_the_region_refusal_names_is_read(lang):
    """The refusal named three forms (`Kherson, Херсонська or UA-65`) of the many the help
    names; it names the help's, each of which is read."""
    with i18n.speaking(lang), pytest.raises(KremlinlistError) as exc:
        new.check_region("Atlantis")
    named = re.findall(r'"([^"]+)"', exc.value.message)
    assert named == [form for form, read in _help_forms("region", lang) if read]
    for form in named:
        assert re.fullmatch(r"UA-\d\d", new.check_region(form) or ""), form


@pytest.mark.parametrize("lang, said", [
    ("en", "Kiev is spelt as in Russian; the Ukrainian spelling is Kyiv"),
    ("uk", "Kiev — транслітерація з російської; з української — Kyiv"),
])
def test_a_region_spelt_from_russian_is_taken_with_the_spelling_to_prefer(dataset, monkeypatch,
                                                                          lang, said):
    """`Kiev` was no region; it is Kyiv's code, and the question says which spelling to prefer."""
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    result = cli("--lang", lang, "new", "-C", str(dataset.root),
                 input="Ivan Petrenko\n\nKiev\n\ntest-org\n\n")
    assert result.exit_code == 0, result.output
    assert said in result.output
    data = yamlsafe.parse((dataset.root / "cases/petrenko-ivan.yaml").read_text())[0]
    assert data["region"] == "UA-30"


def test_a_script_giving_a_region_spelt_from_russian_is_told_the_spelling_on_stderr(dataset):
    """Only the questions said it: `new --region Kiev` from a script took it silently."""
    result = cli("new", "-C", str(dataset.root), "--name-en", "Ivan Petrenko", "--name-uk",
                 "Іван Петренко", "--region", "Kiev", "--detained", "2020-03", "--by", "test-org")
    assert result.exit_code == 0, result.output
    assert "Kiev is spelt as in Russian; the Ukrainian spelling is Kyiv" in result.stderr
    assert "spelt as in Russian" not in result.stdout
    assert yamlsafe.parse((dataset.root / "cases/petrenko-ivan.yaml").read_text())[0][
        "region"] == "UA-30"
