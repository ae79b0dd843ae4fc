"""The workflow templates in docs/ci/ and the pre-commit hook, read as GitHub and pre-commit read
them: which events start them, which steps run on which event and after what, and what the pull
request's scripts compare. Their `if:` expressions are evaluated here by a small evaluator of the
part of GitHub's expression language they use. Every person here is fictional (tests/factory.py)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from factory import GitRepo, dump, kremlinlist_on_path, person, seed

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / "docs" / "ci"
WORKFLOWS = sorted(CI.glob("*.yml"))
TOKEN = re.compile(r"\s*(\|\||&&|==|!=|!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*)")
STATUS = ("success", "failure", "cancelled", "always")


def _load(name: str) -> dict:
    return yaml.safe_load((CI / name).read_text(encoding="utf-8"))


class _Expr:
    """GitHub's `if:` expressions as these workflows write them: ||, &&, !, ==, !=, parentheses,
    'strings', true/false, context paths (a missing one is null) and the status functions."""

    def __init__(self, text: str, context: dict, status: str):
        text = text.strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2]
        self.tokens, pos = [], 0
        while text[pos:].strip():
            m = TOKEN.match(text, pos)
            assert m, f"cannot read {text[pos:]!r}"
            self.tokens.append(m[1])
            pos = m.end()
        self.context, self.status, self.uses_status = context, status, False

    def value(self):
        out = self._or()
        assert not self.tokens, self.tokens
        # without a status function GitHub adds `success() &&`
        return bool(out) and (self.uses_status or self.status == "success")

    def _take(self, token=None):
        if token is not None:
            if self.tokens[:1] != [token]:
                return False
        return self.tokens.pop(0)

    def _or(self):
        left = self._and()
        while self._take("||"):
            right = self._and()
            left = left or right
        return left

    def _and(self):
        left = self._not()
        while self._take("&&"):
            right = self._not()
            left = left and right
        return left

    def _not(self):
        if self._take("!"):
            return not self._not()
        left = self._primary()
        for op in ("==", "!="):
            if self._take(op):
                right = self._primary()
                same = str(left).lower() == str(right).lower() if None not in (left, right) \
                    else left is right
                return same if op == "==" else not same
        return left

    def _primary(self):
        token = self._take()
        if token == "(":
            inner = self._or()
            assert self._take(")")
            return inner
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token]
        if token in STATUS and self._take("("):
            assert self._take(")")
            self.uses_status = True
            return {"always": True, "cancelled": self.status == "cancelled",
                    "failure": self.status == "failure",
                    "success": self.status == "success"}[token]
        value = self.context
        for part in token.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def runs(condition, context: dict, status: str = "success") -> bool:
    """Whether a job or step with `if: condition` runs, the run so far being `status`."""
    if condition is None:
        return status == "success"
    return _Expr(str(condition), context, status).value()


def _pull_request(repo: str = "ngo/list", head: str = "ngo/list") -> dict:
    return {"github": {"event_name": "pull_request", "repository": repo,
                       "event": {"pull_request": {"number": 7, "head": {"repo": {
                           "full_name": head}}}}}}


def _push(repo: str = "ngo/list") -> dict:
    return {"github": {"event_name": "push", "repository": repo, "ref": "refs/heads/main",
                       "event": {}}}


def _named(steps: list[dict], status: str, context: dict) -> list[str]:
    return [s.get("name", s.get("uses", "")) for s in steps
            if runs(s.get("if"), context, status)]


def test_the_evaluator_reads_what_the_workflows_write():
    ctx = _pull_request()
    assert runs("github.event_name == 'pull_request'", ctx)
    assert not runs("github.event_name == 'pull_request'", ctx, "failure")
    assert runs("${{ !cancelled() && github.event_name == 'PULL_REQUEST' }}", ctx, "failure")
    assert not runs("${{ !cancelled() }}", ctx, "cancelled")
    assert runs("always()", ctx, "cancelled")
    assert runs("github.nothing.here == null || false", ctx)
    assert not runs("(true || false) && github.nothing", ctx)


def test_validate_runs_on_pull_requests_and_on_every_push_to_main():
    """Two pull requests that each pass can break main together; a run on main finds it."""
    on = _load("validate.yml")[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in on
    assert on["push"] == {"branches": ["main"]}
    text = " ".join((ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8").split())
    assert "required check" in text and "Require branches to be up to date before merging" in text


def test_a_push_to_main_validates_the_dataset_and_nothing_a_pull_request_alone_has():
    workflow = _load("validate.yml")
    steps = workflow["jobs"]["validate"]["steps"]
    done = _named(steps, "success", _push())
    assert "Validate the dataset" in done
    assert not any(n in done for n in ("Look for duplicates of the people added or changed",
                                       "Review summary"))
    assert not runs(workflow["jobs"]["comment"]["if"], _push())
    # every commit on main is checked: a newer push does not cancel the run of an older one
    cancel = workflow["concurrency"]["cancel-in-progress"]
    assert not runs(cancel, _push()) and runs(cancel, _pull_request())
    # nor a later one the run still waiting: a group holds one pending run, so each push has its own
    group = workflow["concurrency"]["group"]
    assert "github.sha" in group and "github.ref" not in group


def test_a_pull_request_gets_its_summary_after_a_failure_but_a_cancelled_run_stops():
    jobs = _load("validate.yml")["jobs"]
    steps, comment = jobs["validate"]["steps"], jobs["comment"]
    after_failure = _named(steps, "failure", _pull_request())
    assert after_failure == ["Look for duplicates of the people added or changed",
                             "Review summary"]
    # the comment is a job of its own: it runs whatever validate found, and its own steps run on
    # after a failure of theirs
    assert runs(comment["if"], _pull_request())
    assert _named(comment["steps"], "failure", _pull_request()) == [
        "Review summary", "Post the summary as a comment"]
    # cancel-in-progress cancels a run a newer push replaced: nothing more of it runs
    assert _named(steps, "cancelled", _pull_request()) == []
    assert _named(comment["steps"], "cancelled", _pull_request()) == []
    assert _named(steps, "failure", _pull_request(head="someone/fork")) == [
        "Look for duplicates of the people added or changed", "Review summary"]
    assert not runs(comment["if"], _pull_request(head="someone/fork"))


def test_only_the_comment_job_may_write_to_pull_requests():
    """validate runs on every push to main too: its token reads only (least privilege)."""
    workflow = _load("validate.yml")
    assert workflow["permissions"] == {"contents": "read"}
    writers = {name for name, job in workflow["jobs"].items()
               if "write" in (job.get("permissions") or {}).values()}
    assert writers == {"comment"}
    assert workflow["jobs"]["comment"]["permissions"] == {"contents": "read",
                                                          "pull-requests": "write"}
    assert "permissions" not in workflow["jobs"]["validate"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_step_outlives_a_cancelled_run(path):
    assert "always()" not in path.read_text(encoding="utf-8")


def _workflow_run(event: str, conclusion: str = "success", head: str = "ngo/list") -> dict:
    return {"github": {"event_name": "workflow_run", "repository": "ngo/list", "event": {
        "workflow_run": {"event": event, "conclusion": conclusion,
                         "head_repository": {"full_name": head}}}}}


@pytest.mark.parametrize("context, deploys", [
    ({"github": {"event_name": "workflow_dispatch", "repository": "ngo/list"}}, True),
    (_workflow_run("schedule"), True),
    (_workflow_run("workflow_dispatch"), True),
    (_workflow_run("schedule", "failure"), False),
    # a fork's pull request may add a workflow named release: its run must not deploy the site
    (_workflow_run("pull_request", head="someone/fork"), False),
    (_workflow_run("pull_request_target"), False),
    (_workflow_run("pull_request"), False),
    (_workflow_run("push"), False),
    (_workflow_run("schedule", head="someone/fork"), False),
], ids=["dispatch", "scheduled", "by-hand", "failed", "fork-pr", "pr-target", "pr", "push",
        "other-repository"])
def test_the_site_deploys_only_after_this_repositorys_own_release(context, deploys):
    workflow = _load("site.yml")
    assert workflow[True]["workflow_run"]["workflows"] == ["release"]
    build = workflow["jobs"]["build"]
    assert runs(build["if"], context) is deploys
    assert workflow["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_a_full_commit_sha_and_names_its_version(path):
    """A tag can be moved to other code; a sha cannot. The template holds a placeholder sha (no
    sha is invented here), named REPLACE in its comments, with the version to look up."""
    text = path.read_text(encoding="utf-8")
    used = [line for line in text.splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert used
    for line in used:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+$", line), line
    assert "REPLACE" in text and "in every `uses:`" in text


def test_the_validate_hook_runs_only_where_a_commit_is_being_made():
    """`--staged` at another stage (pre-push, say) has nothing staged: it would pass unchecked.
    A merge's index holds the merged tree, where two branches break what each alone did not."""
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    validate = hooks["kremlinlist-validate"]
    assert validate["stages"] == ["pre-commit", "pre-merge-commit"]
    # the stage's name since pre-commit 3.2; an older one would refuse it
    assert tuple(map(int, validate["minimum_pre_commit_version"].split("."))) >= (3, 2, 0)
    for doc in (ROOT / ".pre-commit-hooks.yaml", ROOT / "docs" / "researchers.md",
                ROOT / "docs" / "maintainers.md"):
        text = " ".join(doc.read_text(encoding="utf-8").replace("#", " ").split())
        assert "--all-files`, pre-push and CI runs of pre-commit" in text
        assert "do not check the dataset" in text
        assert "run `kremlinlist validate`" in text


