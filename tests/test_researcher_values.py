"""Values a researcher writes in Ukrainian, and messages that give the value to write instead:
a region by its official or spoken name, an allowed value in Ukrainian, a Latin letter in a
Ukrainian name. Every person here is fictional."""

from __future__ import annotations

from datetime import date

import pytest
from factory import BASE, at, check_text, edit, invoke, only

from kremlinlist.app import new
from kremlinlist.base import i18n
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model.regions import region_codes

HIDDEN = edit("publicity: public", "publicity: hidden")


def uk_problems(dataset, text: str, rel: str = "cases/petrenko-ivan.yaml"):
    with i18n.speaking("uk"):
        return check_text(dataset, text, rel)


# --- regions --------------------------------------------------------------------------------------

REGIONS_AS_WRITTEN = [
    ("Автономна Республіка Крим", "UA-43", "Крим"), ("Херсонщина", "UA-65", "Херсонська обл."),
    ("Донеччина", "UA-14", "Донецька обл."), ("Харківщина", "UA-63", "Харківська обл."),
    ("Запоріжжя", "UA-23", "Запорізька обл."), ("UA 65", "UA-65", "Херсонська обл."),
    ("Kyiv Oblast, Ukraine", "UA-32", "Київська обл."), ("місто Київ", "UA-30", "Київ"),
    ("Kyivska oblast", "UA-32", "Київська обл."), ("Kharkivs'ka", "UA-63", "Харківська обл."),
    ("Kiev", "UA-30", "Київ"), ("Lugansk", "UA-09", "Луганська обл."),
]


@pytest.mark.parametrize("typed,code,region", REGIONS_AS_WRITTEN)
def test_a_region_as_ukrainians_write_it_says_its_code(dataset, typed, code, region):
    p = at(uk_problems(dataset, edit("region: UA-43", f"region: {typed}")), "invalid-value", 6, 9)
    assert p.message == f"`region`: напишіть код регіону ISO 3166-2: `{code}` ({region})"


@pytest.mark.parametrize("typed,code,region", REGIONS_AS_WRITTEN)
def test_new_reads_a_region_as_validate_does(typed, code, region):
    assert new.check_region(typed) == code
    assert region_codes(typed) == (code,)


def test_a_region_not_recognised_is_not_said_to_be_no_region_of_ukraine(dataset):
    p = at(uk_problems(dataset, edit("region: UA-43", "region: Атлантида")), "invalid-value", 6, 9)
    assert p.message.startswith("`region`: не вдалося розпізнати регіон; напишіть код ISO "
                                "3166-2, один із таких: UA-05 (Вінницька обл.)")
    english = at(check_text(dataset, edit("region: UA-43", "region: Atlantis")),
                 "invalid-value", 6, 9)
    assert english.message.startswith("`region`: could not recognise the region; write its ISO "
                                      "3166-2 code, one of UA-05 (Vinnytsia Oblast)")
    assert "not a region" not in english.message
    with i18n.speaking("uk"), pytest.raises(KremlinlistError) as refused:
        new.check_region("Атлантида")
    assert refused.value.message.startswith("не вдалося розпізнати регіон")


def test_a_region_several_fit_names_each(dataset):
    p = at(uk_problems(dataset, edit("region: UA-43", "region: Kh")), "invalid-value", 6, 9)
    assert "`UA-63` (Харківська обл.), `UA-65` (Херсонська обл.)" in p.message
    assert p.message.startswith("`region`: підходить кілька регіонів")


def test_a_withheld_persons_spoken_region_gets_the_table_not_the_code(dataset):
    p = only(check_text(dataset, edit("region: UA-43", "region: Херсонщина", HIDDEN)),
             "invalid-value")
    assert "`UA-65`" not in p.message and "not its name" in p.message


def test_new_writes_what_validate_accepts(dataset):
    result = invoke(["new", "--name-en", "Mariana Verbytska", "--region", "Херсонщина", "--by",
                     "test-org"], cwd=dataset.root)
    assert result.returncode == 0, result.stderr
    assert "region: UA-65" in (dataset.root / "cases/verbytska-mariana.yaml").read_text()


