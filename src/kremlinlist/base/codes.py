"""Every problem code, declared once with what it means and what to write instead (docs/problems.md
is generated from it; tests/test_problem_codes.py fails on a code raised but not declared, or
declared but never raised). `title` and `fix` never quote values from files. The codes of the
checks on a dataset's files are here; those of the commands' refusals are in `command_codes`."""
from kremlinlist.base.code import GROUPS, Code
from kremlinlist.base.command_codes import COMMAND_CODES

CODES: dict[str, Code] = {
    # -- file ---------------------------------------------------------------------------------
    "more-problems": Code(
        "error", "file", "A file has more than 100 problems, errors among them: the first 100 are "
        "reported, and this one counts the rest.", "Correct those, then check again for the rest."),
    "more-warnings": Code(
        "warning", "file", "A file has more than 100 warnings: the first 100 are reported, and "
        "this one counts the rest.", "Correct those, then run the check again to see the rest."),
    "empty-file": Code(
        "error", "file", "The file is empty.",
        "Write the file's mapping of keys (the message shows how it starts), or delete the file."),
    "file-extension": Code(
        "error", "file", "A file in a dataset folder ends in `.yml`, which is not read.",
        "Rename the file to end in `.yaml`."),
    "file-too-large": Code(
        "error", "file", "The file is larger than the size limit, so it is not read.",
        "A case fits in a few KiB: split or trim the file."),
    "missing-file": Code(
        "error", "file", "A file that is needed or was named does not exist (criteria.yaml, or "
        "a path given on the command line).",
        "Create criteria.yaml at the dataset root, or name a file in cases/ or organizations/."),
    "staged-file-changed-on-disk": Code(
        "error", "file", "`validate --staged` met a staged file changed again on disk: it reads "
        "the disk, so it would check what the commit does not hold.",
        "Stage the changes (`git add`) or set them aside (`git stash --keep-index`); the "
        "pre-commit framework sets them aside itself."),
    "not-a-file": Code(
        "error", "file", "Something other than a regular file is where a YAML file should be.",
        "Remove it, or put a YAML file there."),
    "not-a-folder": Code(
        "error", "file", "A dataset folder (cases/, organizations/, actions/, ...) is a file or, "
        "in git, a submodule: none of the files it should hold is read.",
        "Make it a folder of this repository and put the YAML files in it."),
    "not-a-mapping": Code(
        "error", "file", "The file's top level is not a mapping of keys (it is a list or a bare "
        "value).",
        "Write the file as `key: value` lines; the message shows how a file of its kind starts."),
    "stray-folder": Code(
        "error", "file", "A folder inside cases/ or organizations/: its files are not read, so "
        "the list would leave out a person filed there.",
        "Move its files up into cases/ or organizations/ and remove the folder."),
    "converted-file": Code(
        "error", "file", "A `.gitattributes` sets `working-tree-encoding`, `filter` or `ident` "
        "for a data file: git changes its bytes between the commit and the checkout.",
        "Remove that attribute for the dataset's files: validate reads the checkout, a release "
        "the commit, and they must be the same bytes."),
    "stray-file": Code(
        "error", "file", "A file git would commit unchecked: in a data folder but not `.yaml` or "
        "hidden-named, or a case saved outside cases/ (at the root, in `case/`).",
        "Move a case into cases/; rename `x.yaml.txt` (Notepad's habit) to `x.yaml`; move "
        "anything else out of the dataset, or delete it."),
    "symlink": Code(
        "error", "file", "The file or folder is a symbolic link, which is not followed (it could "
        "point outside the dataset).",
        "Replace the link with the file or folder itself."),
    "unreadable": Code(
        "error", "file", "The file or folder cannot be read (permissions or an I/O error).",
        "Check who owns it and its permissions."),
    # -- yaml ---------------------------------------------------------------------------------
    "bom": Code(
        "error", "yaml", "The file starts with a byte-order mark (BOM).",
        "Save the file as UTF-8 without BOM (`kremlinlist fmt` removes it). What else is wrong "
        "with the text after the mark is said beside it."),
    "encoding": Code("error", "yaml", "The file is not valid UTF-8 (the message says when it looks "
                     "like UTF-16, Notepad's \"Unicode\", or Windows-1251).",
                     "Save the file as UTF-8 (Save as → Encoding: UTF-8)."),
    "invisible-character": Code(
        "error", "yaml", "An invisible or control character (such as a bidirectional override) "
        "is in the text.",
        "Delete it: it can make the text display differently from what it is."),
    "merge-conflict": Code(
        "error", "yaml", "A git merge-conflict marker is left in the file.",
        "Resolve the conflict and delete the marker lines (`<<<<<<<`, `=======`, `>>>>>>>`)."),
    "tab-indentation": Code("error", "yaml", "A tab is used for indentation.",
                            "Indent with spaces."),
    "yaml-alias": Code(
        "error", "yaml", "An alias (`*name`) is used.",
        "Write the value out in full."),
    "yaml-anchor": Code(
        "error", "yaml", "An anchor (`&name`) is used.",
        "Remove the anchor and write each value out in full."),
    "yaml-complex-key": Code(
        "error", "yaml", "A mapping key is a list or a mapping, not plain text.",
        "Write the key as plain text."),
    "yaml-directive": Code(
        "error", "yaml", "A YAML directive such as `%YAML` or `%TAG` is used.",
        "Delete the directive line."),
    "yaml-duplicate-key": Code(
        "error", "yaml", "A key appears twice in one mapping.",
        "Keep one, with the right value; a list or a group of keys (`events:`): move the second "
        "one's entries into the first; a source id: give the second source its own id."),
    "yaml-empty-key": Code(
        "error", "yaml", "A mapping key is empty.",
        "Write `key: value`."),
    "yaml-multiple-documents": Code(
        "error", "yaml", "The file holds more than one YAML document (a second `---`).",
        "Delete the `---` and what follows, or move it to its own file."),
    "yaml-syntax": Code(
        "error", "yaml", "The file is not valid YAML.",
        "Correct the syntax at the line and column given (often an unclosed quote or bracket, or "
        "a misaligned indent)."),
    "yaml-tag": Code(
        "error", "yaml", "An explicit tag such as `!!str` or `!!python/object` is used.",
        "Write a plain value; quote it to keep it as text."),
    "yaml-too-deep": Code(
        "error", "yaml", "Values are nested deeper than the limit.",
        "Flatten the structure: a case needs only a few levels."),
    "yaml-special-first-character": Code(
        "error", "yaml", "An unquoted value starts with a sign YAML gives a meaning there (`[`, "
        "`{`, `@`, `` ` ``, `%`, `*`, `&`, `!`, `>`, `|`, `- `, `? `).",
        "Put the value in quotes: `title: \"[VIDEO] The verdict\"`."),
    "yaml-entries-after-empty": Code(
        "error", "yaml", "Entries are written under `sources: {}` or `criteria: []`, whose `{}` "
        "or `[]` says there are none.", "Delete the `{}` or `[]` after the key."),
    "yaml-missing-braces": Code(
        "error", "yaml", "Several `key: value` pairs are written on one line without `{…}`.",
        "Put them in braces (`- {date: 2023-03-15, type: detained}`), or one key per line."),
    "yaml-unclosed-bracket": Code(
        "error", "yaml", "A `{` or `[` is not closed on its line.",
        "Close it with `}` or `]` where it ends (the message shows the line)."),
    "yaml-comma-in-braces": Code(
        "error", "yaml", "A value in a one-line `{…}` holds a comma, which ends it there: the "
        "words after it are read as a key.",
        "Put the value in quotes: `place: \"Kherson, Myru St.\"`."),
    "yaml-comment-in-braces": Code(
        "error", "yaml", "` #` inside a one-line `{…}` starts a comment, so the rest of the line, "
        "its closing `}` too, is left out.",
        "Put the value in quotes: `{title: \"Free them #FreeThem\", url: ...}`."),
    "value-read-as-comment": Code(
        "error", "yaml", "A `#word` right after `key: ` or `- `, or starting a text value's line "
        "(`summary: #FreeThem now`): YAML reads it as a comment, so its text is lost.",
        "Put the value in quotes: `summary: \"#FreeThem ...\"`; a comment of your own is "
        "written with a space after the `#`."),
    # -- schema -------------------------------------------------------------------------------
    "control-character-in-line": Code(
        "error", "schema", "A one-line value (a name, title, place...) holds a line break, a "
        "tab or another control character, written as an escape such as `\\n`.",
        "Write the value on one line, with spaces."),
    "empty-value": Code(
        "error", "schema", "A value that must not be empty is empty.",
        "Fill it in, or delete the key if it is optional."),
    "invalid-value": Code(
        "error", "schema", "A value does not have the expected form, or is not one of the "
        "allowed values.",
        "Write it as the message says: e.g. a date as YYYY, YYYY-MM or YYYY-MM-DD, or one of the "
        "values it lists."),
    "mixed-script-name": Code(
        "warning", "schema", "A name mixes scripts (a Cyrillic letter in the English name, a Latin "
        "one in a word of the Ukrainian name), so searches for the name miss it.",
        "Retype the letter the message names: in Latin in `en` (the Cyrillic spelling goes under "
        "`uk`), in Cyrillic in `uk`."),
    "missing-key": Code(
        "error", "schema", "A required key is missing.",
        "Add the key the message names (e.g. `name` for a public case, `by` for a listed one)."),
    "too-long": Code(
        "error", "schema", "A text value is longer than allowed.",
        "Shorten it to the length the message gives."),
    "unknown-key": Code(
        "error", "schema", "A key that is not part of the format (often a typo).",
        "Correct it to one of the keys allowed here (the message lists them), or delete it."),
    "wrong-type": Code(
        "error", "schema", "A value has the wrong type (e.g. a list where text is expected).",
        "Write the kind of value the message names."),
    # -- identity -----------------------------------------------------------------------------
    "former-id-is-current": Code(
        "error", "identity", "`former_ids` lists the case's current id.",
        "Remove it from `former_ids`."),
    "id-mismatch": Code(
        "error", "identity", "The `id` is not the file name.",
        "Set `id` to the file name without `.yaml`, or rename the file to the id."),
    "unknown-source": Code(
        "error", "identity", "A source id is cited that the case's `sources` does not define.",
        "Add the source under `sources`, or correct the id. An `anonymous` or `hidden` case in a "
        "public repository keeps its sources in the private repository: remove the id."),
    "placeholder-source": Code(
        "error", "identity", "A source still holds the placeholder `kremlinlist new` writes (a "
        "title of dots, or the address `https://...`), so the case cites no document.",
        "Write the document's own heading as `title` and its real address as `url` (or leave "
        "`url` out)."),
    # -- privacy ------------------------------------------------------------------------------
    "identifying-id": Code(
        "warning", "privacy", "The id (the file name) of an `anonymous` or `hidden` case, or of "
        "an action for such a person, holds part of their name or an alias, in any script.",
        "Rename it to an opaque id (`anon-2024-001`, `2026-11-picket`). Problems of a path under "
        "`actions/` holding such a name say `actions/(file N ...)`: find it locally with "
        "`ls -R actions | grep -i NAME`."),
    "id-not-opaque-in-public-repository": Code(
        "error", "privacy", "In a public repository, the id (the file name) of an `anonymous` or "
        "`hidden` case holds a word other than `anon` or `hidden`, which may be a name.",
        "Give the case an id of `anon` or `hidden` and numbers, such as `anon-2024-001`, and "
        "rename the file to match."),
    "identifying-field-in-public-repository": Code(
        "error", "privacy", "An `anonymous` or `hidden` case in a public repository carries a "
        "field that identifies the person or words that may (`reason`, a criterion's `note`).",
        "Delete the field here and keep it in the private repository; a `reason` (which a "
        "`delisted` case needs) is written `reason: withheld`."),
    "withheld-comment-in-public-repository": Code(
        "error", "privacy", "A comment in the file of an `anonymous` or `hidden` person in a "
        "public repository: anyone reads it, and validate cannot tell whether it names them.",
        "Delete the comment and keep what it says in the private repository."),
    "withheld-action-in-public-repository": Code(
        "error", "privacy", "An action in a public repository is for an `anonymous` or `hidden` "
        "person: its free text may name them, and `for` ties it to their case.",
        "Keep the action in the private repository (the release still publishes what the "
        "redaction rule allows of it)."),
    "withheld-name-published": Code(
        "warning", "privacy", "A text a release, the site or `export` publishes held the full "
        "name of an `anonymous` or `hidden` person, so it was published as \"(withheld: ...)\".",
        "Remove the name from the field named (a summary, a note, a source's title or address, "
        "an action's title...), or write \"a person whose name is withheld\"."),
    "repository-made-private": Code(
        "error", "privacy", "A change makes kremlinlist.yaml say `repository: private` where it "
        "said public, which turns off the checks of a public repository.",
        "Make the repository itself private first; then a maintainer makes this change on its "
        "own, not in a pull request (`validate --changed-since` refuses it)."),
    "private-in-public-repository": Code(
        "error", "privacy", "A `private` block in a repository that kremlinlist.yaml says is "
        "public: anyone who clones it reads the block.",
        "Delete the block and keep these notes in the coalition's private repository."),
    "secret-key-in-dataset": Code(
        "error", "privacy", "A file git would commit is a secret key (an age identity, a private "
        "SSH, PEM or PuTTY key): it opens the sealed blocks for whoever reads the repository.",
        "Move the key out of the dataset and give it with `--identity`. If it was ever "
        "committed or pushed, make a new key, replace the old one in `recipients:` and run "
        "`kremlinlist seal`."),
    # -- timeline -----------------------------------------------------------------------------
    "died-twice": Code("error", "timeline", "The timeline has two `died` events.", "Keep one."),
    "event-after-death": Code(
        "error", "timeline", "An event is dated after the death.",
        "Correct the date or the event."),
    "event-before-birth": Code(
        "error", "timeline", "An event is dated before the person was born.",
        "Correct the event's date or `born`."),
    "future-date": Code(
        "error", "timeline", "A date is after today (in the dataset's time zone).",
        "Correct the date; write only what a source has already reported."),
    "release-before-detention": Code(
        "error", "timeline", "A release is dated before the first detention.",
        "Correct one of the two dates."),
    "release-without-detention": Code(
        "warning", "timeline", "A release with no `detained` event before it.",
        "Add the `detained` event (without `date` if no source dates it)."),
    "uncited-event": Code(
        "warning", "timeline", "An event cites no source.",
        "Add `sources: [id]` naming the public source that states it."),
    "until-before-date": Code(
        "error", "timeline", "An event's `until` is before its `date`.",
        "Swap or correct the two dates."),
    # -- criteria -----------------------------------------------------------------------------
    "candidate-meets-criteria": Code(
        "warning", "criteria", "A `candidate` meets the criteria (a backed criterion, no "
        "exclusion) and no `reason` says why it is not listed.",
        "For the coalition's editors (researchers leave `decision: candidate`): set "
        "`decision: listed` with `since:`, or say why not in `reason:`."),
    "listed-with-exclusion": Code(
        "error", "criteria", "A `listed` case has an exclusion ground.",
        "Set `decision: candidate` or `delisted`, or remove the exclusion."),
    "listed-without-criterion": Code(
        "error", "criteria", "A `listed` case has no criterion backed by a source.",
        "Write a criterion with its sources, e.g. `- {id: e, sources: [s1]}`, or add "
        "`assessment.sources`."),
    "unknown-criterion": Code(
        "error", "criteria", "A criterion id that criteria.yaml does not define.",
        "Use one of the ids under `criteria` in criteria.yaml (the message lists them)."),
    "unknown-exclusion": Code(
        "error", "criteria", "An exclusion ground id that criteria.yaml does not define.",
        "Use one of the ids under `exclusions` in criteria.yaml (the message lists them)."),
    "unknown-sign": Code(
        "error", "criteria", "A sign id that criteria.yaml does not define.",
        "Use one of the ids under `signs` in criteria.yaml (the message lists them)."),
    # -- across -------------------------------------------------------------------------------
    "duplicate-id": Code(
        "error", "across", "An id or former id is also the id or a former id of another file.",
        "If both files are the same person, merge them; otherwise change or remove the id here."),
    "unknown-organization": Code(
        "error", "across", "`assessment.by` names an organization with no file in organizations/.",
        "Use the id of a file in organizations/, or add that organization's file."),
    # -- duplicates ---------------------------------------------------------------------------
    "likely-duplicate": Code(
        "warning", "duplicates", "Two cases may be the same person.",
        "If so, merge the files and keep the other id in `former_ids`; if not, record the pair "
        "under `different` in dupes.yaml."),
    "unknown-case": Code(
        "warning", "duplicates", "An entry of dupes.yaml names an id that no case has, now or in "
        "`former_ids`.",
        "Correct the id or remove the entry."),
    # -- fmt ----------------------------------------------------------------------------------
    "not-formatted": Code(
        "error", "fmt", "fmt left the file as it is: not a dataset file, outside the dataset "
        "folder, or formatting would change its data or comments.",
        "Give fmt files in cases/ or organizations/, criteria.yaml or kremlinlist.yaml; if the "
        "message says it is a bug in fmt, report it."),
    "not-written": Code(
        "error", "fmt", "fmt could not write the formatted file; it is unchanged.",
        "Check the file's permissions and the free space, then run fmt again."),
    **COMMAND_CODES,
}
# CODES stays in GROUPS order, then by code (tests/test_problem_codes.py).
CODES = dict(sorted(CODES.items(), key=lambda kv: (list(GROUPS).index(kv[1].group), kv[0])))
