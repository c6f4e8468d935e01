"""Seeded synthetic corpus shaped like the page dumps in ``data/raw``.

Every file is a page dump as the seeds are: a title line (sometimes missing),
a dateline in one of several formats (or none, then sometimes a date in the
prose such as "On June 13", with or without a year elsewhere), a
"Highlights" block in one of the two bullet styles, body paragraphs with
section headings and the odd bullet list, a state-media disclaimer, the
site's boilerplate blocks (sidebar, author bio, newsletter, comment form,
share and category lines) and, for a share of the files, the mojibake of
UTF-8 read as Windows-874 (full and lossy) or a Windows-1252 encoded file.

The text is generated from the word lists and templates below (written for
this generator) plus a Zipf-distributed vocabulary of pronounceable
pseudo-words, so that the TF-IDF vocabulary grows with the corpus the way a
real archive's does. Files are nested by year and month.

Each file depends only on ``(seed, index)``: the same seed gives the same
bytes, whatever the number of files or worker processes.

Examples
--------
>>> from benchmarks.generate import generate
>>> manifest = generate(20, "/tmp/reex-demo", seed=0)   # doctest: +SKIP
>>> manifest["files"]                                    # doctest: +SKIP
20

Command line::

    python -m benchmarks.generate --n 10000 --out benchmarks/_corpus/10k --seed 0
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["GENERATOR_VERSION", "SIZES", "generate", "render_file", "ensure_corpus", "parse_size", "main"]

#: Bump when the output of a given (seed, index) changes.
GENERATOR_VERSION = "1"

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

# ---------------------------------------------------------------------------
# Mojibake: UTF-8 bytes read as Windows-874. Bytes that code page leaves
# undefined come out as their Windows-1252 character when there is one
# (0x99 -> ™, 0x9C -> œ) and vanish otherwise (0x9D), as in the seeds.


def _cp1252_fallback(exc: UnicodeDecodeError):
    chunk = exc.object[exc.start:exc.end]
    out = []
    for b in chunk:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
    return "".join(out), exc.end


codecs.register_error("reexbench_cp1252_fallback", _cp1252_fallback)


def _mojibake_full(text: str) -> str:
    return text.encode("utf-8").decode("cp874", errors="reexbench_cp1252_fallback")


def _mojibake_lossy(text: str) -> str:
    # Only the lead byte survives: ’ -> โ, “ -> โ, — -> โ, © -> ย.
    table = {}
    for ch in set(text):
        if ord(ch) > 127:
            lead = ch.encode("utf-8")[:1]
            table[ord(ch)] = lead.decode("cp874", errors="reexbench_cp1252_fallback")
    return text.translate(table)


# ---------------------------------------------------------------------------
# Word lists (written for this generator).

THEME_TERMS = {
    "resource_security": [
        "exploration", "reserves", "proven reserves", "deposit", "feedstock", "ore grade",
        "mining rights", "stockpile", "strategic reserve", "supply security", "mineral exploration",
        "prospecting", "tailings", "concentrate", "mine expansion", "resource base",
        "long-term supply", "geological survey", "extraction quota", "drilling", "ore body",
        "resource security", "mining licence", "exploration campaign",
    ],
    "value_chain_integration": [
        "industrial chain", "vertical integration", "downstream applications", "upstream resources",
        "magnet plant", "permanent magnets", "new materials base", "chain owner",
        "one-stop solutions", "industrial park", "supply-demand coordination", "processing capacity",
        "alloy production", "integrated production", "applications base", "industrial ecosystem",
        "offtake agreements", "polishing powder", "hydrogen storage alloys", "value chain",
        "separation plants", "downstream customers",
    ],
    "party_discipline": [
        "Party committee", "ideology", "discipline inspection", "rectification", "study session",
        "cadres", "anti-corruption", "political loyalty", "Party building", "self-revolution",
        "central directives", "inspection team", "conduct rules", "special privileges",
        "theoretical study", "leading group", "supervision", "integrity education",
        "Party discipline", "ideological work", "political accountability",
    ],
    "technology_standards": [
        "research and development", "breakthrough", "national standard", "patents", "laboratory",
        "talent pipeline", "commercialisation", "innovation platform", "pilot line", "new materials",
        "technical specification", "academicians", "key technologies", "digital transformation",
        "testing centre", "scientific research", "industrial AI", "certification", "standards",
        "engineering centre", "process innovation",
    ],
    "geopolitics_trade": [
        "export controls", "tariffs", "allies", "dependence", "reshoring", "diversification",
        "trade war", "sanctions", "Washington", "national security", "critical minerals policy",
        "supply chain resilience", "licensing regime", "the Pentagon", "friend-shoring",
        "retaliation", "export licences", "strategic competition", "trade tensions",
        "defense supply chains", "countermeasures",
    ],
    "markets_pricing": [
        "prices", "oxide prices", "trading volume", "spot market", "investors", "profits",
        "quotation", "futures", "margins", "price index", "demand outlook", "inventory", "revenue",
        "earnings", "share price", "listed companies", "listing price", "auction",
        "price volatility", "quarterly results", "market sentiment",
    ],
}
THEMES = list(THEME_TERMS)

# Entities, each with the names it goes by (the first is the canonical one).
COMPANIES = [
    ["Baogang", "Baotou Iron & Steel Group", "Baotou Iron and Steel", "Baotou Steel Group",
     "Baotou Steel", "Baogang Group"],
    ["China Northern Rare Earth", "Northern Rare Earth", "Baotou Steel Rare Earth", "BSRE"],
    ["Baotou Rare Earth Products Exchange"],
    ["Sen Gong Group", "Inner Mongolia Forest Industry Group"],
    ["China Rare Earth Group"],
    ["MP Materials"], ["Lynas"], ["USA Rare Earth"], ["Energy Fuels"], ["Iluka"],
    ["Neo Performance Materials"],
]
PLACES = [
    ["Bayan Obo", "Baiyun Obo", "Bayan Obo Mining District"], ["Baotou"], ["Inner Mongolia"],
    ["Hulunbuir"], ["Ordos"], ["Beijing"], ["Ganzhou"], ["Jiangxi"], ["Hohhot"],
]
ORGS = [
    ["the Chinese Communist Party", "CCP"], ["SASAC", "Inner Mongolia SASAC"],
    ["the Chinese Society of Rare Earths", "CSRE"], ["the National People's Congress"],
    ["Rare Earth Exchanges", "REEx"], ["the United States", "U.S.", "America"],
]
PROGRAMS = ["two rare-earth bases", "five major tasks", "strategic mineral exploration campaign"]
ELEMENTS = [
    "lanthanum", "cerium", "praseodymium", "neodymium", "samarium", "dysprosium", "terbium",
    "yttrium", "europium", "gadolinium",
]
PEOPLE = [
    ("Meng Fanying", "Party Secretary and Chairwoman of Baotou Iron & Steel Group (Baogang)"),
    ("Li Xiao", "General Manager of Baogang"),
    ("Li Bo", "president of the Chinese Society of Rare Earths"),
    ("Zhang Liang", "Party Secretary and Chairman of the Sen Gong Group"),
    ("Ji Yongqian", "Mayor of Hulunbuir"),
    ("Zhang Dong", "Deputy Director of Inner Mongolia SASAC"),
    ("Xi Jinping", "China's top leader"),
]
_SURNAMES = ["Wang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
             "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Tang", "Han", "Feng"]
_GIVEN = ["Wei", "Jun", "Hong", "Min", "Jing", "Lei", "Qiang", "Yan", "Hua", "Ping", "Tao",
          "Xin", "Bin", "Yun", "Gang", "Hui", "Jie", "Ling", "Peng", "Rui", "Shan", "Yu"]
_ROLES = ["deputy general manager", "chief engineer", "a senior analyst", "head of the provincial bureau",
          "vice mayor", "secretary of the discipline commission", "director of the research institute",
          "a trader in Shanghai", "chairman of a magnet maker", "a procurement manager"]

GENERAL = (
    "company group plant project output production capacity market industry sector officials "
    "government policy plan year quarter month week report meeting conference talks visit "
    "delegation cooperation agreement partnership investment growth development strategy region "
    "province city enterprise enterprises state-owned leadership chairman director manager "
    "engineers workers analysts observers experts statement readout media announcement target "
    "targets goals progress results efficiency quality cost costs energy power coal steel "
    "metals materials magnets oxides alloys technology equipment facility facilities site "
    "operations expansion construction upgrade transformation reform pressure risk risks "
    "challenge challenges opportunity advantage advantages signal signals outlook future demand "
    "supply chains system systems network platform model approach framework program priority "
    "priorities sources share scale volume level levels rate record increase decline rise fall "
    "tonnes projects customers suppliers partners competitors rivals "
    "ministry bureau council commission office administration authorities national local global "
    "international domestic foreign western eastern northern southern major key critical "
    "strategic industrial economic political technical commercial financial public private "
    "major new large small high low long short rapid steady broad deep clear strong weak "
    "said says noted stressed added called pledged urged expects plans aims seeks wants needs "
    "continues remains shows suggests reflects marks underscores drives supports "
    "builds expands extends strengthens accelerates deepens signed launched opened completed "
    "announced approved reviewed discussed studied visited hosted attended convened framed"
).split()
FUNCTION = (
    "the of and to in a for on that with as by is its at from be this are was has have it will "
    "an or which more not but their also into over than after such while about these other "
    "both between under across most all new any those through up"
).split()
_FUNCTION_WEIGHTS = np.array([1.0 / (r + 1) ** 0.9 for r in range(len(FUNCTION))])

_ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "ch", "sh", "th", "tr", "st", "br", "gr", "pl", "cr", "dr", "fl", "qu"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "ia"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "nd", "st", "x"]


def _pseudo_vocabulary(size: int = 40_000) -> list[str]:
    """Pronounceable made-up words, fixed for every seed (the corpus' long tail)."""
    rng = random.Random(874)
    taken = set(GENERAL) | set(FUNCTION) | {w.lower() for t in THEME_TERMS.values() for p in t for w in p.split()}
    for names in COMPANIES + PLACES + ORGS:
        taken |= {w.lower() for n in names for w in n.split()}
    words, seen = [], set()
    while len(words) < size:
        w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3)))
        w += rng.choice(_CODAS)
        if len(w) >= 4 and w not in seen and w not in taken:
            seen.add(w)
            words.append(w)
    return words


