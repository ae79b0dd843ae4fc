"""`kremlinlist new`: start a case file from the few facts a researcher has, and nothing more.

The file is a `candidate`, with comments that say what to add next, whose one source is a
placeholder: `validate` fails (`placeholder-source`) until the researcher replaces it with the
document that states the facts, so no file is committed citing nothing. The id follows
docs/case-format.md: surname-given in the Ukrainian national transliteration (KMU 2010). A person
who looks like someone already in the dataset is reported before the file is written.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kremlinlist.app import new_forms
from kremlinlist.base.i18n import N_, _, language
from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks.identity import PLACEHOLDER_SOURCE
from kremlinlist.files import loader
from kremlinlist.files import yamlfmt, yamlsafe
from kremlinlist.base.atomic import write_new
from kremlinlist.model.dates import (PartialDate, both_readings, lenient_fault, lenient_form,
                                     with_full_year)
from kremlinlist.model.ids import ID_PATTERN as _ID
from kremlinlist.model.regions import REGIONS, region_code, region_codes, region_name
from kremlinlist.base.errors import KremlinlistError

# Resolution No. 55 of the Cabinet of Ministers of Ukraine (2010); the second value is used at the
# start of a word. Russian-only letters follow the nearest Ukrainian ones.
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ie", "ye"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("i", "yi"), "й": ("i", "y"), "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("iu", "yu"),
    "я": ("ia", "ya"), "ё": ("io", "yo"), "ы": "y", "э": "e", "ъ": "",
    "'": "", "’": "", "ʼ": "",
}
_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def transliterate(text: str) -> str:
    """Cyrillic to Latin by the Ukrainian national system (KMU 2010), keeping letter case."""
    text = re.sub("зг", "zgh", text)
    text = re.sub("Зг", "Zgh", text)
    text = re.sub("ЗГ", "ZGH", text)
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        rule = _KMU.get(low)
        if rule is None:
            out.append(ch)
            continue
        if isinstance(rule, tuple):
            initial = i == 0 or not text[i - 1].isalpha() and text[i - 1] not in "'’ʼ"
            rule = rule[1] if initial else rule[0]
        if ch != low and rule:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            rule = rule.upper() if nxt.isupper() else rule[0].upper() + rule[1:]
        out.append(rule)
    return "".join(out)


def _ascii_words(name: str) -> list[str]:
    latin = transliterate(name)
    flat = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    return [w for w in re.split(r"[^a-z0-9-]+", flat.lower().replace("'", "")) if w.strip("-")]


_PATRONYMIC = re.compile(r"(?:ович|евич|йович|ьович|івна|ївна|овна|евна)$", re.IGNORECASE)


def surname_first(name: str) -> list[str]:
    """The words of a Ukrainian name, surname first. A name is written given name first ("Тарас
    Жовтоборюк"), except in the official order with a patronymic last ("Жовтоборюк Тарас
    Іванович"), which the patronymic's ending gives away."""
    words = name.split()
    if len(words) == 3 and _PATRONYMIC.search(words[2]) and not _PATRONYMIC.search(words[1]):
        return [words[0], words[1]]
    return [words[-1], words[0]] if len(words) > 1 else words


def given_first(name: str) -> str:
    """A Ukrainian name as the English name is written: given name, then surname, without a
    patronymic ("Бондар Ганна Петрівна" -> "Ганна Бондар"), as the id is made of them."""
    words = name.split()
    if len(words) == 3 and _PATRONYMIC.search(words[2]) and not _PATRONYMIC.search(words[1]):
        return f"{words[1]} {words[0]}"  # the official order: surname, given name, patronymic
    if len(words) == 3 and _PATRONYMIC.search(words[1]):
        return f"{words[0]} {words[2]}"
    return " ".join(words)


def derive_id(name_en: str | None, name_uk: str | None) -> str:
    """surname-given in the national transliteration: from the Ukrainian name when there is one
    (its order is known), else from the English name written given name first ("Oleh Sentsov" ->
    sentsov-oleh)."""
    if name_uk and _ascii_words(name_uk):
        words = _ascii_words(" ".join(surname_first(name_uk)))
    else:
        words = _ascii_words(name_en or "")
        words = [words[-1], words[0]] if len(words) > 1 else words
    slug = re.sub("-+", "-", "-".join(words)).strip("-")
    if not words or not _ID.match(slug):
        raise KremlinlistError("bad-answer", _("cannot make an id from that name; give --id"),
                               usage=True)
    return slug


def taken(case_id: str, persons: list[dupes.CaseProfile]) -> str | None:
    """Why `case_id` cannot be used, or None."""
    for p in persons:
        where = _("a case whose name is withheld") if p.withheld else p.rel
        if Path(p.rel).stem == case_id or p.id == case_id:
            return _("the id `{id}` is already used by {where}").format(id=case_id, where=where)
        if case_id in p.former_ids:
            return _("the id `{id}` is a former id of {where}; ids are never reused").format(
                id=case_id, where=where)
    return None


def profiles(root: Path) -> list[dupes.CaseProfile]:
    """Every case as the id and look-alike checks see it: read once for all of an interview's
    questions about the id."""
    return dupes.profiles(root)


def unusable(root: Path, case_id: str, persons: list[dupes.CaseProfile]) -> str | None:
    """Why `case_id` cannot be used: a case uses or used it, or its file exists; else None."""
    rel = f"{loader.CASES_DIR}/{case_id}.yaml"
    reason = taken(case_id, persons)
    if reason is None and os.path.lexists(root / rel):
        return _("{file} already exists").format(file=rel)
    return reason


def free_id(root: Path, case_id: str, persons: list[dupes.CaseProfile]) -> tuple[str, str | None]:
    """`case_id` when it can be used, else the first of `case_id`-2, -3, ... that can, with why
    `case_id` cannot: what a researcher at a terminal is offered instead of a refusal."""
    reason = unusable(root, case_id, persons)
    if reason is None:
        return case_id, None
    n = 2
    while unusable(root, f"{case_id}-{n}", persons):
        n += 1
    return f"{case_id}-{n}", reason


def check_free_id(root: Path, value: str, persons: list[dupes.CaseProfile]) -> str:
    """An id given instead of the derived one, which no case uses or used."""
    value = check_id(value)
    reason = unusable(root, value, persons)
    if reason:
        raise _bad(reason)
    return value


def look_alikes(rel: str, text: str, persons: list[dupes.CaseProfile],
                decisions: set[frozenset[str]]) -> list[str]:
    """Warnings about cases the duplicate finder pairs with the planned file, as `dupes` would."""
    mine = dupes.profile(rel, yamlsafe.parse(text)[0])
    if mine is None:
        return []
    out = []
    for pair in dupes.find([*persons, mine], decisions, only=[rel]):
        other = pair.a if pair.b is mine else pair.b
        if other.withheld:
            out.append(_(dupes.WITHHELD_MATCH))
        else:
            out.append(_("this person looks like {other} ({reasons}); check that it is not the "
                         "same person before going on").format(
                other=other.rel, reasons=pair.said_reasons()))
    return out


@dataclass
class Answers:
    name_en: str | None
    name_uk: str | None
    region: str | None
    detained: str | None
    by: str
    case_id: str | None = None


def _bad(message: str, details: list[str] | None = None) -> KremlinlistError:
    return KremlinlistError("bad-answer", message, usage=True, details=details or ())


def check_name(value: str | None) -> str | None:
    """A name as given, spaces tidied; None when empty."""
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        return None
    if len(value) > 500 or not value.isprintable() or yamlsafe.invisible_char(value):
        raise _bad(_("at most 500 printable characters, e.g. Ivan Petrenko"))
    return value


def check_name_en(value: str | None) -> str | None:
    """The English name: Latin letters only, since it is how the world spells the person."""
    value = check_name(value)
    if value and any(ch.isalpha() and not unicodedata.name(ch, "").startswith(
            ("LATIN", "MODIFIER LETTER")) for ch in value):
        raise _bad(_("write the English name in Latin letters, given name first, e.g. Taras "
                     "Zhovtoboriuk; the Cyrillic spelling is the Ukrainian name"))
    return value


def _listed(codes) -> str:
    """Regions as `UA-65 (Херсонська обл.)`, named in the language of messages."""
    return ", ".join(f"{c} ({region_name(c, language())})" for c in codes)


def check_region(value: str | None) -> str | None:
    """An ISO 3166-2 code from a code ("UA-65", "ua-65", another country's "MD-CU") or a region
    of Ukraine as people write it (`regions.region_codes`: "Kherson", "Херсонська обл.",
    "Херсонщина"), read as validate reads it; None when empty."""
    if not value or not value.strip():
        return None
    code = value.strip().upper()
    if _REGION.match(code) and not code.startswith("UA-"):
        return code
    found = region_codes(value)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise _bad(_("more than one region fits: {regions}; write more of the name, or the "
                     "code").format(regions=_listed(found)))
    raise _bad(_("could not recognise the region; write its code or its name in English or "
                 "Ukrainian, as in {forms}").format(
        forms=new_forms.examples(new_forms.REGION_HELP, reads_region)), [_listed(REGIONS)])


def reads_region(text: str) -> bool:
    """Whether `check_region` takes `text` for one region of Ukraine."""
    return region_code(text) is not None


def _parsed(text: str) -> PartialDate:
    """`text` as `check_date` reads it: in the files' form or another written way
    (`dates.lenient_form`); the ValueError says what is wrong with a date written in a form read
    (29.02.2022: that day does not exist)."""
    try:
        return PartialDate.parse(text)
    except ValueError:
        written = lenient_form(text)
        if written is None:
            raise
    return PartialDate.parse(written)


def reads_date(text: str) -> bool:
    """Whether `check_date` reads `text` as a date, whatever the day."""
    try:
        _parsed(text)
    except ValueError:
        return False
    return True


def _unread_date(text: str, today: date) -> KremlinlistError:
    """Why `text` is no date `new` reads: the dates it may be, as validate says them, where it
    can be one of those; else the forms `new` reads, as its help names them."""
    both = both_readings(text)
    if both is not None:
        return _bad(_("the day or the month may come first; write the date year first: "
                      "{day_first} if the day comes first, {month_first} if the month "
                      "does").format(day_first=both[0], month_first=both[1]))
    full = with_full_year(text, today)
    if full is not None and len(full) == 1:
        return _bad(_("the year has two digits: did you mean {date}?").format(date=full[0]))
    if full is not None:
        return _bad(_("the year has two digits: did you mean {recent}? ({older} if the year is "
                      "of the last century)").format(recent=full[0], older=full[1]))
    fault = lenient_fault(text)  # 29.02.2022, 2022-13: the form is right, not the value
    if fault is not None:
        return _bad(fault)
    return _bad(_("not a date `new` reads; write it as one of {forms}").format(
        forms=new_forms.examples(new_forms.DETAINED_HELP, reads_date)))


def check_date(value: str | None, today: date) -> str | None:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD, or written another way validate understands too
    (15.03.2023, 03.2023, березень 2023: `dates.lenient_form`); None when empty."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = _parsed(text)
    except ValueError:
        raise _unread_date(text, today) from None
    if parsed.earliest > today:
        raise _bad(_("the date is in the future (today is {today})").format(
            today=today.isoformat()))
    return str(parsed)


def check_detained(root: Path, value: str | None) -> str | None:
    """`check_date` against today in the dataset's time zone."""
    return check_date(value, loader.today(root))


def organizations(root: Path) -> dict[str, list[str]]:
    """id -> the names an organization goes by (id, names in each language, short name)."""
    out: dict[str, list[str]] = {}
    for rel in loader.list_yaml(root, loader.ORGS_DIR)[0]:
        org_id = Path(rel).stem
        if os.path.islink(root / rel):
            continue
        names = [org_id]
        try:
            data = yamlsafe.parse(yamlsafe.read_text(loader.read_file(root, rel)))[0]
        except (loader.FileRefused, yamlsafe.YamlError):
            data = None
        if isinstance(data, dict):
            given = data.get("name")
            names += [v for v in (given.values() if isinstance(given, dict) else [given])
                      if isinstance(v, str)]
            if isinstance(data.get("short"), str):
                names.append(data["short"])
        out[org_id] = names
    return out


def check_org(root: Path, value: str | None) -> str:
    """The id of the organization filing the case, from its id or one of its names, in any
    letter case and either script ("Zmina", "ZMINA", "zmina", "Зміна")."""
    orgs = organizations(root)
    key = " ".join((value or "").split()).casefold()
    keys = {key, transliterate(key)} if key else set()
    found = [o for o, names in orgs.items() if keys & {n.casefold() for n in names}]
    if not found:
        found = [o for o, names in orgs.items()
                 if len(key) >= 3 and any(k in n.casefold() for k in keys for n in names)]
    if len(found) == 1:
        return found[0]
    listed = ", ".join(orgs) or _("(none yet; add organizations/<id>.yaml first)")
    if len(found) > 1:
        raise _bad(_("more than one organization fits: {orgs}; give its id").format(
            orgs=", ".join(found)))
    if not key:
        raise _bad(_("the id or name of an organization in organizations/: {orgs}").format(
            orgs=listed))
    raise _bad(_("no organization in organizations/ has the id or name `{typed}`; give one of "
                 "these ids: {orgs}").format(typed=" ".join((value or "").split()), orgs=listed))


GUIDE = N_("""\
# A new case, created by `kremlinlist new`: a candidate, not on the list yet.
# Only what was given when it was created is filled in. Every fact must come from a source
# cited in this file (docs/case-format.md). Next:
#   1. Under `sources`, replace the placeholder `report-1` with the document that states these
#      facts: its own heading as `title`, its address (URL) as `url`; validate fails until then.
#      Add each other document that states a fact the same way, under an id of its own.
#   2. Cite those ids on each event (`sources: [report-1]`), and add the other events
#      (charged, sentenced, transferred, released, ...) only as a source states them.
#   3. Add the PACE criteria (a-e) a cited source supports under `assessment.criteria`,
#      and signs from criteria.yaml under `assessment.signs`.
#   4. Check `publicity`: `anonymous` if the family asked to withhold the name; then give the
#      case an opaque id (`anon-2024-001`) and rename this file to match. In a public
#      repository, delete every comment (`# ...`) of this file too, these lines as well: anyone
#      reads them there, so validate refuses them.
# Run `kremlinlist validate cases/{file}` until it reports no errors.
""")


def compose(a: Answers, case_id: str) -> str:
    """The new file: its keys and values as the format has them, its comments in the language of
    messages; an English name not given is the Ukrainian one transliterated, as the id is."""
    lines = _(GUIDE).replace("{file}", f"{case_id}.yaml").splitlines()
    lines.append(f"id: {case_id}")
    lines.append("name:")
    if a.name_en:
        lines.append(f"  en: {yamlfmt.scalar(a.name_en)}")
    else:
        lines.append(f"  en: {yamlfmt.scalar(transliterate(given_first(a.name_uk or '')))}  # "
                     + _("transliterated from uk (KMU 2010): check the spelling"))
    if a.name_uk:
        lines.append(f"  uk: {yamlfmt.scalar(a.name_uk)}")
    if a.region:
        lines.append(f"region: {a.region}")
    lines.append("publicity: public  # " + _("public, anonymous (name withheld at the family's "
                                             "request) or hidden (only counted)"))
    sid, title, url = PLACEHOLDER_SOURCE
    if a.detained:
        lines += ["events:", f"  - date: {a.detained}", "    type: detained",
                  f"    sources: [{sid}]"]
    else:
        lines.append("events: []  # " + _("add `- {type: detained, date: ..., sources: [<id>]}` "
                                          "from a source"))
    lines += ["assessment:",
              "  decision: candidate",
              "  criteria: []  # " + _("e.g. `- {id: e, sources: [report-1]}`"),
              f"  by: [{a.by}]",
              "sources:",
              f"  {sid}: {{title: {yamlfmt.scalar(title)}, url: {yamlfmt.scalar(url)}}}  # "
              + _("a placeholder: replace it with the document's own heading and address")]
    return "\n".join(lines) + "\n"


@dataclass
class Plan:
    rel: str
    case_id: str
    text: str
    warnings: list[str]


def plan(root: Path, a: Answers, today: date | None = None, asking: bool = False) -> Plan:
    """Check the answers and compose cases/<id>.yaml; KremlinlistError (bad-answer, id-taken)
    when it cannot be. `asking`: the person is at a terminal, where an id taken is asked again
    rather than given as an option."""
    today = today or loader.today(root)
    a.name_en = _as_option("--name-en", check_name_en, a.name_en)
    a.name_uk = _as_option("--name-uk", check_name, a.name_uk)
    if not a.name_en and not a.name_uk:
        raise KremlinlistError("bad-answer", _('give the name: --name-en (e.g. "Ivan Petrenko") '
                                               "and/or --name-uk"), usage=True)
    a.region = _as_option("--region", check_region, a.region)
    a.detained = _as_option("--detained", check_date, a.detained, today)
    a.by = _as_option("--by", functools.partial(check_org, root), a.by)
    if a.case_id is not None:
        a.case_id = _as_option("--id", check_id, a.case_id)
    case_id = a.case_id or derive_id(a.name_en, a.name_uk)
    persons = dupes.profiles(root)
    reason = taken(case_id, persons)
    if reason:
        raise KremlinlistError("id-taken", reason if asking else _(
            "{reason}; if this is a different person, give --id {id}-2").format(
            reason=reason, id=case_id))
    rel = f"{loader.CASES_DIR}/{case_id}.yaml"
    if os.path.lexists(root / rel):
        raise KremlinlistError("id-taken", _("{file} already exists").format(file=rel))
    text = compose(a, case_id)
    warnings = look_alikes(rel, text, persons, dupes.load_decisions(root)[0])
    return Plan(rel, case_id, text, warnings)


def check_id(value: str) -> str:
    """An id given instead of the derived one."""
    value = value.strip()
    if not _ID.match(value):
        raise _bad(_("lowercase latin letters, digits and single hyphens, e.g. petrenko-ivan-2"))
    return value


def _as_option(flag: str, check, *args):
    """`check(*args)`, its refusal naming the option it was given with."""
    try:
        return check(*args)
    except KremlinlistError as exc:
        raise KremlinlistError(exc.code, f"{flag}: {exc.message}", usage=exc.usage,
                               details=exc.details) from None


def write_case(root: Path, p: Plan) -> None:
    """Write the planned file, never over an existing one."""
    (root / loader.CASES_DIR).mkdir(exist_ok=True)
    try:
        write_new(root / p.rel, p.text.encode("utf-8"))
    except FileExistsError:
        raise KremlinlistError("id-taken", _("{file} already exists").format(file=p.rel)) from None


__all__ = ["Answers", "plan", "write_case", "derive_id", "transliterate", "check_name",
           "check_name_en", "check_region", "check_date", "reads_region", "reads_date",
           "check_detained", "check_org", "check_id", "taken", "organizations", "surname_first",
           "given_first", "free_id", "check_free_id", "unusable", "profiles"]