# --- allowed values written in Ukrainian ----------------------------------------------------------

@pytest.mark.parametrize("old,new,line,column,fixed", [
    ("type: detained", "type: затримання", 10, 11, "`type: detained` (затримання)"),
    ("type: detained", "type: затримано", 10, 11, "`type: detained` (затримання)"),
    ("type: sentenced", "type: вирок", 14, 11, "`type: sentenced` (вирок)"),
    ("  decision: listed", "  decision: кандидат", 18, 13, "`decision: candidate` (кандидат)"),
    ("publicity: public", "publicity: публічна", 7, 12, "`publicity: public` (публічна)"),
    ("region: UA-43", "region: UA-43\nsex: жінка", 7, 6, "`sex: female` (жінка)"),
])
def test_an_allowed_value_written_in_ukrainian_says_the_value_to_write(dataset, old, new, line,
                                                                      column, fixed):
    p = at(uk_problems(dataset, edit(old, new)), "invalid-value", line, column)
    name = fixed[1:].split(":")[0]
    assert p.message == f"`{name}`: значення пишуть англійською: {fixed}"
    english = at(check_text(dataset, edit(old, new)), "invalid-value", line, column)
    assert english.message == f"`{name}`: values are written in English: {fixed}"


def test_a_country_written_by_its_name_says_the_code(dataset):
    text = edit("region: UA-43", "region: UA-43\ncitizenship: [Україна]")
    p = at(uk_problems(dataset, text), "invalid-value", 7, 15)
    assert p.message == "`citizenship`: напишіть код країни ISO 3166-1: `UA` (Україна)"
    p = at(check_text(dataset, text), "invalid-value", 7, 15)
    assert p.message == "`citizenship`: write the country's ISO 3166-1 code: `UA` (Ukraine)"


def test_allowed_values_are_shown_as_code(dataset):
    p = at(uk_problems(dataset, edit("type: detained", "type: щось")), "invalid-value", 10, 11)
    assert "`disappeared` або `recognized`" in p.message and "'" not in p.message


def test_a_withheld_persons_ukrainian_value_is_not_worked_out(dataset):
    p = only(check_text(dataset, edit("region: UA-43", "region: UA-43\nsex: жінка", HIDDEN)),
             "invalid-value")
    assert "`female`" in p.message and "(жінка)" not in p.message and "sex: female" not in p.message


# --- a Latin letter in a Ukrainian name -----------------------------------------------------------

def test_a_latin_letter_in_a_ukrainian_name_is_named_at_its_column(dataset):
    text = edit("uk: Іван Петренко", "uk: Мар’яна Вербицька-Ковалiv")
    p = at(uk_problems(dataset, text), "mixed-script-name", 4, 30, "warning")
    assert p.message == ("`uk`: в українському імені латинська `i` у стовпці 30 схожа на "
                         "кириличну `і`; наберіть кириличну літеру")
    p = at(check_text(dataset, text), "mixed-script-name", 4, 30, "warning")
    assert p.message == ("`uk`: the Ukrainian name holds a Latin `i` in column 30, which looks "
                         "like the Cyrillic `і`; type the Cyrillic letter instead")


def test_a_latin_letter_unlike_any_cyrillic_one_asks_for_the_name_in_cyrillic(dataset):
    p = at(uk_problems(dataset, edit("uk: Іван Петренко", "uk: Іван Петренкоv")),
           "mixed-script-name", 4, 20, "warning")
    assert p.message == ("`uk`: в українському імені латинська `v` у стовпці 20 посеред "
                         "кириличного слова; наберіть усе ім'я кирилицею")


def test_a_withheld_persons_ukrainian_name_says_neither_the_letter_nor_where(dataset):
    text = edit("uk: Іван Петренко", "uk: Іван Петренкo", HIDDEN)
    p = at(check_text(dataset, text), "mixed-script-name", 4, 7, "warning")
    assert "column" not in p.message and "`o`" not in p.message and "Петрен" not in p.message


