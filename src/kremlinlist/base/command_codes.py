"""The problem codes of the commands' own refusals and of what they check beyond one file: git
history, releases, exports, usage, the site, sealing and intake. Declared here once each, and
merged into the one registry, `codes.CODES`."""
from kremlinlist.base.code import Code

COMMAND_CODES: dict[str, Code] = {
    # -- history ------------------------------------------------------------------------------
    "bad-month": Code(
        "error", "history", "A month is not written as YYYY-MM.",
        "Write the month as YYYY-MM, e.g. 2024-05."),
    "bad-timezone": Code(
        "error", "history", "`--tz` is not a time zone name.",
        "Give a time zone name such as UTC or Europe/Kyiv."),
    "git-failed": Code(
        "error", "history", "A git command failed.",
        "Check that git works here and the repository is complete (`git status`), then run "
        "again."),
    "cache-in-checkout": Code(
        "error", "usage", "`KREMLINLIST_CACHE_DIR` names a folder inside the checkout, where a "
        "pull request could commit a forged cache.",
        "Set it to a folder outside the checkout (in GitHub Actions, under `$RUNNER_TEMP`), or "
        "unset it: the default is inside the checkout's git folder."),
    "planted-repository": Code(
        "error", "history", "A folder inside the checkout holds a `HEAD`, `objects/` and `refs/`: "
        "git would run its settings, so it is not run.",
        "Remove those files (`git rm`): a pull request can plant them to run a program in CI."),
    "missing-object": Code(
        "error", "history", "A file's contents are missing from this clone (a partial or "
        "shallow clone).",
        "Run `git fetch --unshallow`, or clone the repository in full."),
    "month-before-history": Code(
        "error", "history", "The month ended before the branch's first commit.",
        "Pick a later month, or run `git fetch --unshallow` if this is a shallow clone."),
    "not-a-git-repository": Code(
        "error", "history", "The dataset is not inside a git repository.",
        "Run `git init` and commit the dataset, or pass --root with a dataset inside a "
        "repository."),
    "shallow-clone": Code(
        "error", "history", "The clone is shallow, so the history of earlier months is missing.",
        "Run `git fetch --unshallow` (in GitHub Actions, check out with `fetch-depth: 0`)."),
    "unknown-revision": Code(
        "error", "history", "A revision names no commit in this repository, or starts with `-`.",
        "Give a branch, tag or commit id."),
    # -- release ------------------------------------------------------------------------------
    "month-in-future": Code(
        "error", "release", "The month has not begun yet in the dataset's time zone.",
        "Release a month that has ended; the message names the latest one."),
    "month-not-ended": Code(
        "error", "release", "The month has not ended yet in the dataset's time zone.",
        "Release a month that has ended, or pass --preview to look at the month so far."),
    "not-a-release-folder": Code(
        "error", "release", "`--force` would replace something that is not a release folder.",
        "Give --out a new folder, or a folder holding only a release's files."),
    "release-other-month": Code(
        "error", "release", "`--force` would replace the release of another month: the folder's "
        "changes.json says which.",
        "Give --out this month's folder (releases/YYYY-MM) or a new one."),
    "not-a-preview-folder": Code(
        "error", "release", "A preview would replace a release: a preview only replaces a "
        "preview.",
        "Give the preview another --out folder, or leave --out out (previews/YYYY-MM)."),
    "preview-in-releases": Code(
        "error", "release", "A preview was asked to be written into releases/, where it could "
        "pass for a release.",
        "Leave --out out (the preview goes to previews/YYYY-MM) or give a folder outside "
        "releases/."),
    "config-invalid": Code(
        "error", "release", "kremlinlist.yaml does not load at the commit whose settings a "
        "command needs (the time zone of month ends, among others).",
        "Correct kremlinlist.yaml in a new commit (`kremlinlist validate` says how); where "
        "only the time zone is needed (at the revision a release starts from), --tz gives it."),
    "history-out-of-order": Code(
        "error", "release", "Committer dates go backwards across the month's end: the month's "
        "last commit has an ancestor dated after the month, whose changes a release would "
        "count in it.",
        "Give --rev the last commit that belongs to the month, or re-date the commits."),
    "release-exists": Code(
        "error", "release", "The release folder for this month already exists.",
        "Pass --force to replace it."),
    "release-invalid": Code(
        "error", "release", "The dataset at the end of the month does not validate, so nothing "
        "was written.",
        "A later commit cannot fix it: give `--rev` the month's last commit that validates "
        "(leaving the later ones out of both change logs), or release with the kremlinlist "
        "version used then."),
    "withheld-name-in-output": Code(
        "error", "release", "A release, the site or `export` cannot read the withheld people's "
        "names, so it cannot make sure that no text it publishes holds one.",
        "Fix the case files that do not load (`kremlinlist validate` says which), then run the "
        "command again."),
    # -- export -------------------------------------------------------------------------------
    "bad-date": Code(
        "error", "export", "`--as-of` is not a date written as YYYY-MM-DD.",
        "Give the day as YYYY-MM-DD with zero padding, e.g. 2024-05-31."),
    "date-in-future": Code(
        "error", "export", "`--as-of` is after today in the dataset's time zone.",
        "Give today or an earlier day: days in custody are counted only up to today."),
    "list-incomplete": Code(
        "error", "export", "A case file (or `cases/` itself) does not load, so the list or the counts "
        "would leave someone out.",
        "Fix the problems printed above (run `kremlinlist validate`), then run the command again."),
    "no-output-folder": Code(
        "error", "export", "The folder of the `--output` file does not exist.",
        "Create the folder first, or give a file in a folder that exists."),
    "output-exists": Code(
        "error", "export", "The `--output` file already exists.",
        "Pass --force to replace it, or give another file."),
    # -- usage --------------------------------------------------------------------------------
    "ambiguous-case": Code(
        "error", "usage", "Several cases match what was given to find one case.",
        "Give one of the ids the message lists."),
    "bad-answer": Code(
        "error", "usage", "An answer given to `kremlinlist new` cannot go into a case.",
        "Give the value the message asks for (a name, an id, an ISO 3166-2 region, a date, an "
        "organization)."),
    "bad-choice": Code(
        "error", "usage", "A value is not one of those it may be (a list's format, a language): "
        "a release's `--lang`, or a value given through the library.",
        "Give one of the values the message lists."),
    "case-not-found": Code(
        "error", "usage", "No case has the id, former id or name that was given.",
        "Give part of the name, e.g. the surname, or an id from cases/."),
    "conflicting-options": Code(
        "error", "usage", "Options were given together that exclude each other (files to check "
        "and `--changed-since`, `schema --install` and `--modeline`).",
        "Give one of them."),
    "id-taken": Code(
        "error", "usage", "The id of a new case belongs, or belonged, to another case.",
        "If this is a different person, give another id, e.g. with `-2` at the end."),
    "not-a-cache": Code(
        "error", "usage", "`cache clear` was pointed at a folder holding files kremlinlist does "
        "not write; nothing was removed.",
        "Check $KREMLINLIST_CACHE_DIR: it must name a folder only kremlinlist writes."),
    "not-a-case-id": Code(
        "error", "usage", "What was given is not a case id.",
        "Ids use lowercase latin letters, digits and single hyphens, e.g. petrenko-ivan."),
    "not-a-dataset": Code(
        "error", "usage", "The folder given (or the current one) is not a dataset: it has "
        "neither a cases/ folder nor a criteria.yaml.",
        "Run the command in the dataset's folder, or pass --root with it."),
    "template-failed": Code(
        "error", "usage", "A template of the list failed to render; nothing was written.",
        "Fix or remove the dataset's own template in templates/ (it may use a value the list does "
        "not have)."),
    "template-not-found": Code(
        "error", "usage", "A template of the list is missing; nothing was written.",
        "Add the template to templates/, or remove the one that includes it."),
    "template-link": Code(
        "error", "usage", "templates/ is a link or holds one, which could publish a file of the "
        "machine.", "Replace the link with the template file itself."),
    "template-syntax": Code(
        "error", "usage", "A template of the list is not valid Jinja; nothing was written.",
        "Fix the template at the line the message names."),
    "templates-missing": Code(
        "error", "usage", "The default templates are missing from this installation of "
        "kremlinlist.",
        "Reinstall kremlinlist."),
    "vscode-settings": Code(
        "error", "usage", ".vscode/settings.json cannot be merged safely (a link, not plain JSON, "
        "or not an object).",
        "Add the schemas to .vscode/settings.json by hand, or fix or remove the file first."),
    # -- track "site" (issue 14): `kremlinlist site` -----------------------------------------
    "not-a-site-folder": Code(
        "error", "site", "`--force` would replace a folder that `kremlinlist site` did not "
        "write.",
        "Give -o a new folder, or the folder of a site this command wrote."),
    "site-exists": Code(
        "error", "site", "The folder `kremlinlist site` was asked to write already exists.",
        "Pass --force to replace a site this command wrote, or give another folder."),
    "yaml-unquoted-colon": Code(
        "error", "yaml", "An unquoted value holds a colon followed by a space (or ends with a "
        "colon), which YAML reads as the start of another key.",
        "Put the whole value in quotes, e.g. `title: \"Court: monitoring note\"`."),
    "yaml-curly-quotes": Code(
        "error", "yaml", "A value starts with a curly quote (“ ” „ « ‘), which YAML does not read "
        "as a quote, so a `: ` or `#` inside it breaks the line.",
        "Use straight quotes: `title: \"Court: monitoring note\"`."),
    "yaml-text-after-quote": Code(
        "error", "yaml", "A quoted value's closing quote comes before the end of the value.",
        "Quote the whole value, e.g. `title: '\"Memorial\": a statement'`."),
    "yaml-unclosed-quote": Code(
        "error", "yaml", "A quoted value is never closed, so YAML reads on to the end of the file.",
        "End the value with the quote it starts with."),
    "yaml-no-break-space": Code(
        "error", "yaml", "A no-break space (often pasted from a word processor) stands where YAML "
        "needs an ordinary space: after a key's colon or in the indentation.",
        "Retype it as a plain space."),
    "yaml-missing-space": Code(
        "error", "yaml", "A key's colon is not followed by a space (`born:1980`).",
        "Put a space after the colon: `born: 1980`."),
    "yaml-dash-without-space": Code(
        "error", "yaml", "A list item's `-` is not followed by a space (`-date: 2020`).",
        "Put a space after the `-`: `- date: 2020`."),
    "yaml-indentation": Code(
        "error", "yaml", "A line is indented to a column where no key or list item above it "
        "starts, so YAML cannot tell where it belongs.",
        "Line it up with the keys it belongs with (the message shows the line as it should be)."),
    "comment-in-value": Code(
        "warning", "yaml", "` #` inside an unquoted value starts a comment, so the rest of the line "
        "is left out of the value.",
        "Quote the whole value; a comment of your own is written with a space after the `#`. "
        "After an id, a code, a date or a choice, delete the `#` and what follows it: quoted, "
        "the value would no longer read."),
    "curly-quotes-in-value": Code(
        "warning", "yaml", "A value is wrapped in curly quotes (“ ”), which YAML keeps as part of "
        "the text.",
        "If they are meant as quotes, write straight ones (`\"`)."),
    "no-break-space-in-value": Code(
        "warning", "yaml", "A value starts or ends with a no-break space, which stays part of the "
        "text.",
        "Delete it."),
    "source-fields-not-indented": Code(
        "error", "schema", "A source's fields (`title:`, `url:` ...) are not indented under the "
        "source's id, so each reads as a source of its own.",
        "Indent them two spaces more than the id (`s1:`), or start the source with an id."),
    "uncited-action": Code(
        "error", "identity", "An action has no `sources`: every fact of an action is cited.",
        "Add the document that states the action under `sources` (title, and a short quote)."),
    "unknown-case-reference": Code(
        "error", "across", "An action's `for` names no case: neither an id nor a former id in "
        "cases/.",
        "Use the id of a file in cases/ (a former id also resolves), or add that case's file."),
    "unknown-organization-reference": Code(
        "error", "across", "An action's `by` or a coalition's `members` names an organization "
        "with no file in organizations/.",
        "Use the id of a file in organizations/, add that organization's file, or write an "
        "actor with no file as `{name: ...}`."),
    "unknown-coalition": Code(
        "error", "across", "An organization's `coalitions:` names a coalition with no file in "
        "coalitions/.",
        "Use the id of a file in coalitions/, or add that coalition's file."),
    "membership-mismatch": Code(
        "warning", "across", "An organization says it belongs to a coalition whose file does not "
        "list it among its `members`.",
        "Add the organization to the coalition's `members` (with its source), or remove the "
        "entry from the organization's file."),
    "duplicate-criteria-coalition": Code(
        "error", "across", "More than one coalition says `criteria: criteria.yaml` (said of "
        "each, naming the others), so one published count would replace another.",
        "Keep `criteria: criteria.yaml` only in the file of the coalition whose list the dataset "
        "keeps: its latest count is the figure a release publishes."),
    "duplicate-reference": Code(
        "warning", "across", "An action's `for` names one person twice (perhaps once by a former "
        "id), or a coalition's `members` lists one organization twice.",
        "Delete the second entry; a member who left and joined again keeps `left:` on the first."),
    "action-before-events": Code(
        "warning", "timeline", "An action is dated before every dated event of a person it is "
        "for (but those dated `date_is: by`, which says no later than and so bounds nothing "
        "from below).",
        "Check the action's date and its `for`: advocacy for a person usually follows their "
        "detention."),
    "unknown-action-type": Code(
        "error", "usage", "`--type` names no type of action.",
        "Give one of the types the message lists (docs/actions.md)."),
    "bad-recipient": Code(
        "error", "sealing", "A key in `recipients:` of kremlinlist.yaml is not an age or SSH "
        "public key that can be used.",
        "Write an age key (`age1...`, from `age-keygen`) or an SSH public key (`ssh-ed25519 ...`, "
        "`ssh-rsa ...`)."),
    "edited-block-invalid": Code(
        "error", "sealing", "What was saved in `edit-private` is not a valid private block; "
        "nothing was changed, and the edit was kept sealed in a recovery file.",
        "Run `kremlinlist edit-private` again, paste the edit back (`age -d -i KEY FILE` opens "
        "the recovery file) and fix what the message names."),
    "edited-meanwhile": Code(
        "error", "sealing", "The case's private block changed on disk while `edit-private` had "
        "it open; nothing was changed, the edit was kept sealed in a recovery file the message "
        "names.",
        "Run `kremlinlist edit-private` again on the file as it is now, and paste the edit back "
        "if it is still needed (`age -d -i KEY FILE` opens the recovery file)."),
    "edit-not-saved": Code(
        "error", "sealing", "`edit-private` could not write the case file; the edit was kept "
        "sealed in a recovery file the message names.",
        "Make the case file writable, then run `kremlinlist edit-private` again and paste the "
        "edit back (`age -d -i KEY FILE` opens the recovery file)."),
    "editor-failed": Code(
        "error", "sealing", "The editor `edit-private` opened failed or was not found; nothing "
        "was changed.",
        "Set EDITOR (or VISUAL) to a terminal editor that waits until the file is closed and "
        "keeps no copies: `vim` or `nano`, not a graphical one."),
    "identity-unusable": Code(
        "error", "sealing", "No identity was given, it cannot be read, or none of its keys opens "
        "the sealed block.",
        "Give --identity FILE (an age identity file or an OpenSSH private key without a "
        "passphrase) or set KREMLINLIST_IDENTITY, with a key the block was sealed for."),
    "intake-bad-row": Code(
        "error", "sealing", "A row of a form export cannot become a report; it was skipped.",
        "Fix the row the message names (or remove it) and import the file again: the rows "
        "already imported are not added twice."),
    "intake-columns": Code(
        "error", "sealing", "A form export cannot be read, or has columns kremlinlist does not "
        "know; nothing was imported.",
        "Give `--map FILE` mapping the form's columns onto the default ones (docs/intake.md)."),
    "intake-link": Code(
        "error", "sealing", "An intake report's status and its `case` disagree: a promoted or "
        "duplicate report names no case, or a case that does not exist.",
        "Set `case:` to the id of the case the report became or duplicates."),
    "intake-state": Code(
        "error", "sealing", "An intake command cannot go on: no such report, one in a status "
        "it cannot leave, a broken kremlinlist.yaml, a lost intake/.salt, or a file not written.",
        "Check the report's id and status with `kremlinlist intake list`; else do what the "
        "message says (run `kremlinlist validate`, restore intake/.salt from git history)."),
    "no-private-block": Code(
        "error", "sealing", "The case has no private block to open.",
        "Add one with `kremlinlist edit-private`, which starts from an empty block."),
    "no-recipients": Code(
        "error", "sealing", "Sealing needs `recipients:` in kremlinlist.yaml.",
        "Add `recipients: [{label: ..., key: age1...}]` to kremlinlist.yaml."),
    "private-not-sealed": Code(
        "error", "sealing", "`recipients:` is set, but a private block or an intake report is "
        "written in plain text.",
        "Run `kremlinlist seal`."),
    "seal-not-written": Code(
        "error", "sealing", "`seal` could not write a file (a read-only folder, a full disk); "
        "that file is unchanged, the others were sealed.",
        "Make the folder writable or free some space, then run `kremlinlist seal` again."),
    "sealed-damaged": Code(
        "error", "sealing", "A sealed block is not a well-formed armored age message.",
        "Restore the block from git history, or write it again and run `kremlinlist seal`."),
    "sealed-for-mismatch": Code(
        "error", "sealing", "A key tells that a sealed block is not sealed for the keys its "
        "`sealed_for` names (relabelled by hand); without a key this cannot be told.",
        "Take a trusted copy of the block from git history and seal it again with `kremlinlist "
        "seal --identity FILE`; ask who relabelled it (docs/sealing.md)."),
    "sealed-for-other-recipients": Code(
        "warning", "sealing", "A sealed block was sealed for other keys than `recipients:` lists "
        "(a key was added or removed since).",
        "Run `kremlinlist seal --identity FILE` to seal it again for the current recipients."),
    "sealed-not-opened": Code(
        "warning", "sealing", "An identity was given, but none of its keys opens this sealed "
        "block, so its contents were not checked.",
        "Ask a holder of one of the keys it was sealed for to check it, or seal it again."),
    "comment-beside-sealed-block": Code(
        "error", "sealing", "A comment stands on, in or right after a sealed private block or "
        "intake report: `seal` passes sealed blocks over, so it would stay in plain text.",
        "Delete it, or put what it says inside a case's private block with `kremlinlist "
        "edit-private` (no command edits a sealed report)."),
    "intake-in-public-repository": Code(
        "error", "sealing", "A file under intake/ is in a repository that kremlinlist.yaml says "
        "is public: reports hold who reported whom, which must never be published.",
        "Remove the file from this repository (and its history) and import the export in the "
        "coalition's private repository."),
}
