"""Proposing which column holds which field, from headers in several languages and from the values.

Everything not mapped is a segment attribute, except technical noise (IP addresses, coordinates,
durations, user agents, derived NPS categories, other timestamps, long free text), which is kept in
`extra` but not offered as a segment.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from nps.importing.dates import choose_reading, date_evidence
from nps.importing.scores import looks_like_scores

FIELDS = ("score", "comment", "date", "respondent", "email", "name", "response_id", "weight")
"""`weight` is never guessed: only a mapping the user confirms (or `--weight`) names it."""
MULTI_COLUMN_FIELDS = ("comment", "name")

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")

SCORE_STRONG = (
    r"\bnps\b|recommend|likely|likelihood|net promoter|\b0 ?(?:to|-|–) ?10\b|polecil|polecenia|polecic|poleci\b"
    r"|prawdopodob|empfehl|wahrscheinlich|recommand|probabilit|recomend|probab"
)
SCORE_WEAK = (
    r"\bscore\b|\brating\b|\brate\b|\bocena\b|\bocen\b|\bwynik\b|bewertung|\bnote\b|puntuacion|calificacion"
    r"|valoracion|\bpunkte?\b"
)
SCORE_NOT = r"\bgroup\b|\bcategory\b|\bsegment\b|\bage\b|\bid\b|progress|duration|\bcount\b|number of"
COMMENT_WORDS = (
    r"comment|\bwhy\b|reason|feedback|verbatim|open ended|explain|tell us|anything else|suggest|improve"
    r"|\btext\b|komentarz|dlaczego|uzasadn|uwag|opini|sugesti|kommentar|warum|begrund|anmerkung|\bgrund\b"
    r"|commentaire|pourquoi|raison|remarque|comentario|por que|porque|razon|motivo|sugerencia"
)
DATE_STRONG = (
    r"submit|complet|recorded|end ?date|response date|responded|timestamp|created|time stamp|zeitstempel"
    r"|horodat|marca temporal|sygnatura czasowa|znacznik czasu|data wypelnienia|data odpowiedzi|ukonczenia"
    r"|fertigstellung|heure de fin|finalizacion|date de reponse|fecha de respuesta|enddatum|erfassungsdatum"
)
DATE_WEAK = (
    r"\bdate\b|\bdatum\b|\bdata\b|\bfecha\b|\btime\b|\bzeit\b|\bczas\b|\bheure\b|\bhora\b|\bgodzina\b|\bwhen\b"
    r"|\bstart|anfang|rozpoczec|debut|inicio|\bday\b|\bdzien\b|\btag\b|\bjour\b|\bdia\b"
)
DATE_NOT = r"birth|\bdob\b|geburt|urodzen|naissance|nacimiento|duration|dauer|czas trwania|duree|duracion|modified"
RESPONDENT = {
    "customerid", "customer", "clientid", "userid", "memberid", "accountid", "customernumber", "contactid",
    "externalreference", "externaldatareference", "externalid", "personid", "respondentid", "idklienta",
    "numerklienta", "klient", "kundennummer", "kundenid", "idclient", "numeroclient", "idcliente",
    "numerodecliente",
}  # fmt: skip
EMAIL = r"e ?mail|\bmail\b|correo|courriel"
FULL_NAME = {
    "name", "fullname", "respondentname", "customername", "clientname", "contactname", "recipientname",
    "imieinazwisko", "nom", "nomcomplet", "nombre", "nombrecompleto", "vollstandigername", "nazwa",
}  # fmt: skip
FIRST_NAME = {"firstname", "recipientfirstname", "vorname", "imie", "prenom", "givenname"}
LAST_NAME = {"lastname", "recipientlastname", "nachname", "nazwisko", "apellido", "apellidos", "surname"}
RESPONSE_ID = {
    "responseid", "#", "id", "submissionid", "token", "antwortid", "idodpowiedzi", "iddereponse",
    "idderespuesta", "recordid", "surveyresponseid", "responsenumber", "identyfikator", "identifiant",
}  # fmt: skip
RESPONSE_ID_EXPLICIT = {
    "responseid", "submissionid", "surveyresponseid", "responsenumber", "antwortid", "idodpowiedzi",
    "iddereponse", "idderespuesta",
}  # fmt: skip
"""Headers that can only mean a response id: taken even when the sample repeats a value (a duplicate row)."""
NOISE = (
    r"\bip\b|ip ?address|ip ?adres|adresse ip|direccion ip|latitude|longitude|breitengrad|langengrad"
    r"|szerokosc geograf|dlugosc geograf|\blat\b|\blng\b|\blon\b|duration|\bdauer\b|czas trwania|\bduree\b"
    r"|duracion|time taken|in seconds|user ?agent|browser|operating system|screen resolution|network id"
    r"|flash version|ballot ?box|recaptcha|relevantid|nps group|npsgroup|\bq (?:url|totalduration)\b"
    r"|import rejected because|import source row"
)
NPS_CATEGORIES = {"promoter", "promoters", "passive", "passives", "detractor", "detractors", "neutral"}
FREE_TEXT_MIN_LENGTH = 30
MIN_SCORE_SHARE = 0.25
"""A column named like a score is taken when this share of its cells are valid; the rest get rejected."""


@dataclass
class Proposal:
    """The proposed use of every column; `fields` lists all columns of a field in order."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)

    def mapping(self) -> dict[str, str]:
        """Field → column; a second comment or name column appears as `comment_2`, `name_2`, …."""
        result: dict[str, str] = {}
        for name, columns in self.fields.items():
            for position, column in enumerate(columns, start=1):
                result[name if position == 1 else f"{name}_{position}"] = column
        return result


