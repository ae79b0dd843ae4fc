"""A fictional dataset of N cases with five years of git history, for `make bench`.

Everyone here is invented: given names come from a short list of common Ukrainian given names,
surnames are built from invented syllables, and every URL is on example.org. The history (60 months,
about 40 commits a month touching 1-5 files: additions, releases, renames, deletions and merged
pull-request branches) is written as one `git fast-import` stream, so 2,400 dated commits take
seconds rather than minutes. The same seed always gives the same files and the same commits.

Usage: python bench/generate.py --cases 10000 --out bench/data/10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import calendar
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START = (2021, 7)  # the first month of history; fixed so that runs compare across days
MONTHS = 60
COMMITS_PER_MONTH = 40

GIVEN = [  # (latin, cyrillic, sex): common given names, never paired with a real surname on purpose
    ("Ivan", "Іван", "male"), ("Oleksandr", "Олександр", "male"), ("Andrii", "Андрій", "male"),
    ("Mykola", "Микола", "male"), ("Serhii", "Сергій", "male"), ("Dmytro", "Дмитро", "male"),
    ("Yurii", "Юрій", "male"), ("Petro", "Петро", "male"), ("Taras", "Тарас", "male"),
    ("Bohdan", "Богдан", "male"), ("Vasyl", "Василь", "male"), ("Ihor", "Ігор", "male"),
    ("Olena", "Олена", "female"), ("Iryna", "Ірина", "female"), ("Tetiana", "Тетяна", "female"),
    ("Oksana", "Оксана", "female"), ("Yuliia", "Юлія", "female"), ("Halyna", "Галина", "female"),
    ("Mariia", "Марія", "female"), ("Nataliia", "Наталія", "female"), ("Liudmyla", "Людмила", "female"),
    ("Sofiia", "Софія", "female"),
]
SYLLABLES = [("Zar", "Зар"), ("Vel", "Вел"), ("Mor", "Мор"), ("Dob", "Доб"), ("Lys", "Лис"),
             ("Tur", "Тур"), ("Hal", "Гал"), ("Pry", "При"), ("Kol", "Кол"), ("Bre", "Бре"),
             ("Sta", "Ста"), ("Ner", "Нер"), ("Vyr", "Вир"), ("Dan", "Дан"), ("Os", "Ос"),
             ("Luk", "Лук"), ("Rem", "Рем"), ("Tys", "Тис"), ("Hor", "Гор"), ("Zub", "Зуб")]
MIDDLE = [("a", "а"), ("o", "о"), ("y", "и"), ("e", "е"), ("i", "і"), ("", "")]
ENDINGS = [("nenko", "ненко", "nenko", "ненко"), ("chuk", "чук", "chuk", "чук"),
           ("liuk", "люк", "liuk", "люк"), ("vych", "вич", "vych", "вич"),
           ("skyi", "ський", "ska", "ська"), ("niak", "няк", "niak", "няк"),
           ("shyn", "шин", "shyna", "шина"), ("ets", "ець", "ets", "ець")]
REGIONS = ["UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26",
           "UA-30", "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53",
           "UA-56", "UA-59", "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77"]
PLACES = ["Melitopol", "Berdiansk", "Nova Kakhovka", "Simferopol", "Kherson", "Enerhodar",
          "Mariupol", "Henichesk", "Dzhankoi", "Skadovsk", "Yevpatoriia", "Tokmak"]
FACILITIES = ["SIZO-1 Simferopol", "Colony No. 8", "SIZO-2 Taganrog", "Colony No. 3",
              "Detention centre No. 5"]
OCCUPATIONS = ["teacher", "journalist", "volunteer", "farmer", "civil servant", "engineer",
               "priest", "nurse", "student", "mayor", "driver", "activist", "entrepreneur"]
ARTICLES = ["RU-CC-275", "RU-CC-205.5-2", "RU-CC-280.3", "RU-CC-222", "RU-CC-276", "RU-CC-207.3"]
PUBLISHERS = ["Example News", "Regional Monitor", "Coalition Bulletin", "Rights Watch Example",
              "Kherson Example Daily"]
WORDS = ["detained", "occupied", "court", "sentence", "appeal", "release", "hearing", "family",
         "report", "civilian", "update", "transfer", "statement", "interview", "monitoring"]
SIGNS = ["non-violent-expression", "professional-activity", "pro-ukrainian-position",
         "health-damage", "falsified-evidence"]
TERMS = ["3y", "5y6m", "8y", "10y", "12y", "14y", "15y", "16y", "20y"]
REGIMES = ["general", "strict", "special"]
HOWS = ["exchange", "exchange", "exchange", "sentence-served", "pardoned", "other"]


def _d(d: date, precision: int = 3) -> str:
    return (f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat())[precision - 1]


@dataclass
class Case:
    id: str
    name: tuple[str, str] | None
    sex: str
    region: str
    publicity: str
    born: int | None
    occupation: str | None
    decision: str
    since: date | None
    orgs: list[str]
    criteria: list[tuple[str, str]]  # (criterion id, source id)
    signs: list[str]
    events: list[dict]
    sources: dict[str, dict]
    former_ids: list[str] = field(default_factory=list)
    reason: str | None = None
    private: bool = False

    def text(self) -> str:
        """The file as a researcher writes it: block style on top, flow style for short items."""
        out = [f"id: {self.id}"]
        if self.former_ids:
            out.append(f"former_ids: [{', '.join(self.former_ids)}]")
        if self.name:
            out.append(f"name: {{en: {self.name[0]}, uk: {self.name[1]}}}")
        if self.born:
            out.append(f"born: {self.born}")
        out += [f"sex: {self.sex}", "citizenship: [UA]", f"region: {self.region}"]
        if self.occupation:
            out.append(f"occupation: {self.occupation}")
        if self.name:
            out += ["summary: >-",
                    f"  A {self.occupation or 'civilian'} from {PLACES[len(self.id) % len(PLACES)]}"
                    " detained by the occupying authorities; the family was not told where.",
                    "  Relatives and the cited reports describe the charges as fabricated."]
        out.append(f"publicity: {self.publicity}")
        out.append("events:")
        for e in self.events:
            parts = [f"{k}: {v}" if not isinstance(v, list) else f"{k}: [{', '.join(v)}]"
                     for k, v in e.items() if k != "note"]
            if "note" in e:
                out.append("  - " + "\n    ".join(p for p in parts) + f"\n    note: \"{e['note']}\"")
            else:
                out.append("  - {" + ", ".join(parts) + "}")
        out += ["assessment:", f"  decision: {self.decision}"]
        if self.since:
            out.append(f"  since: {_d(self.since, 2)}")
        if self.reason:
            out.append(f"  reason: {self.reason}")
        if self.criteria:
            out.append("  criteria:")
            out += [f"    - {{id: {c}, sources: [{s}]}}" for c, s in self.criteria]
        if self.signs:
            out.append(f"  signs: [{', '.join(self.signs)}]")
        out.append(f"  by: [{', '.join(self.orgs)}]")
        out.append("sources:")
        for sid, s in self.sources.items():
            out.append(f"  {sid}:")
            out += [f"    {k}: \"{v}\"" if k in ("title", "quote") else f"    {k}: {v}"
                    for k, v in s.items()]
        if self.private:
            out += ["private:", "  notes: Contact only through the coalition's hotline.",
                    "  relatives: [{relation: mother}]"]
        return "\n".join(out) + "\n"


class Generator:
    def __init__(self, seed: int, orgs: list[str]):
        self.rng = random.Random(seed)
        self.orgs = orgs
        self.used: set[str] = set()
        self.anon = 0
        self.url = 0

    def _surname(self, sex: str) -> tuple[str, str]:
        r = self.rng
        a, b = r.choice(SYLLABLES), r.choice(SYLLABLES)
        m = r.choice(MIDDLE)
        end = r.choice(ENDINGS)
        la, ca = (end[0], end[1]) if sex == "male" else (end[2], end[3])
        return a[0] + b[0].lower() + m[0] + la, a[1] + b[1].lower() + m[1] + ca

    def _fresh_id(self, base: str) -> str:
        cid, n = base, 2
        while cid in self.used:
            cid, n = f"{base}-{n}", n + 1
        self.used.add(cid)
        return cid

    def _source(self, d: date) -> dict:
        r = self.rng
        self.url += 1
        src = {"title": " ".join(r.choice(WORDS) for _ in range(r.randint(3, 7))).capitalize(),
               "publisher": r.choice(PUBLISHERS), "date": _d(d),
               "url": f"https://example.org/{r.choice(['news', 'reports', 'cases'])}/{self.url}"}
        if r.random() < 0.4:
            src["quote"] = " ".join(r.choice(WORDS) for _ in range(r.randint(6, 14)))
        return src

    def case(self, detained: date, today: date) -> Case:
        """A new case: detained on `detained`, with events up to `today` (never after it)."""
        r = self.rng
        given = r.choice(GIVEN)
        sex = given[2]
        publicity = r.choices(["public", "anonymous", "hidden"], [90, 7, 3])[0]
        if publicity == "public":
            sur = self._surname(sex)
            base = f"{sur[0].lower()}-{given[0].lower()}"
            cid = self._fresh_id(base)
            name = (f"{given[0]} {sur[0]}", f"{given[1]} {sur[1]}")
        else:
            self.anon += 1
            cid = self._fresh_id(f"anon-{detained.year}-{self.anon:05d}")
            name = None
        span = max(1, (today - detained).days)
        n_src = r.randint(3, 8)
        src_dates = sorted(detained + timedelta(days=r.randint(0, span)) for _ in range(n_src))
        src_dates[0] = min(src_dates[0], detained + timedelta(days=min(span, 5)))
        sources = {f"s{i + 1}": self._source(d) for i, d in enumerate(src_dates)}
        sids = list(sources)
        events = [{"date": _d(detained, r.choice([2, 3, 3, 3])), "type": "detained",
                   "place": r.choice(PLACES), "sources": [sids[0]]}]
        n_events = r.randint(5, 15)
        day = detained
        kinds = ["charged", "trial", "sentenced", "appeal", "transferred", "hunger-strike",
                 "health", "recognized", "transferred", "trial", "appeal"]
        for i in range(n_events - 1):
            step = max(1, span // n_events)
            day = min(today, day + timedelta(days=r.randint(1, step)))
            kind = kinds[i % len(kinds)] if i < len(kinds) else r.choice(kinds)
            e: dict = {"date": _d(day), "type": kind}
            if kind == "sentenced":
                e.update(term=r.choice(TERMS), regime=r.choice(REGIMES),
                         articles=[r.choice(ARTICLES)])
            elif kind == "charged":
                e["articles"] = [r.choice(ARTICLES)]
            elif kind == "transferred":
                e["to"] = r.choice(FACILITIES)
            elif kind == "hunger-strike":
                e["until"] = _d(min(today, day + timedelta(days=r.randint(3, 40))))
            elif kind == "recognized":
                e["by"] = "Example Rights Group"
            if r.random() < 0.1:
                e["note"] = "The date is the one given in the later report."
            e["sources"] = [r.choice(sids)]
            events.append(e)
        decision = r.choices(["listed", "candidate", "delisted"], [78, 17, 5])[0]
        criteria = [(c, r.choice(sids)) for c in sorted(r.sample("abcde", r.randint(1, 2)))]
        reason = None
        if decision == "candidate":
            reason = "Waiting for a second source on the charges." if r.random() < 0.5 else None
            if reason is None:
                criteria = []
        elif decision == "delisted":
            reason = "Duplicate of another record found by the coalition."
        since = detained + timedelta(days=r.randint(0, min(span, 120)))
        return Case(
            id=cid, name=name, sex=sex, region=r.choice(REGIONS),
            publicity=publicity,
            born=r.randint(1950, 2002) if name and r.random() < 0.6 else None,
            occupation=r.choice(OCCUPATIONS) if name and r.random() < 0.7 else None,
            decision=decision, since=since if decision != "candidate" else None,
            orgs=sorted(r.sample(self.orgs, r.randint(1, 2))), criteria=criteria,
            signs=sorted(r.sample(SIGNS, r.randint(0, 2))), events=events, sources=sources,
            reason=reason, private=r.random() < 0.05)

    def release(self, c: Case, day: date) -> bool:
        """Add a `released` event on `day`; False if the case is already out of custody."""
        if any(e["type"] in ("released", "died") for e in c.events) or len(c.events) >= 15:
            return False
        sid = f"s{len(c.sources) + 1}"
        if len(c.sources) < 8:
            c.sources[sid] = self._source(day)
        else:
            sid = list(c.sources)[-1]
        c.events.append({"date": _d(day), "type": "released", "how": self.rng.choice(HOWS),
                         "sources": [sid]})
        return True

    def rename(self, c: Case) -> None:
        """A corrected transliteration: a new id, the old one kept in `former_ids`."""
        if c.name is None:
            return
        c.former_ids.append(c.id)
        given, sur = c.name[0].split(" ", 1)
        sur = sur + "o" if not sur.endswith("o") else sur[:-1]
        c.name = (f"{given} {sur}", c.name[1])
        c.id = self._fresh_id(f"{sur.lower()}-{given.lower()}")


def _month_dates(rng: random.Random, year: int, month: int, n: int) -> list[date]:
    days = calendar.monthrange(year, month)[1]
    return sorted(date(year, month, rng.randint(1, days)) for _ in range(n))


class Stream:
    """A git fast-import stream on the way to `git fast-import`."""

    def __init__(self, repo: Path):
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo,
                                     stdin=subprocess.PIPE)
        self.mark = 0
        self.out = self.proc.stdin

    def _data(self, data: bytes) -> None:
        self.out.write(b"data %d\n" % len(data))
        self.out.write(data)
        self.out.write(b"\n")

    def commit(self, branch: str, when: date, seconds: int, message: str, parent: int | None,
               files: dict[str, str | None], merge: int | None = None) -> int:
        self.mark += 1
        stamp = calendar.timegm(when.timetuple()) + 9 * 3600 + seconds
        who = b"Bench Editor <editor@example.org> %d +0000" % stamp
        self.out.write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), self.mark))
        self.out.write(b"author " + who + b"\ncommitter " + who + b"\n")
        self._data(message.encode())
        if parent is not None:
            self.out.write(b"from :%d\n" % parent)
        if merge is not None:
            self.out.write(b"merge :%d\n" % merge)
        for rel, text in files.items():
            if text is None:
                self.out.write(b"D %s\n" % rel.encode())
            else:
                self.out.write(b"M 100644 inline %s\n" % rel.encode())
                self._data(text.encode())
        self.out.write(b"\n")
        return self.mark

    def close(self) -> None:
        self.out.write(b"done\n")
        self.out.close()
        if self.proc.wait() != 0:
            raise SystemExit("git fast-import failed")


def generate(out: Path, n_cases: int, seed: int = 1, months: int = MONTHS,
             per_month: int = COMMITS_PER_MONTH) -> dict:
    """Write the repository at `out` (replacing it) and return counts of what the history holds."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    orgs = sorted(p.stem for p in (REPO / "organizations").glob("*.yaml"))
    g = Generator(seed, orgs)
    rng = g.rng

    # Plan the operations first, so that the number of cases at the end is exactly n_cases.
    ops: list[tuple[int, str, int]] = []  # (month, kind, files)
    for m in range(months):
        for _ in range(round(per_month / 1.3)):  # 30% go through a PR: two commits each
            kind = rng.choices(["add", "release", "edit", "rename", "delete"],
                               [40, 25, 22, 8, 5])[0]
            ops.append((m, kind, rng.randint(1, 5) if kind in ("add", "release", "edit") else 1))
    adds = sum(k for _, kind, k in ops if kind == "add")
    cap = n_cases // 2
    if adds > cap:  # a small dataset: turn the surplus additions into edits
        ops = [(m, "edit" if kind == "add" and rng.random() > cap / adds else kind, k)
               for m, kind, k in ops]
        adds = sum(k for _, kind, k in ops if kind == "add")
    deletes = sum(1 for _, kind, _ in ops if kind == "delete")
    initial = n_cases - adds + deletes

    y0, m0 = START
    first = date(y0, m0, 1)
    live: dict[str, Case] = {}
    coalitions = sorted(p.name for p in (REPO / "coalitions").glob("*.yaml"))
    files: dict[str, str | None] = {rel: (REPO / rel).read_text(encoding="utf-8")
                                    for rel in ["criteria.yaml"] +
                                    [f"organizations/{o}.yaml" for o in orgs] +
                                    [f"coalitions/{c}" for c in coalitions]}
    files["kremlinlist.yaml"] = "repository: private\ntimezone: Europe/Kyiv\n"
    for _ in range(initial):
        detained = date(2014, 3, 1) + timedelta(days=rng.randint(0, (first - date(2014, 3, 1)).days - 60))
        c = g.case(detained, first - timedelta(days=1))
        live[c.id] = c
        files[f"cases/{c.id}.yaml"] = c.text()
    stream = Stream(out)
    head = stream.commit("main", first, 0, f"Import the list: {initial} cases", None, files)
    counts = {"commits": 1, "merges": 0, "add": initial, "release": 0, "edit": 0, "rename": 0,
              "delete": 0}

    by_month: dict[int, list[tuple[str, int]]] = {}
    for m, kind, k in ops:
        by_month.setdefault(m, []).append((kind, k))
    pr = 0
    for m in range(months):
        year, month = y0 + (m0 - 1 + m) // 12, (m0 - 1 + m) % 12 + 1
        days = _month_dates(rng, year, month, len(by_month.get(m, [])))
        for i, ((kind, k), day) in enumerate(zip(by_month.get(m, []), days)):
            changed: dict[str, str | None] = {}
            ids = list(live)
            if kind == "add":
                for _ in range(k):
                    c = g.case(day - timedelta(days=rng.randint(3, 300)), day)
                    live[c.id] = c
                    changed[f"cases/{c.id}.yaml"] = c.text()
                message = f"Add {k} case{'s' * (k > 1)}"
            elif kind in ("release", "edit"):
                for cid in rng.sample(ids, min(k, len(ids))):
                    c = live[cid]
                    if kind == "release" and g.release(c, day):
                        counts["release"] += 1
                    elif len(c.sources) < 8:
                        sid = f"s{len(c.sources) + 1}"
                        c.sources[sid] = g._source(day)
                        c.events[0]["sources"] = c.events[0]["sources"] + [sid]
                    else:
                        c.signs = sorted(set(c.signs) | {rng.choice(SIGNS)})
                    changed[f"cases/{cid}.yaml"] = c.text()
                message = "Record releases" if kind == "release" else "Add sources"
            elif kind == "rename":
                c = live[rng.choice(ids)]
                old = c.id
                g.rename(c)
                if c.id != old:
                    del live[old]
                    live[c.id] = c
                    changed[f"cases/{old}.yaml"] = None
                changed[f"cases/{c.id}.yaml"] = c.text()
                message = "Correct a transliteration"
            else:
                cid = rng.choice(ids)
                del live[cid]
                changed[f"cases/{cid}.yaml"] = None
                message = "Remove a duplicate case"
            if kind != "release":
                counts[kind] += k if kind == "add" else 1
            seconds = i * 60
            if rng.random() < 0.3:  # through a pull request: a branch, then a merge commit
                pr += 1
                side = stream.commit(f"pr-{pr}", day, seconds, message, head, changed)
                head = stream.commit("main", day, seconds + 30, f"Merge pull request #{pr}", head,
                                     changed, merge=side)
                counts["merges"] += 1
                counts["commits"] += 2
            else:
                head = stream.commit("main", day, seconds, message, head, changed)
                counts["commits"] += 1
    stream.close()
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)
    for b in range(1, pr + 1):  # merged branches are deleted, as on GitHub
        subprocess.run(["git", "update-ref", "-d", f"refs/heads/pr-{b}"], cwd=out, check=True)
    counts["cases"] = len(live)
    assert len(live) == n_cases, (len(live), n_cases)
    return counts


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--months", type=int, default=MONTHS)
    a = p.parse_args(argv)
    t = time.perf_counter()
    counts = generate(a.out, a.cases, a.seed, a.months)
    print(f"{a.out}: {counts} in {time.perf_counter() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