def test_a_ukrainian_name_with_a_latin_word_apart_is_no_warning(dataset):
    problems = check_text(dataset, edit("uk: Іван Петренко", "uk: Іван Петренко (Ivan)"))
    assert "mixed-script-name" not in {p.code for p in problems}


# --- an id that is not the file's name ------------------------------------------------------------

@pytest.mark.parametrize("rel", ["cases/вербицька.yaml", "cases/verbytska mariana.yaml"])
def test_id_mismatch_names_the_file_to_rename_to(dataset, rel):
    text = edit("id: petrenko-ivan", "id: verbytska-mariana")
    p = at(uk_problems(dataset, text, rel), "id-mismatch", 1, 5)
    assert p.message == ("ідентифікатор має збігатися з назвою файлу: перейменуйте файл на "
                         "`cases/verbytska-mariana.yaml`")
    p = at(check_text(dataset, text, rel), "id-mismatch", 1, 5)
    assert p.message == ("the id must equal the file name: rename the file to "
                         "`cases/verbytska-mariana.yaml`")


def test_id_mismatch_says_both_ways_to_agree(dataset):
    text = edit("id: petrenko-ivan", "id: verbytska-mariana")
    p = at(check_text(dataset, text, "cases/verbytska.yaml"), "id-mismatch", 1, 5)
    assert p.message == ("the id must equal the file name: write `id: verbytska`, or rename the "
                         "file to `cases/verbytska-mariana.yaml`")


def test_a_withheld_persons_id_mismatch_does_not_say_the_id(dataset):
    text = edit("id: petrenko-ivan", "id: petrenko-ivan-x", HIDDEN)
    p = at(check_text(dataset, text, "cases/вербицька.yaml"), "id-mismatch", 1, 5)
    assert "petrenko" not in p.message and "rename the file to the id written here" in p.message


# --- kremlinlist new ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed,stored", [("березень 2022", "2022-03"), ("2020-3-1", "2020-03-01"),
                                          ("15 березня 2022 р.", "2022-03-15")])
def test_new_reads_a_date_as_validate_does(typed, stored):
    assert new.check_date(typed, date(2026, 1, 1)) == stored


def test_new_says_both_readings_of_a_date_that_could_mean_two():
    with i18n.speaking("uk"), pytest.raises(KremlinlistError) as refused:
        new.check_date("05/03/2022", date(2026, 1, 1))
    assert refused.value.message == ("першим може стояти і день, і місяць; напишіть дату, "
                                     "починаючи з року: 2022-03-05, якщо першим стоїть день, "
                                     "2022-05-03, якщо місяць")


@pytest.mark.parametrize("typed", ["Зміна", "ЗМІНА", "зміна"])
def test_new_finds_an_organization_by_its_name_in_either_script(dataset, typed):
    dataset.write("organizations/zmina.yaml", "id: zmina\nname: {en: Human Rights Centre "
                  "ZMINA}\nshort: ZMINA\ncountry: UA\n")
    assert new.check_org(dataset.root, typed) == "zmina"


def test_new_says_which_organization_it_did_not_find(dataset):
    with i18n.speaking("uk"), pytest.raises(KremlinlistError) as refused:
        new.check_org(dataset.root, "Зміна")
    assert refused.value.message == ("в organizations/ немає організації з ідентифікатором або "
                                     "назвою `Зміна`; вкажіть один із цих ідентифікаторів: "
                                     "test-org")


def test_the_placeholder_source_is_named(dataset):
    text = edit("    title: A fictional report", "    title: ...")
    p = at(uk_problems(dataset, text), "placeholder-source", 26, 12)
    assert p.message.startswith("джерело `s1` досі є заповнювачем")
    p = only(check_text(dataset, text.replace("publicity: public", "publicity: hidden")),
             "placeholder-source")
    assert p.message.startswith("this source is still the placeholder") and "s1" not in p.message


# --- messages that give the value to write --------------------------------------------------------

EVENT_SOURCES = "    sources: [s1]\n  - date: 2021"