def clean_header(text: object) -> str:
    """A header as a person reads it: HTML tags and entities gone, line breaks and runs of spaces as one."""
    if not isinstance(text, str):
        return ""
    text = text.replace("\ufeff", "")
    text = html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text
    return _SPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Lower case, accents and punctuation gone (`Zażółć` → `zazołc`), for keyword matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("ł", "l").replace("ß", "ss")
    return _SPACE.sub(" ", re.sub(r"[^\w#]+", " ", plain).replace("_", " ")).strip()


def compact(text: str) -> str:
    return normalise(text).replace(" ", "")


def _matches(pattern: str, *texts: str) -> bool:
    return any(re.search(pattern, normalise(text)) for text in texts if text)


def _filled(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text[values.notna() & (text != "")]


def _numeric_share(values: pd.Series) -> float:
    filled = _filled(values)
    if filled.empty:
        return 0.0
    return float(pd.to_numeric(filled.str.replace(",", ".", regex=False), errors="coerce").notna().mean())


def _is_category_column(values: pd.Series) -> bool:
    filled = _filled(values).str.casefold()
    return not filled.empty and bool(filled.isin(NPS_CATEGORIES).all())


CONTACT_HEADER = r"e-?mail|phone|\btel\b|telephone|mobile|cell|telefon|komork|handy|portable|correo"
_EMAIL_VALUE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PHONE_VALUE = r"^\+?[\d\s().\-/]{7,24}$"


def _is_contact_column(values: pd.Series, texts: tuple[str, ...]) -> bool:
    """E-mail or phone numbers beyond the mapped contact fields: personal data, never a segment that viewers see
    unmasked in filters, cards and exports; kept with the response instead."""
    filled = _filled(values)
    if filled.empty:
        return False
    if filled.str.match(_EMAIL_VALUE).mean() >= 0.8:
        return True
    digits = filled.str.count(r"\d")
    phones = filled.str.match(_PHONE_VALUE) & digits.between(7, 15)
    formatted = filled.str.contains(r"^\+|[\s().\-/]", regex=True)
    return bool(phones.mean() >= 0.8 and (formatted.mean() >= 0.8 or _matches(CONTACT_HEADER, *texts)))


def _is_free_text(values: pd.Series) -> bool:
    filled = _filled(values)
    if len(filled) < 3 or _numeric_share(values) > 0.5:
        return False
    lengths = filled.str.len()
    distinct = filled.nunique() / len(filled)
    return bool(lengths.mean() >= FREE_TEXT_MIN_LENGTH or (distinct > 0.9 and len(filled) >= 20))


def date_like(values: pd.Series, *, numbers_allowed: bool) -> bool:
    """Whether most filled values read as timestamps; a date-like header lowers the bar and admits numbers."""
    evidence = date_evidence(values)
    if evidence.filled == 0:
        return numbers_allowed
    reading = choose_reading(evidence, numbers_allowed=numbers_allowed)
    if reading is None:
        return False
    if reading.kind == "text":
        return evidence.parsed >= (0.5 if numbers_allowed else 0.8) * evidence.filled
    return True


def propose(
    columns: list[str],
    sample: pd.DataFrame,
    *,
    labels: dict[str, str] | None = None,
    hints: dict[str, list[str]] | None = None,
    known_noise: list[str] | None = None,
) -> Proposal:
    """The proposal for a file whose first rows are `sample` (columns named as in `columns`)."""
    return _Proposer(columns, sample, labels or {}, hints or {}, set(known_noise or [])).run()


def split_rest(
    columns: list[str],
    sample: pd.DataFrame,
    used: set[str],
    *,
    labels: dict[str, str] | None = None,
    known_noise: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """(segments, noise) among the columns a (user-edited) mapping leaves unused."""
    proposer = _Proposer(columns, sample, labels or {}, {}, set(known_noise or []))
    proposer.taken = set(used)
    return proposer.rest()


class _Proposer:
    """One pass over the columns: the fields in order of how reliably they are recognised, then the rest."""

    def __init__(
        self,
        columns: list[str],
        sample: pd.DataFrame,
        labels: dict[str, str],
        hints: dict[str, list[str]],
        known_noise: set[str],
    ) -> None:
        self.columns = [column for column in columns if column in sample.columns]
        self.sample = sample
        self.labels = labels
        self.hints = hints
        self.known_noise = known_noise
        self.taken: set[str] = set()
        self.fields: dict[str, list[str]] = {}

    def run(self) -> Proposal:
        self.take("score", self.hinted("score", self.score_ok) or self.pick_score())
        self.take("response_id", self.hinted("response_id") or self.pick_response_id())
        self.take("date", self.hinted("date", self.date_ok) or self.pick_date())
        self.take("email", self.hinted("email") or self.pick_email())
        self.take("respondent", self.hinted("respondent") or self.pick_by_name(RESPONDENT))
        self.take("name", [column for column in self.hints.get("name", []) if self.free(column)] or self.pick_name())
        self.take("comment", self.hinted("comment") or self.pick_comments())
        segments, noise = self.rest()
        return Proposal(fields=self.fields, segments=segments, noise=noise)

    def rest(self) -> tuple[list[str], list[str]]:
        """(segment columns, noise columns) among the columns no field uses."""
        noise, segments = [], []
        for column in self.columns:
            if column not in self.taken:
                (noise if self.is_noise(column) else segments).append(column)
        return segments, noise

    def texts(self, column: str) -> tuple[str, str]:
        return column, self.labels.get(column, "")

    def free(self, column: str) -> bool:
        return column in self.sample.columns and column not in self.taken

    def take(self, name: str, chosen: list[str]) -> None:
        if chosen:
            self.fields[name] = chosen
            self.taken.update(chosen)

    def hinted(self, name: str, check: Callable[[str], bool] | None = None) -> list[str]:
        for column in self.hints.get(name, []):
            if self.free(column) and (check is None or check(column)):
                return [column]
        return []

    def score_ok(self, column: str) -> bool:
        values = self.sample[column]
        return looks_like_scores(values) >= MIN_SCORE_SHARE or _filled(values).empty

    def date_ok(self, column: str) -> bool:
        header_says = _matches(DATE_STRONG + "|" + DATE_WEAK, *self.texts(column))
        return date_like(self.sample[column], numbers_allowed=header_says)

    def is_noise(self, column: str) -> bool:
        values = self.sample[column]
        return (
            column in self.known_noise
            or _matches(NOISE, *self.texts(column))
            or _is_category_column(values)
            or compact(column) in NPS_CATEGORIES
            or (_matches(DATE_STRONG + "|" + DATE_WEAK, column) and date_like(values, numbers_allowed=True))
            or _is_free_text(values)
            or _is_contact_column(values, self.texts(column))
        )

    def pick_score(self) -> list[str]:
        ranked: list[tuple[int, float, int, str]] = []
        for position, column in enumerate(self.columns):
            if not self.free(column) or _matches(SCORE_NOT, column):
                continue
            texts = self.texts(column)
            weight = 2 if _matches(SCORE_STRONG, *texts) else 1 if _matches(SCORE_WEAK, *texts) else 0
            share = looks_like_scores(self.sample[column])
            if weight and self.score_ok(column):
                ranked.append((weight, share, -position, column))
            elif not weight and share >= 0.95 and not set(_filled(self.sample[column]).unique()) <= {"0", "1"}:
                ranked.append((0, share, -position, column))
        return [max(ranked)[3]] if ranked else []

    def pick_date(self) -> list[str]:
        ranked: list[tuple[int, int, str]] = []
        for position, column in enumerate(self.columns):
            texts = self.texts(column)
            if not self.free(column) or _matches(DATE_NOT, *texts) or not self.date_ok(column):
                continue
            starts = _matches(r"\bstart|anfang|rozpoczec|debut|inicio|began", *texts)
            weight = 1 if starts else 3 if _matches(DATE_STRONG, *texts) else 2 if _matches(DATE_WEAK, *texts) else 0
            ranked.append((weight, -position, column))
        return [max(ranked)[2]] if ranked else []

    def pick_by_name(self, names: set[str], *, unique: bool = False) -> list[str]:
        for column in self.columns:
            if not self.free(column) or compact(column) not in names:
                continue
            filled = _filled(self.sample[column])
            if unique and filled.duplicated().any():
                continue
            return [column]
        return []

    def pick_response_id(self) -> list[str]:
        return self.pick_by_name(RESPONSE_ID_EXPLICIT) or self.pick_by_name(RESPONSE_ID, unique=True)

    def pick_email(self) -> list[str]:
        for column in self.columns:
            if not self.free(column) or not _matches(EMAIL, column):
                continue
            filled = _filled(self.sample[column])
            if (
                filled.empty
                or filled.str.contains("@", regex=False).mean() >= 0.3
                or filled.str.casefold().eq("anonymous").all()
            ):
                return [column]
        return []

    def pick_name(self) -> list[str]:
        for column in self.columns:
            if self.free(column) and compact(column) in FULL_NAME:
                return [column]
        first = next((column for column in self.columns if self.free(column) and compact(column) in FIRST_NAME), None)
        last = next((column for column in self.columns if self.free(column) and compact(column) in LAST_NAME), None)
        return [column for column in (first, last) if column]

    def pick_comments(self) -> list[str]:
        chosen = []
        for column in self.columns:
            values = self.sample[column]
            if (
                self.free(column)
                and _matches(COMMENT_WORDS, *self.texts(column))
                and _numeric_share(values) < 0.5
                and (_filled(values).empty or not date_like(values, numbers_allowed=False))
            ):
                chosen.append(column)
        if chosen:
            return chosen
        best, best_length = None, 0.0
        for column in self.columns:
            if not self.free(column) or _numeric_share(self.sample[column]) >= 0.5:
                continue
            filled = _filled(self.sample[column])
            if len(filled) < 3 or filled.nunique() / len(filled) < 0.5:
                continue
            length = float(filled.str.len().mean())
            if length >= 20 and length > best_length:
                best, best_length = column, length
        return [best] if best else []