_PSEUDO = _pseudo_vocabulary()
# One array of filler vocabulary with cumulative weights: function words 45%
# of tokens, general news words 35%, the Zipf-distributed long tail 20%.
_FILLER = np.array(FUNCTION + GENERAL + _PSEUDO, dtype=object)
_zipf = 1.0 / np.arange(1, len(_PSEUDO) + 1) ** 1.05
_weights = np.concatenate([
    0.45 * _FUNCTION_WEIGHTS / _FUNCTION_WEIGHTS.sum(),
    np.full(len(GENERAL), 0.35 / len(GENERAL)),
    0.20 * _zipf / _zipf.sum(),
])
_FILLER_CUM = np.cumsum(_weights)
_FILLER_CUM /= _FILLER_CUM[-1]

# ---------------------------------------------------------------------------
# Templates. Slots: {org} {org2} {person} {place} {place2} {elem} {elem2}
# {t} {t2} (terms of the article's theme) {x} (a term of any theme) {num}
# {pct} {year} {program} {bayan}.

SENTENCES = {
    "resource_security": [
        "{org} is stepping up {t} around {bayan} to secure {t2} for the next decade.",
        "{person} said the group would treat {t} as a matter of national importance.",
        "Geologists working for {org} reported new {t} near {place}, with {num} million tonnes of ore under review.",
        "The plan ties {t} to the {program}, giving {org} first claim on {t2}.",
        "Officials in {place} promised faster approvals for {t} and {t2}.",
        "{org} wants {t} that covers demand for {elem} and {elem2} well beyond {year}.",
        "The push for {t} reflects worries about falling ore grades at {bayan}.",
        "Local authorities granted {org} new {t} covering {num} square kilometres.",
        "\"Resources are the foundation,\" {person} said, urging faster {t}.",
        "The region's {t} -- and {org}'s claim on it -- is the real story.",
    ],
    "value_chain_integration": [
        "{org} and the government of {place} agreed to build an {t} linking {t2} with {x}.",
        "{person} described the project as a model of {t} for the whole region.",
        "The {t} in {place} is meant to keep {elem} inside the province rather than ship it out as oxide.",
        "Under the {program}, {org} is positioned as the {t} for {t2}.",
        "{org} pledged {t} to manufacturers of wind turbines, electric vehicles and {t2}.",
        "Planners want {t} to capture more of the margin on {elem} products.",
        "The agreement covers {t}, {t2} and joint work on {x}.",
        "{org} expects its {t} in {place} to reach {num} thousand tonnes a year.",
        "{org} pledged \"one-stop\" support for {t} -- from ore to finished magnets.",
    ],
    "party_discipline": [
        "The {t} of {org} held a {t2} on the latest {x} from Beijing.",
        "{person} told cadres that {t} must come before output targets.",
        "Attendees were asked to study the speeches of Xi Jinping word for word and to carry out {t}.",
        "The meeting called for {t} and an end to {t2} among managers.",
        "An {t} from the provincial commission will review {org} this year.",
        "{person} said {t} and {t2} would be written into every unit's annual goals.",
        "Such sessions have become routine at {org} since the {program} began.",
        "The readout stressed {t}, {t2} and loyalty to the CCP.",
        "{person} said Xi's call for {t} carries \"special demands\" for managers at {org}.",
        "Cadres must carry out \"strict reform\" -- above all on {t}.",
    ],
    "technology_standards": [
        "{org} and CSRE agreed to work together on {t} and {t2} for {elem} materials.",
        "{person} said {t} would decide who leads the next generation of magnets.",
        "A new {t} in {place} will test {t2} before they reach production lines.",
        "The partners expect a {t} in {elem} separation within {num} months.",
        "Domestic {t} could harden into global norms that foreign buyers must follow.",
        "{org} filed {num} {t} last year, most of them on {t2}.",
        "The {t} backs the {program} with work on {t2}.",
        "Engineers at {org} are moving {t} from the laboratory to a {t2}.",
        "The partners want to go \"from bench to line\" faster -- with {t} first.",
    ],
    "geopolitics_trade": [
        "The move comes as {t} and {t2} reshape trade in {elem} between China and the U.S.",
        "{person} said {t} had shown how exposed buyers remain.",
        "In Washington, officials weighed {t} against the risk of {t2}.",
        "Analysts at Rare Earth Exchanges see the step as part of a wider contest over {t}.",
        "{org} and Lynas are often cited as the answer to {t}, yet both remain small next to Chinese output.",
        "Allied governments are funding {t} and {t2} to cut {x}.",
        "Beijing has used {t} before, and investors expect more {t2}.",
        "For the United States the lesson is about {t}, not only about {elem}.",
        "For {place}, the message is plain -- {t} is now policy, and {t2} will follow.",
    ],
    "markets_pricing": [
        "{elem} {t} rose {pct} percent on the Baotou Rare Earth Products Exchange this month.",
        "{person} said {t} and {t2} would guide sales plans for the quarter.",
        "Traders reported thin {t} as {t2} weakened.",
        "China Northern Rare Earth raised its {t} for {elem} oxide by {pct} percent.",
        "{org} reported {t} of {num} million yuan, with {t2} improving.",
        "The {t} for {elem} and {elem2} fell for a third week as buyers waited.",
        "Investors watched {t} closely after {org} announced new {t2}.",
        "Higher {t} lifted {t2} at listed producers in {place}.",
        "\"Buyers are waiting,\" one trader said of {t} and {t2}.",
    ],
}
GENERAL_SENTENCES = [
    "{person}, {role}, led a delegation to {place} to discuss {x}.",
    "The visit to {place} followed talks in {place2} on {x}.",
    "{org} is the largest producer of {elem} in {place}.",
    "The readout gave few details and no figures on {x}.",
    "Rare Earth Exchanges has followed {org} closely since {year}.",
    "The meeting in {place} drew officials from {org} and {org2}.",
    "{org} did not disclose the terms of the deal.",
    "The {program} remains the frame for most of these announcements.",
    "It is not clear how quickly the plans for {x} will move.",
    "Both sides promised to widen cooperation on {x}.",
    "{person} said the partnership has \"great potential\" -- especially in {x}.",
    "It's a signal that {org}'s plans for {x} are moving.",
]
HEADINGS = ["Why Relevant?", "REEx Take", "Final Thoughts", "REEx Intelligence",
            "So what are some implications?", "The read for investors", "What actually changed this week",
            "Why is this newsworthy for U.S. and allied planners"]
