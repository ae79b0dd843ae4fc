"""Fictional people and datasets for tests. Every name here is invented."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

CRITERIA = {
    "source": {"title": "Test criteria"},
    "criteria": [{"id": c, "text": {"en": f"criterion {c}", "uk": f"критерій {c}"}}
                 for c in "abcde"],
    "signs": [{"id": s, "text": {"en": s, "uk": s}}
              for s in ("pro-ukrainian-position", "falsified-evidence")],
    "exclusions": [{"id": x, "text": {"en": x, "uk": x}}
                   for x in ("war-crimes", "collaboration")],
}
ORG = {"id": "test-org", "name": {"en": "Test Organization", "uk": "Тестова організація"},
       "country": "UA"}


def case(case_id: str = "petrenko-ivan", **overrides: Any) -> dict:
    """A valid, listed, in-custody case of a fictional person; overrides replace top-level keys."""
    data = {
        "id": case_id,
        "name": {"en": "Ivan Petrenko", "uk": "Іван Петренко"},
        "born": "1980",
        "region": "UA-43",
        "publicity": "public",
        "events": [
            {"date": "2020-03-10", "type": "detained", "place": "Testville", "sources": ["s1"]},
            {"date": "2021-01-15", "type": "sentenced", "term": "10y", "sources": ["s1"]},
        ],
        "assessment": {"decision": "listed", "since": "2020-04",
                       "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]},
        "sources": {"s1": {"title": "A fictional report", "publisher": "Test News",
                           "date": "2020-03-11", "url": "https://example.org/report"}},
    }
    data.update(copy.deepcopy(overrides))
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


class Dataset:
    """A dataset folder in tmp_path with criteria.yaml and one organization."""

    def __init__(self, root: Path, config: dict | None = None):
        self.root = root
        (root / "cases").mkdir(parents=True, exist_ok=True)
        (root / "organizations").mkdir(exist_ok=True)
        self.write("criteria.yaml", dump(CRITERIA))
        self.write("organizations/test-org.yaml", dump(ORG))
        if config is not None:
            self.write("kremlinlist.yaml", dump(config))

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add(self, data: dict | None = None, **overrides: Any) -> Path:
        data = data or case(**overrides)
        return self.write(f"cases/{data['id']}.yaml", dump(data))


def run(args: list[str], cwd: Path, env: dict | None = None, input: str | None = None):
    """The real CLI in a subprocess, importing this checkout's code."""
    src = str(Path(__file__).resolve().parent.parent / "src")
    full_env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
                "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kremlinlist", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=input, timeout=120)


class GitRepo:
    """A real git repository with commits at chosen dates (committer and author)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Editor")
        self.git("config", "user.email", "editor@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ}
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def commit(self, message: str, date: str, files: dict[str, str | bytes | None]) -> str:
        """Write (or, with None, delete) files and commit them at `date` (ISO 8601 with offset)."""
        for rel, text in files.items():
            path = self.root / rel
            if text is None:
                self.git("rm", "-q", rel)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
            self.git("add", rel)
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")
