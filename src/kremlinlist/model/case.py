"""The data model: what a case, an organization, the criteria and the dataset config may contain.

Field names and enums here are the researchers' contract (docs/case-format.md). Custody status is not
a field: it is derived from `events` in `timeline`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kremlinlist.base.i18n import _
from kremlinlist.base.parallel import before_forking
from kremlinlist.model.dates import PartialDate
from kremlinlist.model.terms import parse_term
from kremlinlist.model.ids import ID_PATTERN as _ID, ID_RE, MAX_ID_LENGTH
from kremlinlist.model.regions import REGIONS

# A date as `PartialDate.parse` accepts it (months 01-12, days 01-31), for the JSON schema.
DATE_RE = r"^(19\d{2}|20\d{2}|2100)(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _partial_date(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Date = Annotated[
    PartialDate,
    BeforeValidator(_partial_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "pattern": DATE_RE},
            {"type": "integer", "minimum": 1900, "maximum": 2100},
        ],
        "description": "A partial date: YYYY, YYYY-MM or YYYY-MM-DD",
    }),
]


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(_("an id uses lowercase latin letters, digits and single hyphens, "
                           "e.g. petrenko-ivan"))
    return value


# The pattern is for the JSON schema only: `_check_id` says what is wrong in the researchers' words.
Id = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH), AfterValidator(_check_id),
               WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH,
                               "pattern": ID_RE})]
Text = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=5000)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", max_length=2)]
REGION_RE = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"


def _check_region(value: str) -> str:
    """The form alone let `UA-99` through, a code no region has, which no export can name."""
    if value.startswith("UA-") and value not in REGIONS:
        raise ValueError(_("no region of Ukraine has this code; write one of {codes}").format(
            codes=", ".join(REGIONS)))
    return value


# A region of Ukraine is one of the table's (as `new` asks); another country's code keeps the form.
Region = Annotated[str, Field(pattern=REGION_RE, max_length=6), AfterValidator(_check_region),
                   WithJsonSchema({"anyOf": [
                       {"enum": list(REGIONS)},
                       {"type": "string", "pattern": "^(?!UA-)" + REGION_RE[1:], "maxLength": 6}],
                       "description": "An ISO 3166-2 code: one of Ukraine's, or another "
                                      "country's"})]
Article = Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z]{2,5}-[0-9][0-9.]*(?:-[0-9]+)*$",
                               max_length=40)]


def _check_host(value: str) -> str:
    """An address the form lets through with no host to read (`https:///about`, a port alone,
    a `[` never closed) leads nowhere, wherever it is written: a source's, an organization's
    website, the site's own. files/schema_messages says it in the reader's words."""
    try:
        host = urlsplit(value).hostname
    except ValueError:
        host = None
    if not host:
        raise PydanticCustomError("url_no_host", "this address names no host")
    return value


# What `_check_host` asks, as a pattern for the JSON Schema editors read: a host after the
# scheme (and any user), a name or a bracketed address, then a port, a path, a query or nothing.
URL_WITH_HOST_RE = (r"^https?://(?:[^\s/?#@]*@)?(?:\[[^\s/?#\]]+\]|[^\s/?#@:\[\]]+)"
                    r"(?::[0-9]*)?(?:[/?#]\S*)?$")
Url = Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=2000),
                AfterValidator(_check_host),
                WithJsonSchema({"type": "string", "pattern": URL_WITH_HOST_RE,
                                "maxLength": 2000})]

EventType = Literal["detained", "charged", "trial", "sentenced", "appeal", "transferred",
                    "hunger-strike", "health", "released", "died", "disappeared", "recognized"]
ReleaseHow = Literal["exchange", "sentence-served", "acquitted", "pardoned", "other"]


def _id_keys(schema: dict[str, Any]) -> None:
    """Every key an id and every value the same kind: pydantic writes `patternProperties` for keys
    with a pattern, which would let a key that is not an id hold anything."""
    for value in schema.pop("patternProperties", {}).values():
        schema["propertyNames"] = {"type": "string", "minLength": 1, "maxLength": 80,
                                   "pattern": ID_RE}
        schema["additionalProperties"] = value


Sources = Annotated[dict[Id, "Source"], Field(json_schema_extra=_id_keys)]


def empty_list() -> Any:
    """A list key's default, made new for each model: pydantic deep-copies a shared `[]` default
    for every case that leaves the key out (a dozen times a file, a few % of checking it). The
    JSON schema still shows `"default": []`."""
    return Field(default_factory=list, json_schema_extra={"default": []})


class Strict(BaseModel):
    """Unknown keys are errors, and error texts never embed the input. A model's validator is
    built on its first use (`defer_build`): most runs never validate an action, a coalition or
    an intake file, and a nested model is validated inside the file's model, never alone."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True,
                              defer_build=True)


