"""JSON Schemas of the dataset files, for editors (the VS Code YAML extension) and other validators.

The schemas come from the pydantic models, with the descriptions of docs/case-format.md added so
an editor explains each key as the researcher types. They describe what an editor's YAML 1.2
parser sees: `born: 1976` arrives as a number there and `2014-05-10` as text, and the loader reads
both as text, so both are accepted. The schema helps while typing; `kremlinlist validate` is the
authority (it also checks references, the timeline and the rules).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic.json_schema import models_json_schema

from kremlinlist import _version
from kremlinlist.model.case import CriterionRef
from kremlinlist.model.kinds import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {
    "case": "kremlinlist case (cases/<id>.yaml)",
    "organization": "kremlinlist organization (organizations/<id>.yaml)",
    "criteria": "kremlinlist criteria (criteria.yaml)",
    "config": "kremlinlist dataset settings (kremlinlist.yaml)",
    "action": "kremlinlist advocacy action (actions/<id>.yaml)",
    "coalition": "kremlinlist coalition (coalitions/<id>.yaml)",
}
GLOBS = {"case": "cases/*.yaml", "organization": "organizations/*.yaml",
         "criteria": "criteria.yaml", "config": "kremlinlist.yaml",
         "action": "actions/*.yaml", "coalition": "coalitions/*.yaml"}
VSCODE = ".vscode"

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Case": {
        "": "One person deprived of liberty. Every fact must be stated by a source cited in this "
            "file's `sources`.",
        "id": "Permanent id: surname-given in the Ukrainian national transliteration, e.g. "
              "sentsov-oleh; the file name without .yaml. Anonymous or hidden: an opaque id.",
        "former_ids": "Ids this case had before, so links can follow a renamed case.",
        "name": "The name by script: en (required), uk, ru, crh.",
        "aliases": "Other spellings found in sources, e.g. Oleg Sentsov.",
        "born": "Partial date of birth (YYYY, YYYY-MM or YYYY-MM-DD), only when a source states it.",
        "sex": "male or female.",
        "citizenship": "ISO 3166-1 alpha-2 codes, e.g. [UA].",
        "region": "ISO 3166-2 code of the home region, e.g. UA-43 (Crimea), UA-40 (Sevastopol).",
        "occupation": "Free text, e.g. film director.",
        "summary": "One or two sentences for the public list, from the cited sources only.",
        "publicity": "public (named), anonymous (name withheld at the family's request) or hidden "
                     "(only counted).",
        "events": "The timeline, in the order things happened; custody status is derived from it.",
        "assessment": "The coalition's decision on this case.",
        "sources": "Local source id -> the document that states the facts; cite the ids in "
                   "events, criteria and the assessment.",
        "private": "Never published; forbidden in a public repository.",
    },
    "Names": {
        "": "The name by script.",
        "en": "In English, in the Ukrainian national transliteration: Oleh Sentsov.",
        "uk": "In Ukrainian Cyrillic.", "ru": "In Russian Cyrillic.", "crh": "In Crimean Tatar.",
    },
    "Event": {
        "": "One event of the timeline.",
        "date": "Partial date; leave it out when no source dates the event.",
        "date_is": "on (default): on that date; by: no later than that date (add a note).",
        "type": "What happened: detained puts a person in custody; released, died, disappeared "
                "end it.",
        "place": "Where, as the source says.",
        "term": "On sentenced: 20y, 8y6m, 6m, 15d or life.",
        "regime": "On sentenced: general, strict, special, settlement or prison.",
        "articles": "Criminal code articles, e.g. RU-CC-205.5-2.",
        "until": "On hunger-strike: when it ended.",
        "how": "On released: exchange, sentence-served, acquitted, pardoned or other.",
        "to": "On transferred: where to.",
        "by": "On recognized: who recognized the person as a political prisoner.",
        "note": "A public note, e.g. how a date was inferred.",
        "sources": "Ids of entries in this file's sources that state this event.",
    },
    "Assessment": {
        "": "The decision and what backs it.",
        "decision": "candidate (under review), listed (on the list) or delisted (has left it).",
        "since": "Partial date when the case was listed.",
        "reason": "Why delisted; on a candidate that meets the criteria, why not (yet) listed.",
        "criteria": "PACE criteria ids from criteria.yaml (a-e), plain or {id, sources, note}.",
        "signs": "Sign ids from criteria.yaml.",
        "exclusions": "Exclusion ids from criteria.yaml; any exclusion forbids listed.",
        "sources": "Source ids backing the decision as a whole.",
        "by": "Ids of organizations/<id>.yaml that maintain the case.",
    },
    "CriterionRef": {
        "": "A criterion with its backing.",
        "id": "A criterion id from criteria.yaml.",
        "sources": "Source ids that support the criterion.",
        "note": "A short quote or explanation.",
    },
    "Source": {
        "": "A document that states facts of this case.",
        "title": "The document's own heading.",
        "publisher": "Who published it, where the document names them.",
        "date": "Partial date of publication.",
        "url": "A real http(s) address of the document.",
        "accessed": "Partial date when the document was read.",
        "quote": "A short exact quote of the words relied on.",
    },
    "Private": {"": "Never published; forbidden in a public repository."},
    "Organization": {
        "": "An organization that maintains cases.",
        "id": "A short slug; equals the file name.",
        "short": "Abbreviation, e.g. CCL.",
        "country": "ISO 3166-1 alpha-2 code.",
        "coalitions": "Coalitions the organization belongs to, with partial dates.",
    },
    "Criteria": {"": "The list criteria, signs and exclusion grounds cases refer to by id."},
    "Action": {
        "": "One advocacy action for the prisoners; every fact cited in `sources` "
            "(docs/actions.md).",
        "id": "Permanent id, the file name without .yaml, e.g. 2018-05-25-pussy-riot-le-monde.",
        "type": "statement, petition, open-letter, letter-campaign, picket, rally, campaign, "
                "recognition, appeal or other.",
        "title": "The action's title: en (required) and uk.",
        "date": "Partial date it happened or started; leave it out when no source dates it.",
        "until": "Partial date an action that lasts ended.",
        "by": "Who acted: organization ids, or {name: ...} for actors with no file.",
        "to": "Whom it addresses, as the source says.",
        "for": "Ids of the cases it is for (former ids resolve).",
        "signatures": "count, as_of, goal, threshold, all optional, with their sources.",
        "outcome": "What came of it, as the source says.",
        "summary": "One or two sentences, from the cited sources only.",
        "sources": "Local source id -> the document that states the action.",
    },
    "Title": {"": "The action's title.", "en": "In English.", "uk": "In Ukrainian."},
    "Actor": {"": "Who acted.", "org": "The id of a file in organizations/.",
              "name": "The name of an actor with no file, as the source gives it."},
    "Signatures": {"": "Signatures, as the source gives them.", "count": "How many signed.",
                   "as_of": "Partial date of the count; not after today.",
                   "goal": "The goal the organizers set.",
                   "threshold": "How many make it count, e.g. to be tabled in a parliament.",
                   "sources": "Ids of entries in this file's sources."},
    "Member": {"": "A member organization.", "org": "The id of a file in organizations/.",
               "joined": "Partial date it joined.", "left": "Partial date it left.",
               "role": "founding-member or member.", "sources": "Ids of entries in sources."},
    "Facilitator": {"": "A person who facilitates the coalition.",
                    "sources": "Ids of entries in sources; required."},
    "PublishedCount": {"": "A count the coalition itself published.",
                       "qualifier": "exact, at-least or about.",
                       "as_of": "Partial date of the count; leave it out when undated.",
                       "sources": "Ids of entries in sources; required."},
    "Coalition": {
        "": "A coalition of organizations (docs/coalitions.md).",
        "id": "A short slug; equals the file name.",
        "founded": "Partial date the coalition was founded or announced.",
        "scope": "Who may be listed, in the coalition's words or a cited paraphrase.",
        "criteria": "The criteria file that governs its list: criteria.yaml.",
        "members": "Member organizations, with dates and role (founding-member or member).",
        "facilitators": "People who facilitate the coalition, each with sources.",
        "published_counts": "Counts the coalition itself published: count, qualifier, as_of, "
                            "sources.",
    },
    "Config": {
        "": "Dataset settings.",
        "repository": "public or private: a public repository rejects private blocks and "
                      "identifying fields of withheld people.",
        "timezone": "A time zone name such as UTC or Europe/Kyiv; sets month boundaries.",
    },
}


def _adapt(node: Any) -> Any:
    """Free text also accepts a number (`title: 1984` is text to the loader, a number to the
    editor)."""
    if isinstance(node, list):
        return [_adapt(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _adapt(v) for k, v in node.items()}
    if node.get("type") == "string" and not {"pattern", "enum", "const"} & node.keys():
        node["type"] = ["string", "number"]
    return node


def json_schema(kind: str = "case") -> dict:
    """The JSON Schema (2020-12) of one kind of dataset file."""
    cls = KINDS[kind]
    _, top = models_json_schema([(cls, "validation"), (CriterionRef, "validation")])
    defs = copy.deepcopy(top["$defs"])
    defs.pop("PartialDate", None)
    for name, texts in DESCRIPTIONS.items():
        d = defs.get(name)
        if d is None:
            continue
        if texts.get(""):
            d["description"] = texts[""]
        for key, text in texts.items():
            if key and key in d.get("properties", {}):
                d["properties"][key]["description"] = text
    root = defs.pop(cls.__name__)
    if cls is not CriterionRef and not _uses(root, defs, "CriterionRef"):
        defs.pop("CriterionRef", None)
    schema = {"$schema": SCHEMA_DIALECT, "$id": f"urn:kremlinlist:{kind}:{_version.__version__}",
              **root, "title": TITLES[kind]}
    if defs:
        schema["$defs"] = defs
    return _adapt(schema)


def _uses(root: dict, defs: dict, name: str) -> bool:
    return f'"#/$defs/{name}"' in json.dumps([root, defs])


def render_schema(kind: str = "case") -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    return f"{VSCODE}/kremlinlist-{kind}.schema.json"


def modeline(kind: str = "case") -> str:
    """The first line that points the YAML extension at the installed schema, from a file of
    this kind."""
    up = "../" if "/" in GLOBS[kind] else ""
    return f"# yaml-language-server: $schema={up}{schema_file(kind)}"
