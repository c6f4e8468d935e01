"""Who and what the articles mention, how often, with whom and when.

An *entity* (a company, person, place, organisation, element, program or
publisher) goes by several names; the entity lexicon
(``reexdata/lexicons/entities.toml``) lists them. :func:`count_mentions`
finds every alias in one pass over each article with a single compiled
regular expression (in ASCII text, tried only where an Aho-Corasick
automaton finds the first words of a name), :func:`mentions_over_time` turns the counts into a
normalised time series, :func:`co_mentions` measures which entities appear
together and :func:`suggest_entities` lists frequent names the lexicon does
not cover yet.

Matching rules
--------------
- Aliases match as whole words: ``America`` does not match in ``Americans``,
  and a possessive (``Baogang's``, ``Baogang’s``) is a mention.
- Longest alias wins and matches never overlap, scanning left to right:
  ``Baotou Iron & Steel Group (Baogang)`` is two mentions of Baogang and
  none of the city of Baotou.
- Between the words of an alias, any run of spaces or line breaks and a
  hyphen are interchangeable (``rare-earth`` = ``rare earth``); straight and
  curly apostrophes are the same character.
- Single-word aliases with more capitals than lowercase letters (``CCP``,
  ``REEx``, ``U.S.``, ``US``) match case-sensitively, as do the aliases an
  entity lists under ``exact``; all other aliases match in any case.
- A name directly followed by ``$`` is a currency (``US$``), not a mention.
- Surname rule: a person's ``surname`` alone (``Meng said``) counts for that
  person in an article that names them in full. When two people named in
  full in the same article share the surname (Li Xiao and Li Bo), the
  surname alone is attributed to neither. A surname followed by another
  capitalised word (``Li Qiang``) is someone else's full name and is never
  attributed.
- Context: an alias listed under ``requires`` (``requires.CPC = ["Communist",
  ...]``) counts only in an article that also contains one of its context
  words, or an alias of the same entity that needs no context; so "CPC" in a
  story on CPC International is no mention of the Party.
- Names under ``not_within`` (``"Bank of America"``) contain an alias but
  name something else: they take part in longest-match and count for nobody.
- Chinese (text with Han characters; any other text is matched exactly as
  above): the text is folded to simplified characters (OpenCC; offsets and
  matched text stay as written) and cut into words by jieba
  (:mod:`reexdata.segment`, with the lexicon's Han names as its user
  dictionary, so 包钢稀土 and 白云鄂博 stay whole). A name counts when it
  starts and ends where a word does: 包钢稀土 is Northern Rare Earth only,
  and 中共 is not found in 集中共享 (集中 + 共享). A word jieba keeps whole
  that is a name followed or preceded by a word of two or more characters
  counts for the name (美国政府, 中共中央政治局, 中国内蒙古自治区). A name of
  one Han character (钕) counts wherever the character stands outside a
  longer name (钕铁硼). Where Han and other letters meet is a word boundary
  (与Lynas公司), and full-width and ASCII brackets are the same.

Custom lexicons
---------------
Every function takes ``entities``:

- ``None``: the shipped lexicon.
- A path to a TOML file shaped like the shipped one (``version`` and an
  array of ``[[entity]]`` tables with ``id``, ``name``, ``type``,
  ``aliases`` and optionally ``exact`` and ``surname``), or the dict such a
  file parses to: it *replaces* the shipped lexicon, unless it sets
  ``extend = true`` at the top level.
- A mapping of entity id to a list of aliases, or to a dict with ``aliases``
  and optionally ``name``, ``type``, ``exact``, ``surname``, ``requires``
  and ``not_within``: it *extends*
  the shipped lexicon. A new id adds an entity (name = first alias,
  type = ``"organisation"`` unless given); an existing id gets the extra
  aliases, and its name, type or surname when given.

Errors in a lexicon raise :class:`reexdata.errors.LexiconError` naming the
entity: a duplicate id, an empty alias, an alias claimed by two entities
(compared ignoring case, spacing and hyphens), an unknown type.

The steps, one module each: :mod:`~reexdata.mentions.lexicon` (reading and
validating lexicons; :func:`reexdata.lexicons.load_entities` is its public
face), :mod:`~reexdata.mentions.matcher` (the one regular expression),
:mod:`~reexdata.mentions.starts` (where a name may start in ASCII text),
:mod:`~reexdata.mentions.count` (scanning, worker processes, the mentions
cache), :mod:`~reexdata.mentions.over_time`,
:mod:`~reexdata.mentions.co_mentions` and :mod:`~reexdata.mentions.suggest`.
What is searched is :func:`reexdata.text.article_text`'s definition.
"""


from reexdata.mentions.co_mentions import co_mentions
from reexdata.mentions.count import count_mentions
from reexdata.mentions.lexicon import ENTITY_TYPES, entity_table
from reexdata.mentions.over_time import mentions_over_time
from reexdata.mentions.suggest import suggest_entities

__all__ = [
    "ENTITY_TYPES",
    "count_mentions",
    "entity_table",
    "mentions_over_time",
    "co_mentions",
    "suggest_entities",
]