LIST_LEADS = ["Key questions arise for global investors:", "Key industrial domains included:",
              "The agreement covers:", "Points to watch:"]
TITLE_TEMPLATES = [
    "{Org} Deepens {T} Push in {Place}",
    "{Org} Signals New Phase of {T}",
    "{Person} Calls for {T} at {Org}",
    "{T} Takes Center Stage as {Org} Meets {Org2}",
    "China's {Elem} Sector: {T} and {T2}",
    "{Org} and {Place} Bet on {T}",
    "Why {T} Matters for {Org}'s Next Move",
    "{Org} Studies {T} as {T2} Shifts",
]
DISCLAIMERS = [
    "Disclaimer: This news item originates from media of a Chinese state-owned entity. Details should be independently verified.",
    "Disclaimer: This news item originates from the media of a Chinese state-owned entity (Baogang Daily/house media). Details should be independently verified.",
]
BIO = ("Inspired to launch Rare Earth Exchanges in part by a long interest in geology and mineral markets, "
       "he writes about how free market economies can build their own rare earth supply chains.")
NEWSLETTER = [
    "Straight Into Your Inbox", "Straight Into Your Inbox",
    "Receive a Daily News Update Intended to Help You Keep Pace With the Rapidly Evolving REE Market.",
    "Fantastic! Thanks for subscribing, you won't regret it.",
]
COMMENTS = ["0 Comments", "Submit a Comment",
            "Your email address will not be published. Required fields are marked *"]