def _pull_request_merged_then_main_moved(root: Path) -> GitRepo:
    """A checkout as GitHub makes it for a re-run of a pull request's check: HEAD is the merge
    commit GitHub made when the run first started (main then, merged with the branch), and
    origin/main has since moved on, adding someone and correcting someone else's case."""
    repo = GitRepo(root)
    seed(repo, person("petrenko-oleh", "Oleh Petrenko"),
         person("kovalenko-anna", "Anna Kovalenko"))
    repo.git("switch", "-q", "-c", "pr")
    repo.commit("add a person", "2025-01-02T12:00:00+00:00", {
        "cases/petrenko-oleg.yaml": dump(person("petrenko-oleg", "Олег Петренко"))})
    repo.git("switch", "-q", "--detach", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pr into main", "pr",
             date="2025-01-03T12:00:00+00:00")
    merge = repo.git("rev-parse", "HEAD")
    repo.git("switch", "-q", "main")
    repo.commit("main moves on", "2025-01-04T12:00:00+00:00", {
        "cases/moroz-serhii.yaml": dump(person("moroz-serhii", "Serhii Moroz")),
        "cases/kovalenko-anna.yaml": dump(person("kovalenko-anna", "Anna Kovalenko",
                                                 born="1990"))})
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    repo.git("switch", "-q", "--detach", merge)
    return repo