# Built when imported: every run validates these (a few ms). Case, which takes longer to build
# and which a warm `validate` never validates, is built on its first use, or before workers
# are forked (`_build_before_forking`).
BUILT_NOW = ConfigDict(defer_build=False)


class Names(Strict):
    en: Text
    uk: Text | None = None
    ru: Text | None = None
    crh: Text | None = None


class Source(Strict):
    title: Text
    publisher: Text | None = None
    date: Date | None = None
    url: Url | None = None
    accessed: Date | None = None
    quote: LongText | None = None


class Event(Strict):
    date: Date | None = None
    date_is: Literal["on", "by"] = "on"
    type: EventType
    place: Text | None = None
    term: Annotated[str, Field(max_length=12)] | None = None
    regime: Literal["general", "strict", "special", "settlement", "prison"] | None = None
    articles: list[Article] = empty_list()
    until: Date | None = None
    how: ReleaseHow | None = None
    to: Text | None = None
    by: Text | None = None
    note: LongText | None = None
    sources: list[Id] = empty_list()

    @field_validator("term")
    @classmethod
    def _term(cls, value: str | None) -> str | None:
        if value is not None and parse_term(value) is None:
            raise ValueError(_("write a term like 20y, 8y6m, 6m, 15d or life"))
        return value

    @model_validator(mode="after")
    def _fields_fit_type(self) -> "Event":
        only = {"term": "sentenced", "regime": "sentenced", "until": "hunger-strike",
                "how": "released", "to": "transferred", "by": "recognized"}
        for name, kind in only.items():
            if getattr(self, name) is not None and self.type != kind:
                raise ValueError(_("`{name}` belongs only on a `{kind}` event; move it or "
                                   "delete it").format(name=name, kind=kind))
        if self.date is None and self.date_is == "by":
            raise ValueError(_("`date_is: by` needs a `date`"))
        return self


class CriterionRef(Strict):
    id: Id
    sources: list[Id] = empty_list()
    note: LongText | None = None


def _criterion(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


# Written as a plain id (`e`) or as `{id: e, sources: [s1]}`.
Criterion = Annotated[CriterionRef, BeforeValidator(_criterion,
                                                    json_schema_input_type=Union[Id, CriterionRef])]


class Assessment(Strict):
    decision: Literal["candidate", "listed", "delisted"]
    since: Date | None = None
    reason: LongText | None = None
    criteria: list[Criterion] = empty_list()
    signs: list[Id] = empty_list()
    exclusions: list[Id] = empty_list()
    sources: list[Id] = empty_list()
    by: list[Id] = Field(default_factory=list, min_length=0,
                     json_schema_extra={"default": []})

    @model_validator(mode="after")
    def _delisted_has_reason(self) -> "Assessment":
        if self.decision == "delisted" and not self.reason:
            raise ValueError(_("a `delisted` case needs `reason:` saying why it left the list"))
        return self


class Relative(Strict):
    name: Text | None = None
    relation: Text | None = None
    contact: Text | None = None


class Private(Strict):
    notes: LongText | None = None
    health: LongText | None = None
    relatives: list[Relative] = empty_list()
    sources: Sources = {}  # e.g. the intake report a case was promoted from


ARMOR_RE = r"^\s*-----BEGIN AGE ENCRYPTED FILE-----\s*\n[A-Za-z0-9+/=\s]+-----END AGE ENCRYPTED FILE-----\s*$"


class Sealed(Strict):
    """A block encrypted with age for the `recipients:` of kremlinlist.yaml (docs/sealing.md):
    `sealed_for` lists the fingerprints of the keys it was sealed for, checkable without a key."""

    sealed: Annotated[str, Field(pattern=ARMOR_RE, max_length=200_000)]
    sealed_for: list[Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]] = empty_list()