REPLY = ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
SHARE = ["Spread the word:", "CATEGORIES: , , ,"]
WP_RESIDUE = "\u00a9!-- /wp:paragraph -->"
LINK_RESIDUE = " (opens in a new tab)"

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_START = dt.date(2019, 1, 1)
_END = dt.date(2025, 12, 31)
_SLOT = re.compile(r"\{(\w+)\}")

# Shares of the files (chosen from the seeds: 2 of 5 are mojibake).
MOJIBAKE_FULL = 0.20
MOJIBAKE_LOSSY = 0.10
CP1252_FILE = 0.02
BAD_KINDS = ("empty", "binary", "boilerplate_only", "duplicate")


# ---------------------------------------------------------------------------
# One article.

class _Article:
    """Random choices for one article; ``render`` lays them out as a page dump."""

    def __init__(self, seed: int, index: int):
        self.rng = random.Random(f"reexbench:{seed}:{index}")
        self.np = np.random.default_rng([seed, index, 874])
        r = self.rng
        self.theme = r.choice(THEMES)
        self.theme2 = r.choice(THEMES)
        # Later years hold more articles, as an archive that grows.
        days = (_END - _START).days
        self.date = _START + dt.timedelta(days=int(days * r.random() ** 0.7))
        self.companies = r.sample(COMPANIES, 3)
        if r.random() < 0.7:
            self.companies[0] = COMPANIES[0]  # most stories are about Baogang
        self.places = r.sample(PLACES, 3)
        people = r.sample(PEOPLE, r.randint(1, 2))
        for _ in range(r.randint(0, 2)):
            people.append((f"{r.choice(_SURNAMES)} {r.choice(_GIVEN)}", r.choice(_ROLES)))
        self.people = people
        self.named: set[str] = set()
        self.elements = r.sample(ELEMENTS, 3)
        self.orgs = r.sample(ORGS, 2)
        self.allow_years = True

    # -- slot filling ------------------------------------------------------
    def _alias(self, names: list[str]) -> str:
        r = self.rng
        return names[0] if len(names) == 1 or r.random() < 0.55 else r.choice(names[1:])

    def _person(self) -> str:
        name, role = self.rng.choice(self.people)
        surname = name.split()[0]
        shared = sum(1 for n, _ in self.people if n.split()[0] == surname) > 1
        if name in self.named and not shared:
            return surname
        self.named.add(name)
        return name

    def _fill(self, slot: str, theme: str) -> str:
        r = self.rng
        if slot == "org":
            return self._alias(r.choice(self.companies[:2]) if r.random() < 0.8 else r.choice(self.orgs))
        if slot == "org2":
            return self._alias(self.companies[2])
        if slot == "person":
            return self._person()
        if slot in ("place", "place2"):
            return self._alias(self.places[0 if slot == "place" else 1] if r.random() < 0.7 else r.choice(PLACES))
        if slot == "bayan":
            return self._alias(PLACES[0])
        if slot in ("elem", "elem2"):
            return self.elements[0 if slot == "elem" else 1] if r.random() < 0.8 else r.choice(ELEMENTS)
        if slot in ("t", "t2"):
            return r.choice(THEME_TERMS[theme])
        if slot == "x":
            return r.choice(THEME_TERMS[r.choice(THEMES)])
        if slot == "num":
            return str(r.randint(2, 480))
        if slot == "pct":
            return str(r.randint(1, 35))
        if slot == "year":
            return str(self.date.year - r.randint(0, 4))
        if slot == "program":
            return r.choice(PROGRAMS)
        raise KeyError(slot)

    def _template(self, pool: list[str], theme: str) -> str:
        options = pool if self.allow_years else [t for t in pool if "{year}" not in t]
        text = self.rng.choice(options)
        if "{role}" in text:  # the role belongs to the person named just before
            name, role = self.rng.choice(self.people)
            self.named.add(name)
            text = text.replace("{person}", name, 1).replace("{role}", role)
        text = _SLOT.sub(lambda m: self._fill(m.group(1), theme), text)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        r = self.rng.random()
        if r < 0.62:
            return self._template(SENTENCES[self.theme], self.theme)
        if r < 0.80:
            return self._template(SENTENCES[self.theme2], self.theme2)
        return self._template(GENERAL_SENTENCES, self.theme)

    def filler(self, n_sentences: int) -> list[str]:
        lengths = self.np.integers(8, 24, size=n_sentences)
        idx = np.searchsorted(_FILLER_CUM, self.np.random(int(lengths.sum())))
        words = _FILLER[idx].tolist()
        out, at = [], 0
        for n in lengths.tolist():
            chunk = words[at:at + n]
            at += n
            chunk[0] = chunk[0].capitalize()
            out.append(" ".join(chunk) + ".")
        return out

    def paragraph(self) -> str:
        r = self.rng
        n_real = r.randint(2, 5)
        sentences = [self.sentence() for _ in range(n_real)]
        for s in self.filler(r.randint(1, 3)):
            sentences.insert(r.randint(0, len(sentences)), s)
        if r.random() < 0.06:
            sentences[-1] = sentences[-1][:-1] + LINK_RESIDUE + "."
        return " ".join(sentences)

    def title(self) -> str:
        r = self.rng
        t = r.choice(TITLE_TEMPLATES)
        fills = {
            "Org": self._alias(self.companies[0]), "Org2": self._alias(self.companies[2]),
            "Place": self.places[0][0], "Person": self.people[0][0],
            "Elem": self.elements[0].capitalize(),
            "T": _title_case(r.choice(THEME_TERMS[self.theme])),
            "T2": _title_case(r.choice(THEME_TERMS[self.theme2])),
        }
        return _SLOT.sub(lambda m: fills[m.group(1)], t)

    def headline_for_sidebar(self) -> str:
        r = self.rng
        fills = {
            "Org": self._alias(r.choice(COMPANIES)), "Org2": self._alias(r.choice(COMPANIES)),
            "Place": r.choice(PLACES)[0], "Person": r.choice(PEOPLE)[0],
            "Elem": r.choice(ELEMENTS).capitalize(),
            "T": _title_case(r.choice(THEME_TERMS[r.choice(THEMES)])),
            "T2": _title_case(r.choice(THEME_TERMS[r.choice(THEMES)])),
        }
        return _SLOT.sub(lambda m: fills[m.group(1)], r.choice(TITLE_TEMPLATES))