@pytest.mark.parametrize("old,new,line,column,fixed", [
    (EVENT_SOURCES, "    sources: [report–2]\n  - date: 2021", 12, 21, "report-2"),
    ("id: petrenko-ivan", "id: verbytska–mariana", 1, 14, "verbytska-mariana"),
])
def test_an_id_with_a_dash_says_its_column_and_the_id_to_write(dataset, old, new, line, column,
                                                              fixed):
    p = at(uk_problems(dataset, edit(old, new)), "invalid-value", line, column)
    assert f"у стовпці {column} стоїть U+2013 коротке тире" in p.message, p.message
    assert p.message.endswith(f"наберіть дефіс із клавіатури: `{fixed}`")


def test_a_dash_in_a_source_key_says_its_column_and_the_key_to_write(dataset):
    p = at(uk_problems(dataset, edit("  s1:\n", "  report—2:\n")), "invalid-value", 25, 9)
    assert p.message == ("цей ключ у `sources` містить U+2014 довге тире у стовпці 9, який лише "
                         "схожий на дефіс; наберіть дефіс із клавіатури: `report-2`")


def test_a_wrong_source_key_says_whose_key_it_is_once(dataset):
    p = at(uk_problems(dataset, edit("  s1:\n", "  Report_2:\n")), "invalid-value", 25, 3)
    assert p.message.startswith("цей ключ у `sources`: ") and p.message.count(":") == 1
    p = at(check_text(dataset, edit("  s1:\n", "  Report_2:\n")), "invalid-value", 25, 3)
    assert p.message.startswith("this key of `sources`: an id uses")


@pytest.mark.parametrize("typed,message", [
    ("2022-03-12,", "напишіть `2022-03-12`"),
    ("12.03.22", "напишіть рік повністю, починаючи дату з року: `2022-03-12` або `1922-03-12`, "
                 "якщо рік минулого століття"),
    ("12.03.85", "напишіть `1985-03-12`"),  # 2085 is still to come: not offered
])
def test_a_date_written_short_says_the_date_to_write(dataset, typed, message):
    p = at(uk_problems(dataset, edit("born: 1980", f"born: {typed}")), "invalid-value", 5, 7)
    assert p.message.endswith(message), p.message


@pytest.mark.parametrize("today, offered", [
    (date(2085, 3, 11), "напишіть `1985-03-12`"),  # 12 March 2085 is still to come
    (date(2085, 3, 12), "`2085-03-12` або `1985-03-12`"),
])
def test_a_two_digit_year_is_read_against_validates_today(dataset, today, offered):
    """Which century `12.03.85` may mean was read against the clock's day in UTC, not the day
    validate runs on (its `today`, the dataset's time zone's)."""
    text = edit("born: 1980", "born: 12.03.85")
    with i18n.speaking("uk"):
        p = at(check_text(dataset, text, today=today), "invalid-value", 5, 7)
    assert offered in p.message, p.message


@pytest.mark.parametrize("today, offered", [
    (date(2085, 3, 11), ("1985-03-12",)), (date(2085, 3, 12), ("2085-03-12", "1985-03-12")),
])
def test_new_offers_a_two_digit_year_in_full_as_validate_does(dataset, today, offered):
    """`new --detained 12.03.85` was refused as no date at all, while validate offers the year in
    full, this century's only where it has come."""
    text = edit("born: 1980", "born: 12.03.85")
    p = at(check_text(dataset, text, today=today), "invalid-value", 5, 7)
    with pytest.raises(KremlinlistError) as refused:
        new.check_date("12.03.85", today)
    for said in (p.message, refused.value.message):
        assert [d for d in ("2085-03-12", "1985-03-12") if d in said] == list(offered), said
    assert "did you mean" in refused.value.message


def test_an_address_without_its_scheme_says_the_address_to_write(dataset):
    text = edit("url: https://example.org/report", "url: example.org/news/1")
    p = at(uk_problems(dataset, text), "invalid-value", 29, 10)
    assert p.message == ("`url`: адреса починається з `https://`; напишіть "
                         "`https://example.org/news/1`")
    p = at(check_text(dataset, text), "invalid-value", 29, 10)
    assert p.message == ("`url`: an address starts with `https://`; write "
                         "`https://example.org/news/1`")


