"""Reading sentences and sections: the features significance rules decide on.

Everything is lexical and deterministic: negators, modal verbs, quantities
with units, vocabulary terms, organisation names, e-mail addresses. Section
topics are OPP-115-like labels from the heading and the body's vocabulary.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from functools import cached_property

from policydoc.significance.vocab import Vocabulary

__all__: list[str] = []

NEGATORS = frozenset(
    "not never no none nor neither without cannot can't won't don't doesn't didn't isn't aren't "
    "wouldn't shouldn't mustn't nothing nobody off-limits "
    # The same contractions typed without an apostrophe, as real policies do.
    "cant wont dont doesnt didnt isnt arent wouldnt shouldnt mustnt".split()
)
# Phrases with a negator that negate nothing a user relies on ("without undue delay").
_NOT_NEGATIONS = re.compile(
    r"\bwithout (?:undue |unreasonable )?delay\b|\bwithout (?:any )?(?:charge|cost|fee)\b"
    r"|\bwithout limitation\b|\bnot limited(?: to)?\b|\bno later than\b|\bnot less than\b"
    r"|\bno (?:less|more|fewer|sooner) than\b|\bnot (?:more|later|sooner|fewer) than\b"
    r"|\bno (?:additional |extra )?(?:charge|cost|fee)\b"
    # "Public Act No. 22-15": an abbreviation of "number", not a negation.
    r"|\bno\.\s*\d"
    # "websites not owned by us", "companies we do not own or control": a way of naming third
    # parties, not a refusal.
    r"|\bnot (?:owned|operated|controlled|affiliated)(?: or (?:owned|operated|controlled))? (?:by|with) us\b"
    r"|\bwe do(?:n't| not) (?:own|control|operate)(?: or (?:own|control|operate))?\b"
)
_NEG_PHRASES = re.compile(
    r"\bno longer\b|\bin no (?:event|case)\b|\bunder no circumstances\b"
    # Refusals said without "not": "search terms stay away from marketing providers".
    r"|\b(?:stays?|kept|keeps?|remains?) (?:away from|out of)\b"
    # "Subprocessors are prohibited from using it", "our contracts prohibit vendors from using it".
    r"|\b(?:prohibit|prohibits|prohibited|forbid|forbids|forbidden|bar|bars|barred|preclude|"
    r"precludes|precluded|ban|bans|banned)(?:\s+[\w'-]+){0,3}\s+from\b"
)
_WORD = re.compile(r"[\w'’.-]+|[^\w\s]")
_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "business day": 1.4, "week": 7, "month": 30, "year": 365}
# "twenty-four (24) months": the compound number word is one number, and a numeral in
# brackets after it says which (it wins when both are there).
QUANTITY = re.compile(
    rf"(?<![\w-])(?P<num>\d+(?:[.,]\d+)?|(?:{_TENS})[- ](?:{_ONES})|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"{_TENS}|an?)"
    r"(?:\s*\((?P<paren>\d+)\))?[\s-]+(?P<unit>hours?|(?:business\s+|calendar\s+|working\s+)?days?|weeks?|months?|years?)\b"
)
_AGE = re.compile(
    r"\b(?:under|below|younger than|older than|over|above|at least|aged?|minimum age(?: of| is)?)(?: the age of)?\s+(?P<age>\d{1,2})\b"
    r"(?!\s*(?:days?|weeks?|months?|hours?|%|years?(?! old| of age)))"
    r"|\b(?P<age2>\d{1,2})\s+(?:years? (?:of age|old)|and (?:older|over|up))\b"
)
_AGE_CONTEXT = re.compile(
    r"\bage\b|\baged\b|years old|years of age|\bchild|\bminor|\bteen|\bkid|\bparent|\bstudent|\bunder \d|\byoung"
)
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?%")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_SPELLED = re.compile(
    r"\b([\w.+-]+)\s*(?:\(at\)|\[at\]|\{at\})\s*([\w-]+(?:\.[\w-]+)+)", re.IGNORECASE
)
_PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")
_ISO_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
)
_URL = re.compile(r"https?://\S+|www\.\S+")
_ORG = re.compile(
    r"\b((?:[A-Z][\w&'.-]*\s+){0,4}[A-Z][\w&'.-]*),?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|S\.A\.S?|SAS|S\.A\.R\.L|SARL|"
    r"B\.V|BV|N\.V|plc|PLC|Corp|Corporation|Company|Co|AG|SE|Pty|AB|AS|Oy|S\.p\.A|SpA|LLP|LP|Pte"
    # The same suffixes in capitals, as registered names are often written ("PTE. LTD.").
    r"|INC|LTD|LIMITED|CORP|CORPORATION|COMPANY|PTE|PTY)\b\.?(?:\s+(?:Ltd|LTD|Limited|LIMITED)\b\.?)?"
)
_NAME = re.compile(r"\b[A-Z][\w&'-]*(?:\s+(?:of\s+|&\s+|and\s+)?[A-Z][\w&'-]*)+")
_GENERIC_NAMES = frozenset(
    "privacy policy|privacy notice|privacy statement|terms of service|terms of use|cookie policy|"
    "personal information|personal data|last updated|european union|european economic area|united kingdom|"
    "united states|data protection|general data protection regulation|standard contractual clauses".split(
        "|"
    )
)
_MODAL_COMMIT = frozenset("will shall must always".split())
_MODAL_PERMIT = frozenset("may might can could".split())
_CONDITIONAL = re.compile(
    r"\bonly\b|\bsolely\b|\bunless\b|\bexcept\b|\bwith your (?:prior |express |explicit )?(?:consent|permission|approval)\b|"
    r"\bif you (?:consent|agree|opt in|choose|allow)\b|\bprovided that\b|\bsubject to your\b"
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
DATE_TOKEN = re.compile(
    r"^(?:\d{1,4}(?:st|nd|rd|th)?|"
    + "|".join(_MONTHS)
    + r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})$"
)


_POINTER = re.compile(
    r"\b(?:learn more|to learn|find out more|read more|for more (?:information|details)|more information (?:is|can be)|"
    r"visit (?:here|our|the)|click here|(?:is|are) available (?:here|at|on)|can be found (?:here|at|on)|please (?:see|read|refer|visit)|refer to (?:our|the)|see (?:our|the) [\w\s'’]{0,40}"
    r"(?:notice|policy|statement|page|article|video))\b"
)


def words_of(text: str) -> list[str]:
    if text.isascii():
        # ASCII lower-casing changes no character class: the words are the same when the
        # whole text is lower-cased first, and there is no "’" to replace.
        return [s for w in _WORD.findall(text.lower()) if (s := w.strip("."))]
    return [w.strip(".").lower().replace("’", "'") for w in _WORD.findall(text) if w.strip(".")]


_EMAIL_WORD = re.compile(r"\be-mail")
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})")


class Features:
    """Lazy lexical features of one sentence (lower-cased)."""

    def __init__(self, text: str, vocab: Vocabulary):
        self.raw = text
        self.vocab = vocab
        # Rules ask the same sentence for the same vocabulary many times: each is matched once.
        self._terms: dict[str, frozenset[str]] = {}
        self._has: dict[str, bool] = {}

    @cached_property
    def text(self) -> str:
        """The sentence lower-cased, as the vocabularies read it."""
        # Each pattern runs only when the text holds what its every match needs: most
        # sentences hold no address, no "e-mail" and no cells glued together.
        text = self.raw
        # Addresses are not words: "https://" must not read as a security measure.
        if "http" in text or "www." in text:
            text = _URL.sub(" ", text)
        low = text.lower()
        if low != text:
            # Table cells and list items flattened without a space ("federal lawHealth Data")
            # are split again, so the words in them are seen (only a capital can start one).
            low = _GLUED.sub(" ", text).lower()
        low = low.replace("’", "'")
        # "e-mail" and "email" are one word to every vocabulary.
        return _EMAIL_WORD.sub("email", low) if "e-mail" in low else low

    @cached_property
    def words(self) -> list[str]:
        return words_of(self.raw)

    @cached_property
    def negations(self) -> int:
        benign = len(_NOT_NEGATIONS.findall(self.text))
        return (
            sum(1 for w in self.words if w in NEGATORS)
            + len(_NEG_PHRASES.findall(self.text))
            - benign
        )

    @property
    def negated(self) -> bool:
        return self.negations > 0

    @cached_property
    def conditional(self) -> bool:
        return bool(_CONDITIONAL.search(self.text))

    @cached_property
    def modality(self) -> int:
        """0 prohibited < 1 conditional < 2 permitted (may) < 3 committed (will / plain present)."""
        if self.negated:
            return 0
        if self.conditional:
            return 1
        ws = set(self.words)
        if ws & _MODAL_PERMIT and not ws & _MODAL_COMMIT:
            return 2
        return 3

    def terms(self, category: str) -> set[str]:
        return set(self.matches(category))  # the caller's own set: callers may change it

    def matches(self, category: str) -> frozenset[str]:
        """The terms of *category* in the sentence, matched once per sentence."""
        found = self._terms.get(category)
        if found is None:
            found = self._terms[category] = frozenset(self.vocab.find(category, self.text))
        return found

    def has(self, category: str) -> bool:
        found = self._terms.get(category)
        if found is not None:
            return bool(found)
        known = self._has.get(category)
        if known is None:
            known = self._has[category] = self.vocab.has(category, self.text)
        return known

    @cached_property
    def durations(self) -> list[float]:
        out = []
        for m in QUANTITY.finditer(self.text):
            num = m.group("paren") or m.group("num")
            value: float
            tens, _, ones = num.replace("-", " ").partition(" ")
            if ones and tens in _NUM_WORDS and ones in _NUM_WORDS:
                value = _NUM_WORDS[tens] + _NUM_WORDS[ones]
            elif num in _NUM_WORDS:
                value = _NUM_WORDS[num]
            else:
                try:
                    value = float(num.replace(",", "."))
                except ValueError:
                    continue
            unit = re.sub(r"^(?:calendar|working)\s+", "", m.group("unit")).rstrip("s")
            out.append(float(value) * _UNIT_DAYS.get(unit, 1))
        return out

    @cached_property
    def ages(self) -> list[int]:
        if not _AGE_CONTEXT.search(self.text):
            return []
        return [int(m.group("age") or m.group("age2")) for m in _AGE.finditer(self.text)]

    @cached_property
    def percents(self) -> list[str]:
        return _PERCENT.findall(self.text)

    @cached_property
    def emails(self) -> set[str]:
        found = {e.lower().rstrip(".") for e in _EMAIL.findall(self.raw)}
        # Addresses written against harvesters: "errata2026 (at) pglaf.org".
        found |= {
            f"{m.group(1)}@{m.group(2)}".lower().rstrip(".")
            for m in _EMAIL_SPELLED.finditer(self.raw)
        }
        return found

    @cached_property
    def phones(self) -> set[str]:
        # Dates and timestamps ("2022-04-05", "2021-11-24T10:40:47Z") are not phone numbers.
        return {
            re.sub(r"\D", "", p)
            for p in _PHONE.findall(_ISO_DATE.sub(" ", self.raw))
            if len(re.sub(r"\D", "", p)) >= 8
        }

    @cached_property
    def orgs(self) -> set[str]:
        # Cells glued without a space ("IrelandAutomattic Inc") are split first, and a name
        # starts after any address token with digits ("D02 AY86 Ireland Automattic Inc").
        found = set()
        for m in _ORG.finditer(_GLUED.sub(" ", self.raw)):
            words = re.sub(r"\s+", " ", m.group(0)).rstrip(".,").strip().split(" ")
            while len(words) > 2 and any(ch.isdigit() for ch in words[0]):
                words.pop(0)
            found.add(" ".join(words))
        return found

    @cached_property
    def names(self) -> set[str]:
        """Proper names: runs of two or more capitalised words ("Meridian Ad Partners")."""
        found = set()
        for m in _NAME.finditer(self.raw):
            name = m.group(0).strip()
            if name.lower() not in _GENERIC_NAMES:
                found.add(name)
        return found

    @cached_property
    def about_personal_data(self) -> bool:
        return self.has("personal") or self.has("data_type") or self.has("sensitive")

    @cached_property
    def privacy_relevant(self) -> bool:
        """Mentions personal data, a data practice, a right, security, retention or transfer."""
        return (
            self.about_personal_data
            or self.has("share_verb")
            or self.has("sale")
            or self.has("right")
            or self.has("security")
            or self.has("transfer")
            or self.has("dispute")
            or self.has("tracking")
            or self.has("children")
        )

    @cached_property
    def pointer(self) -> bool:
        """A sentence that only points elsewhere ("learn more", "visit", "see our ... notice")."""
        return bool(_POINTER.search(self.text))

    @cached_property
    def use_verb(self) -> bool:
        return self.has("use_verb")

    @cached_property
    def protective_verb(self) -> bool:
        return self.has("protective_verb")


# -- section topics (OPP-115-like) -----------------------------------------------------

TOPICS: dict[str, tuple[str, ...]] = {
    "collection": (
        "collect",
        "information we",
        "data we",
        "what we",
        "gather",
        "obtain",
        "categories of",
    ),
    "use": ("use", "purpose", "how we", "process", "legal basis", "lawful basis"),
    "sharing": (
        "shar",
        "disclos",
        "third part",
        "recipient",
        "partner",
        "who we",
        "transfer of",
        "sell",
        "sale",
    ),
    "rights": (
        "right",
        "choice",
        "control",
        "access",
        "opt",
        "your options",
        "delete",
        "manage",
        "california",
        "gdpr",
        "ccpa",
    ),
    "retention": ("retention", "retain", "keep", "how long", "storage", "store", "delet"),
    "security": ("secur", "protect", "safeguard", "safety"),
    "children": ("child", "kid", "minor", "age", "student", "teen"),
    "transfer": ("international", "transfer", "outside", "cross-border", "where we"),
    "cookies": ("cookie", "tracking", "analytics", "advertis", "do not track", "pixel"),
    "changes": ("change", "update", "amend", "modif", "revision"),
    "contact": (
        "contact",
        "question",
        "reach us",
        "complaint",
        "dpo",
        "data protection officer",
        "how to reach",
    ),
    "controller": (
        "who we are",
        "about us",
        "controller",
        "introduction",
        "our company",
        "scope",
        "overview",
    ),
    "dispute": ("arbitration", "dispute", "governing law", "jurisdiction", "liability"),
}
_BODY_TOPIC_VOCAB = {
    "collection": "collect_verb",
    "sharing": "recipient",
    "rights": "right",
    "retention": "retention",
    "security": "security",
    "children": "children",
    "transfer": "transfer",
    "cookies": "tracking",
    "dispute": "dispute",
}


def topic_of(title: str, body: str, vocab: Vocabulary) -> str:
    """Classify a section by its heading, falling back to the vocabulary of its body."""
    t = title.lower()
    for topic, keys in TOPICS.items():
        if any(k in t for k in keys):
            # Order matters: "Children's data we collect" is about children first.
            if topic == "collection" and any(k in t for k in TOPICS["children"]):
                return "children"
            return topic
    counts = Counter(
        {topic: len(vocab.find(cat, body.lower())) for topic, cat in _BODY_TOPIC_VOCAB.items()}
    )
    best, n = counts.most_common(1)[0] if counts else ("other", 0)
    return best if n >= 2 else "other"


@functools.lru_cache(maxsize=4096)
def negative_heading(title: str) -> bool:
    """A heading that states what does *not* happen ("What we do not share")."""
    return any(
        w in NEGATORS or w.startswith(("prohibit", "forbid", "restrict")) for w in words_of(title)
    )


def negative_contexts(
    sentences: Sequence[Features], titles: Sequence[str] | None = None
) -> list[bool]:
    """Is each sentence read as a prohibition by its context: a heading such as "What we
    never do" (*titles*: the section title of each sentence), or a lead-in such as
    "We will not: (i) ...; (ii) ...; or (iii) ..."?"""
    if titles is None:
        titles = [""] * len(sentences)
    out: list[bool] = []
    lead_in = False
    for k, (f, title) in enumerate(zip(sentences, titles, strict=True)):
        if k and titles[k - 1] != title:
            lead_in = False
        out.append(negative_heading(title) or lead_in)
        end = f.raw.rstrip()[-1:]
        if end in ":;" and _negative_lead_in(f.raw):
            lead_in = True  # the list of what is ruled out starts
        elif end != ";":
            lead_in = False  # the last item ends the list
    return out


def _negative_lead_in(raw: str) -> bool:
    """ "We will not:" or "Chalkline shall never:", but not "for no other purpose, namely:"."""
    head, colon, _ = raw.partition(":")
    if not colon:
        return False
    # "Things we never do with Your Content:": a subject refusing, anywhere in a short head.
    return any(w in NEGATORS for w in words_of(head)[-2:]) or bool(
        len(words_of(head)) <= 14 and _SUBJECT_REFUSES.search(head.lower())
    )


_SUBJECT_REFUSES = re.compile(
    r"\b(?:we|it|they|[a-z]+)\s+(?:will\s+|shall\s+|must\s+|do\s+|does\s+|would\s+)?"
    # "does not apply to:" and "not only:" introduce exceptions or examples, not refusals.
    r"(?:never|not)\b(?!\s+(?:only|just|limited|apply|applies|cover|covers|include|includes|exceed))"
)
