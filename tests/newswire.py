"""A made-up commodities newswire and a reexdata project around it, for the project tests.

Every story is written here from the word lists below (our own text): a
topic (grain, oil, coffee or shipping), a date in 1987, two to four
companies or ports of a made-up lexicon, and a few sentences. The same
``(n, seed)`` gives the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

TOPICS = {
    "grain": ["wheat", "corn", "harvest", "bushels", "acreage", "grain elevator", "crop", "sowing"],
    "oil": ["crude", "barrels", "refinery", "pipeline", "drilling rig", "oil price", "output quota", "gasoline"],
    "coffee": ["coffee", "arabica", "robusta", "roasters", "beans", "coffee exports", "frost", "plantations"],
    "shipping": ["freight", "tanker", "port", "cargo", "vessel", "charter rates", "dock strike", "berths"],
}

LABELS = {"grain": "Grain and harvests", "oil": "Crude oil", "coffee": "Coffee trade", "shipping": "Shipping and freight"}

ENTITIES = {
    "kestrel": ("Kestrel Grain Company", "company", ["Kestrel Grain", "Kestrel"]),
    "orinoco": ("Orinoco Petroleum", "company", ["Orinoco Petroleum", "Orinoco"]),
    "montebello": ("Montebello Coffee Board", "organisation", ["Montebello Coffee Board", "Montebello"]),
    "velmar": ("Port of Velmar", "place", ["Port of Velmar", "Velmar"]),
    "tarragon": ("Tarragon Shipping", "company", ["Tarragon Shipping", "Tarragon"]),
}

_BY_TOPIC = {"grain": ["kestrel", "velmar"], "oil": ["orinoco", "tarragon"],
             "coffee": ["montebello", "velmar"], "shipping": ["tarragon", "velmar"]}
_VERBS = ["rose", "fell", "held steady", "climbed", "slipped", "recovered"]
_FILLER = ["traders said", "analysts expect", "officials reported", "the ministry noted", "dealers added"]

TITLE = "Commodities desk, 1987"


def _story(r: random.Random, i: int) -> dict:
    topic = r.choice(sorted(TOPICS))
    words = TOPICS[topic]
    names = [ENTITIES[e][2][0] for e in _BY_TOPIC[topic]]
    day = dt.date(1987, 1, 1) + dt.timedelta(days=r.randrange(365))
    sentences = []
    for _ in range(r.randint(4, 8)):
        a, b = r.sample(words, 2)
        sentences.append(
            f"{r.choice(names)} said {a} {r.choice(_VERBS)} as {b} {r.choice(_VERBS)}, {r.choice(_FILLER)}."
        )
    title = f"{words[0].capitalize()} {r.choice(_VERBS)} at {r.choice(names)} (story {i})"
    return {"title": title, "date": day.isoformat(), "text": " ".join(sentences)}


def write_stories(path: Path, n: int, *, seed: int = 0) -> Path:
    """``n`` stories as one JSONL export at ``path``."""
    r = random.Random(seed)
    lines = [json.dumps(_story(r, i)) for i in range(n)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def themes_toml() -> str:
    out = ['version = "desk-1"']
    for topic, terms in TOPICS.items():
        out += ["", "[[themes]]", f'id = "{topic}"', f'label = "{LABELS[topic]}"',
                "terms = [" + ", ".join(json.dumps(t) for t in terms) + "]"]
    return "\n".join(out) + "\n"


def entities_toml() -> str:
    out = ['version = "desk-1"']
    for ent_id, (name, kind, aliases) in ENTITIES.items():
        out += ["", "[[entity]]", f'id = "{ent_id}"', f'name = "{name}"', f'type = "{kind}"',
                "aliases = [" + ", ".join(json.dumps(a) for a in aliases) + "]"]
    return "\n".join(out) + "\n"


def write_project(folder: Path, n: int, *, seed: int = 0) -> Path:
    """A project folder: ``reexdata.toml``, its lexicons and ``n`` stories in ``raw/``."""
    (folder / "lexicons").mkdir(parents=True, exist_ok=True)
    (folder / "lexicons" / "themes.toml").write_text(themes_toml(), encoding="utf-8")
    (folder / "lexicons" / "entities.toml").write_text(entities_toml(), encoding="utf-8")
    (folder / "lexicons" / "boilerplate.toml").write_text("[lines]\ndesk = ['End of story']\n", encoding="utf-8")
    write_stories(folder / "raw" / "wire.jsonl", n, seed=seed)
    (folder / "reexdata.toml").write_text(
        f'title = "{TITLE}"\nraw = "raw"\nprocessed = "data/processed"\nreport = "reports/report.html"\n'
        'freq = "M"\n[lexicons]\nthemes = "lexicons/themes.toml"\nentities = "lexicons/entities.toml"\n'
        'boilerplate = "lexicons/boilerplate.toml"\n'
        '[queries]\ncoffee = \'coffee OR arabica\'\nstrike = \'"dock strike"\'\n',
        encoding="utf-8",
    )
    return folder / "reexdata.toml"