def test_an_unknown_source_names_the_one_it_is_close_to(dataset):
    text = edit("  s1:\n", "  report-1:\n").replace("[s1]", "[report-1]")
    text = text.replace("    sources: [report-1]\n  - date: 2021",
                        "    sources: [report1]\n  - date: 2021")
    p = at(uk_problems(dataset, text), "unknown-source", 12, 15)
    assert p.message == "у `sources` цього файлу немає джерела `report1`; можливо, `report-1`?"
    p = at(check_text(dataset, text), "unknown-source", 12, 15)
    assert p.message == "no source `report1` in this file's `sources`; did you mean `report-1`?"


def test_source_ids_without_brackets_say_the_list_to_write(dataset):
    text = edit(EVENT_SOURCES, "    sources: s1, s2\n  - date: 2021")
    p = at(uk_problems(dataset, text), "wrong-type", 12, 14)
    assert p.message == "`sources` — це список у квадратних дужках: `sources: [s1, s2]`"


@pytest.mark.parametrize("old,new", [
    ("  s1:\n", "  report—2:\n"),
    (EVENT_SOURCES, "    sources: [report–2]\n  - date: 2021"),
    (EVENT_SOURCES, "    sources: [report1]\n  - date: 2021"),
    (EVENT_SOURCES, "    sources: report1, report2\n  - date: 2021"),
    ("url: https://example.org/report", "url: example.org/report1"),
    ("born: 1980", "born: 12.03.22"),
])
def test_a_withheld_persons_value_is_not_given_back(dataset, old, new):
    said = " ".join(p.message for p in check_text(dataset, edit(old, new, HIDDEN)))
    assert "report" not in said and "1922" not in said and "U+" not in said, said


def test_an_organizations_ukrainian_name_may_mix_scripts_as_its_brand_does(dataset):
    dataset.write("organizations/crimea-help.yaml",
                  "id: crimea-help\nname: {en: CrimeaHELP, uk: КримHELP}\ncountry: UA\n")
    assert check_text(dataset, BASE) == []


@pytest.mark.parametrize("typed, codes", [
    ("Ж", ()), ("Lu", ()), ("Дн", ()),  # too short to be taken for one region
    ("Kh", ("UA-63", "UA-65", "UA-68")),  # but short enough to list the ones it starts
    ("Херсонська область, Україна", ("UA-65",)), ("Kherson Oblast Ukraine", ("UA-65",)),
    ("Херсонська, Запорізька", ()), ("Крим, Херсонщина", ()),  # two regions: neither taken
])
def test_a_region_is_never_taken_from_a_letter_or_two_and_a_form_may_add_the_country(typed,
                                                                                    codes):
    """`new --region Ж` wrote UA-18 and an intake report kept it; a form's `Херсонська область,
    Україна` was read as no region (both were so before regions were read in one place)."""
    assert region_codes(typed) == codes


def test_an_organization_without_a_country_may_mix_scripts_in_its_ukrainian_name(dataset):
    """Whether a file is an organization's is its folder's to say, not a `country` key."""
    problems = uk_problems(dataset, "id: krymsos\nname:\n  en: KrymSOS\n  uk: КримSOS\n",
                           "organizations/krymsos.yaml")
    assert "mixed-script-name" not in {p.code for p in problems}, problems


@pytest.mark.parametrize("typed, why", [
    ("29.02.2022", "that day does not exist in that month"),
    ("31.04.2023", "that day does not exist in that month"),
    ("12.13.2022", "the month must be 01 to 12"), ("13.2022", "the month must be 01 to 12"),
])
def test_an_impossible_date_in_another_form_says_what_is_wrong_as_new_does(dataset, typed, why):
    """validate told `29.02.2022` only that it was no date and how dates are written, so the
    researcher wrote 2022-02-29 and only then heard that the day does not exist; `new` says why."""
    p = at(check_text(dataset, edit("born: 1980", f"born: {typed}")), "invalid-value", 5, 7)
    with pytest.raises(KremlinlistError) as refused:
        new.check_date(typed, date(2026, 12, 3))
    assert why in p.message and why in refused.value.message, (p.message, refused.value.message)