def test_a_rerun_after_main_moved_reports_only_the_pull_requests_own_changes(tmp_path):
    """Against origin/main as it is now, main's newer commits, undone, looked like the pull
    request's: Serhii Moroz "removed without a recorded reason", Anna Kovalenko's case changed."""
    repo = _pull_request_merged_then_main_moved(tmp_path / "repo")
    path = kremlinlist_on_path(tmp_path / "bin")
    summary = tmp_path / "summary.md"
    workflow = _load("validate.yml")
    job = workflow["jobs"]["validate"]
    env = {**os.environ, **{k: str(v) for k, v in job["env"].items()},
           "PATH": path,
           "GITHUB_STEP_SUMMARY": str(summary)}
    outputs = {}
    for step in job["steps"]:
        script = step.get("run", "")
        if not runs(step.get("if"), _pull_request()) or "kremlinlist" not in script \
                or "pip " in script or "gh " in script:
            continue
        done = subprocess.run(["bash", "-e", "-c", script], cwd=repo.root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
        outputs[step["name"]] = done.stdout + done.stderr
    assert len(outputs) == 3
    duplicates = outputs["Look for duplicates of the people added or changed"]
    assert "cases/petrenko-oleg.yaml" in duplicates and "checked 1 file" in duplicates
    review = summary.read_text(encoding="utf-8")
    assert "petrenko-oleg" in review
    assert "moroz-serhii" not in review and "kovalenko-anna" not in review