_QUOTED = re.compile(r'"([^"\n]*)"')


def _punctuate(text: str, *, smart: bool) -> str:
    """Typographic quotes, apostrophes and dashes (most pages), or plain ASCII."""
    if smart:
        return _QUOTED.sub("\u201c\\1\u201d", text).replace("'", "\u2019").replace(" -- ", "\u2014")
    return text.replace(" -- ", " - ")


def _title_case(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def _dateline(date: dt.date, r: random.Random) -> str:
    style = r.random()
    if style < 0.6:
        return f"{_MONTHS[date.month - 1][:3]} {date.day}, {date.year}"
    if style < 0.8:
        return f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"
    if style < 0.9:
        return date.isoformat()
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def _boilerplate_tail(a: _Article, r: random.Random) -> list[list[str]]:
    """Blocks of site chrome after the article, in one of the seeds' orders."""
    sidebar = ["Search", "Recent Reex News"] + [a.headline_for_sidebar() for _ in range(5)]
    bio = ["By Daniel", BIO]
    style = r.random()
    if style < 0.35:
        blocks = [[WP_RESIDUE], sidebar, bio, COMMENTS, NEWSLETTER, NEWSLETTER]
    elif style < 0.6:
        blocks = [SHARE, REPLY]
    elif style < 0.75:
        blocks = [REPLY[:1]]
    elif style < 0.9:
        blocks = [[WP_RESIDUE], COMMENTS[:1]]
    else:
        blocks = [sidebar, SHARE, REPLY, NEWSLETTER]
    return blocks


def _article_text(seed: int, index: int) -> tuple[str, dt.date, dict]:
    """The clean (UTF-8, unbroken) text of article ``index`` and facts about it."""
    a = _Article(seed, index)
    r = a.rng
    spaced = r.random() < 0.6  # blank lines and '  • ' bullets, else single lines and '- '
    bullet = "  • " if spaced else "- "
    has_title = r.random() < 0.7
    date_mode = r.random()
    # dateline 55%; prose date with its year 15%; "On June 13" with a year
    # elsewhere 10%; "On June 13" and no year anywhere 8%; no date 12%.
    if date_mode < 0.55:
        kind = "dateline"
    elif date_mode < 0.70:
        kind = "text_full"
    elif date_mode < 0.80:
        kind = "text_year_elsewhere"
    elif date_mode < 0.88:
        kind = "text_no_year"
    else:
        kind = "none"
    a.allow_years = kind not in ("text_no_year", "none")

    lines: list[str] = []
    if has_title:
        lines.append(a.title())
    if kind == "dateline":
        lines.append(_dateline(a.date, r))

    if r.random() < 0.92:
        lines.append("Highlights")
        bullets = [bullet + a.sentence() for _ in range(r.randint(3, 7))]
        if spaced:
            lines.append("\n".join(bullets))
        else:
            lines.extend(bullets)

    month_day = f"{_MONTHS[a.date.month - 1]} {a.date.day}"
    paragraphs = [a.paragraph() for _ in range(r.randint(4, 11))]
    if kind == "text_full":
        paragraphs[0] = f"On {month_day}, {a.date.year}, " + paragraphs[0][0].lower() + paragraphs[0][1:]
    elif kind in ("text_year_elsewhere", "text_no_year"):
        paragraphs[0] = f"On {month_day}, " + paragraphs[0][0].lower() + paragraphs[0][1:]
        if kind == "text_year_elsewhere":
            follow = a.sentence()
            paragraphs.insert(1, f"It was the group's {r.choice(['third', 'fifth', 'eighth'])} such meeting "
                                 f"of {a.date.year}, and {follow[0].lower()}{follow[1:]}")

    body: list[str] = []
    for i, p in enumerate(paragraphs):
        body.append(p)
        if i == len(paragraphs) // 2 and r.random() < 0.35:
            body.append(r.choice(LIST_LEADS))
            items = [bullet + a.sentence() for _ in range(r.randint(2, 4))]
            if spaced:
                body.append("\n".join(items))
            else:
                body.extend(items)
    if r.random() < 0.7:
        at = max(1, len(body) - r.randint(1, 2))
        body[at:at] = [r.choice(HEADINGS)]
    lines.extend(body)

    disclaimer = r.random() < 0.3
    if disclaimer:
        lines.append(r.choice(DISCLAIMERS))

    text = ("\n\n" if spaced else "\n").join(lines)
    tail = ("\n\n" if spaced else "\n").join(line for block in _boilerplate_tail(a, r) for line in block)
    text = _punctuate(text, smart=r.random() < 0.7) + ("\n\n" if spaced else "\n") + tail
    facts = {"date": a.date.isoformat(), "date_kind": kind, "title": has_title, "theme": a.theme,
             "disclaimer": disclaimer}
    return text, a.date, facts


def _bad_kind(seed: int, index: int, bad_rate: float) -> str | None:
    if bad_rate <= 0 or index == 0:
        return None
    r = random.Random(f"reexbench-bad:{seed}:{index}")
    if r.random() >= bad_rate:
        return None
    return r.choice(BAD_KINDS)


def render_file(seed: int, index: int, *, bad_rate: float = 0.0) -> tuple[str, bytes, dict]:
    """Return ``(relative_path, content, facts)`` for file ``index`` of a corpus.

    Parameters
    ----------
    seed : int
        Corpus seed.
    index : int
        File number; the file depends on ``(seed, index)`` only.
    bad_rate : float, default=0.0
        Probability that the file is deliberately bad (empty, binary,
        boilerplate only, or a duplicate of the previous file under another
        name); ``facts["bad"]`` then names the kind.
    """
    text, date, facts = _article_text(seed, index)
    r = random.Random(f"reexbench-enc:{seed}:{index}")
    u = r.random()
    if u < MOJIBAKE_FULL:
        encoding, content = "mojibake_cp874", _mojibake_full(text).encode("utf-8")
    elif u < MOJIBAKE_FULL + MOJIBAKE_LOSSY:
        encoding, content = "mojibake_lossy", _mojibake_lossy(text).encode("utf-8")
    elif u < MOJIBAKE_FULL + MOJIBAKE_LOSSY + CP1252_FILE:
        encoding, content = "cp1252", text.encode("cp1252", errors="replace")
    else:
        encoding, content = "utf-8", text.encode("utf-8")
    facts["encoding"] = encoding
    bad = _bad_kind(seed, index, bad_rate)
    facts["bad"] = bad
    if bad == "empty":
        content = b""
    elif bad == "binary":
        content = b"\x89PNG\r\n\x1a\n" + np.random.default_rng([seed, index, 1]).bytes(2048)
    elif bad == "boilerplate_only":
        content = "\n\n".join(REPLY + SHARE + NEWSLETTER).encode("utf-8")
    digest = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:16]
    rel = f"{date.year}/{date.month:02d}/{index:06d}_{digest}.txt"
    if bad == "duplicate":
        # Beside the original and sorting after it, so the loader keeps the original.
        original, content, _ = render_file(seed, index - 1, bad_rate=0.0)
        rel = f"{original.rsplit('/', 1)[0]}/{index:06d}_{digest}.txt"
    return rel, content, facts