def _plain_or_sealed(value: Any) -> str:
    return "sealed block" if isinstance(value, dict) and "sealed" in value else "plain block"


def sealable(plain: Any) -> Any:
    """A block that is written plain or sealed: `{sealed: ...}` is read as Sealed, else `plain`.
    The tags are not identifiers, so the loader's messages skip them in a key path."""
    return Annotated[Union[Annotated[plain, Tag("plain block")],
                           Annotated[Sealed, Tag("sealed block")]],
                     Discriminator(_plain_or_sealed)]


class Case(Strict):
    id: Id
    former_ids: list[Id] = empty_list()
    name: Names | None = None
    aliases: list[Text] = empty_list()
    born: Date | None = None
    sex: Literal["male", "female"] | None = None
    citizenship: list[Country] = empty_list()
    region: Region | None = None
    occupation: Text | None = None
    summary: LongText | None = None
    publicity: Literal["public", "anonymous", "hidden"] = "public"
    events: list[Event] = empty_list()
    assessment: Assessment
    sources: Sources = {}
    private: sealable(Private) | None = None  # type: ignore[valid-type]

    @property
    def display_name(self) -> str:
        return self.name.en if self.name else self.id


class CoalitionMembership(Strict):
    id: Id
    joined: Date | None = None
    left: Date | None = None


class Organization(Strict):
    model_config = BUILT_NOW

    id: Id
    name: Names
    short: Text | None = None
    country: Country
    website: Url | None = None
    description: LongText | None = None
    coalitions: list[CoalitionMembership] = []
    sources: Sources = {}


class Bilingual(Strict):
    en: LongText
    uk: LongText


class CriterionDef(Strict):
    id: Id
    text: Bilingual


class Criteria(Strict):
    model_config = BUILT_NOW

    source: Source | None = None
    criteria: list[CriterionDef]
    signs: list[CriterionDef] = []
    exclusions: list[CriterionDef] = []

    @property
    def ids(self) -> dict[str, frozenset[str]]:
        return {kind: frozenset(d.id for d in getattr(self, kind))
                for kind in ("criteria", "signs", "exclusions")}


class Recipient(Strict):
    """Whose key it is, and the key: `age1...` or an SSH public key (`ssh-ed25519 ...`)."""

    label: Text
    key: Annotated[str, Field(pattern=r"^(age1[0-9a-z]{58}|ssh-(ed25519|rsa) [A-Za-z0-9+/=]+( .*)?)$",
                              max_length=2000)]


class Config(Strict):
    model_config = BUILT_NOW

    repository: Literal["public", "private"] = "public"
    timezone: Text = "UTC"
    recipients: list[Recipient] = []  # when set, private blocks and intake files are sealed
    # The published pages ask search engines not to index them only when this is true.
    noindex: bool = False
    # The coalition's name in the pages' header (the site and the release's list).
    coalition: Names | None = None
    # Where the site is published (`kremlinlist site`), for the counter snippet other sites embed.
    site_url: Url | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception:
            raise ValueError(_("not a time zone name; write one like UTC or Europe/Kyiv")) from None
        return value


def _build_before_forking() -> None:
    """A run that forks validates cases in each worker, which would each build their own
    validator (tens of ms) if the parent had not built it before the fork."""
    if not Case.__pydantic_complete__:
        Case.model_rebuild()


before_forking(_build_before_forking)


__all__ = ["Case", "Organization", "Criteria", "Config", "Event", "Source", "Assessment",
           "Names", "Date", "Private", "Sealed", "Recipient", "sealable"]