def _write_range(args: tuple[str, int, int, int, float]) -> list[tuple[str, dict]]:
    out, seed, start, stop, bad_rate = args
    root = Path(out)
    made: set[Path] = set()
    written = []
    for i in range(start, stop):
        rel, content, facts = render_file(seed, i, bad_rate=bad_rate)
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(content)
        written.append((rel, facts))
    return written


def generate(n: int, out, *, seed: int = 0, start: int = 0, bad_rate: float = 0.0,
             jobs: int = 1, manifest: bool = True) -> dict:
    """Write files ``start .. start+n-1`` of the corpus ``seed`` under ``out``.

    Parameters
    ----------
    n : int
        Number of files.
    out : str or Path
        Folder to write into (created; existing files of the same names are
        overwritten, nothing else is touched).
    seed : int, default=0
        Corpus seed.
    start : int, default=0
        First file number; ``generate(100, extra, start=10_000)`` writes 100
        new articles that extend the 10k corpus of the same seed.
    bad_rate : float, default=0.0
        Share of deliberately bad files (see :func:`render_file`).
    jobs : int, default=1
        Worker processes; the output does not depend on it.
    manifest : bool, default=True
        Also write ``<out>.manifest.json`` beside the folder (not inside it,
        where the loader would see it).

    Returns
    -------
    dict
        ``files``, ``seed``, ``start``, ``bad`` (relative path -> kind),
        counts by encoding and date kind, ``seconds``.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0. Got {n} instead.")
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chunk = 2_000
    tasks = [(str(out), seed, s, min(s + chunk, start + n), bad_rate) for s in range(start, start + n, chunk)]
    if jobs > 1 and len(tasks) > 1:
        from multiprocessing import Pool

        with Pool(jobs) as pool:
            results = pool.map(_write_range, tasks)
    else:
        results = [_write_range(t) for t in tasks]
    info = {"generator_version": GENERATOR_VERSION, "files": n, "seed": seed, "start": start,
            "bad_rate": bad_rate, "bad": {}, "encodings": {}, "date_kinds": {}}
    for written in results:
        for rel, facts in written:
            if facts["bad"]:
                info["bad"][rel] = facts["bad"]
            info["encodings"][facts["encoding"]] = info["encodings"].get(facts["encoding"], 0) + 1
            info["date_kinds"][facts["date_kind"]] = info["date_kinds"].get(facts["date_kind"], 0) + 1
    info["seconds"] = round(time.perf_counter() - t0, 3)
    if manifest:
        Path(f"{out}.manifest.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n")
    return info


def parse_size(text: str) -> int:
    """``'10k'`` -> 10000, ``'250'`` -> 250."""
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    if text.endswith("k"):
        return int(float(text[:-1]) * 1_000)
    return int(text)


def ensure_corpus(n: int, out, *, seed: int = 0, bad_rate: float = 0.0, jobs: int = 1) -> dict:
    """Generate the corpus unless ``out`` already holds exactly this one.

    A folder is reused when its manifest matches (generator version, size,
    seed, bad rate); otherwise it is deleted and written again.
    """
    out = Path(out)
    mpath = Path(f"{out}.manifest.json")
    if out.is_dir() and mpath.is_file():
        try:
            m = json.loads(mpath.read_text())
        except ValueError:
            m = {}
        if (m.get("generator_version") == GENERATOR_VERSION and m.get("files") == n
                and m.get("seed") == seed and m.get("start") == 0 and m.get("bad_rate") == bad_rate):
            return m
    if out.exists():
        if not mpath.is_file():
            raise FileExistsError(f"{out} exists and is not a generated corpus; refusing to replace it")
        shutil.rmtree(out)
    return generate(n, out, seed=seed, bad_rate=bad_rate, jobs=jobs)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.generate --n 10000 --out DIR --seed 0``."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=parse_size, required=True, help="number of files (e.g. 1000, 10k)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="first file number (to extend a corpus)")
    p.add_argument("--bad-rate", type=float, default=0.0, help="share of deliberately bad files")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (output does not depend on it)")
    args = p.parse_args(argv)
    info = generate(args.n, args.out, seed=args.seed, start=args.start, bad_rate=args.bad_rate, jobs=args.jobs)
    print(f"wrote {info['files']} files to {args.out} in {info['seconds']:.1f}s "
          f"(encodings {info['encodings']}, bad {len(info['bad'])})", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
