"""load_themes: the one reader of theme lexicons (reexdata/lexicons/_themes.py)."""

import pytest
from test_themes import SHIPPED_THEMES

import reexdata as rx
from reexdata.errors import LexiconError, ParameterError
from reexdata.lexicons import UNASSIGNED, Theme, load_themes


@pytest.mark.parametrize("lexicon", [None, "themes"])
def test_shipped_lexicon_ids_in_file_order(lexicon):
    assert [t.id for t in load_themes(lexicon)] == SHIPPED_THEMES


def test_shipped_lexicon_labels():
    assert [t.label for t in load_themes()] == [
        "Resource security",
        "Value-chain integration",
        "Party discipline",
        "Technology and standards",
        "Geopolitics and trade",
        "Markets and pricing",
    ]


def test_shipped_theme_holds_its_seed_terms_in_order():
    first = load_themes()[0]
    assert first.terms[:3] == ("exploration", "mineral exploration", "geological survey")


def test_each_call_returns_a_new_list():
    first = load_themes()
    first.clear()
    assert len(load_themes()) == 6


def test_path_to_a_toml_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'version = "1"\n'
        '[[themes]]\nid = "energy"\nlabel = "Energy"\ndescription = "Oil and gas."\nterms = ["oil", " gas "]\n'
        '[[themes]]\nid = "farming"\nterms = ["wheat"]\n',
        encoding="utf-8",
    )
    assert load_themes(path) == [
        Theme("energy", "Energy", "Oil and gas.", ("oil", "gas")),
        Theme("farming", "farming", "", ("wheat",)),
    ]


def test_path_given_as_str(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('energy = ["oil"]\nfarming = ["wheat"]\n', encoding="utf-8")
    assert [t.id for t in load_themes(str(path))] == ["energy", "farming"]


def test_mapping_of_term_lists():
    assert load_themes({"energy": ["oil"], "farming": ("wheat", "barley")}) == [
        Theme("energy", "energy", "", ("oil",)),
        Theme("farming", "farming", "", ("wheat", "barley")),
    ]


def test_mapping_of_tables_and_a_version_key():
    lexicon = {"version": "2", "energy": {"label": "Energy", "terms": ["oil"]}, "farming": ["wheat"]}
    assert [(t.id, t.label) for t in load_themes(lexicon)] == [("energy", "Energy"), ("farming", "farming")]


def test_mapping_in_the_toml_shape():
    lexicon = {"themes": [{"id": "energy", "terms": ["oil"]}, {"id": "farming", "terms": ["wheat"]}]}
    assert [t.id for t in load_themes(lexicon)] == ["energy", "farming"]


def test_themes_are_frozen():
    theme = load_themes()[0]
    with pytest.raises(AttributeError):
        theme.id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ({}, "^The theme lexicon has no themes.$"),
        ({"energy": ["oil"]}, "^The theme lexicon needs at least two themes; it has only 'energy'.$"),
        ({"energy": ["oil"], "unassigned": ["x"]}, "^Theme 'unassigned': the id 'unassigned' is reserved.$"),
        ({"energy": {"label": "E"}, "farming": ["wheat"]}, "^Theme 'energy' has no 'terms'.$"),
        ({"energy": [], "farming": ["wheat"]}, "^Theme 'energy' has an empty list of terms.$"),
        ({"energy": "oil", "farming": ["wheat"]}, "^Theme 'energy': 'terms' must be a list of strings.$"),
        ({"energy": ["oil", 3], "farming": ["wheat"]},
         "^Theme 'energy' has a term that is not a non-empty string: 3.$"),
        ({"themes": [{"id": "a", "terms": ["x"]}, "b"]}, "^Theme number 2 of the theme lexicon is not a table.$"),
        ({"themes": [{"id": "a", "terms": ["x"]}, {"id": " ", "terms": ["y"]}]},
         "^Theme number 2 of the theme lexicon has no id.$"),
        ({"themes": [{"id": "a", "terms": ["x"]}, {"id": "a", "terms": ["y"]}]},
         "^Theme 'a' appears more than once in the theme lexicon.$"),
    ],
)
def test_malformed_lexicon(lexicon, message):
    with pytest.raises(LexiconError, match=message):
        load_themes(lexicon)


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(LexiconError, match=f"^Theme lexicon file {path} does not exist.$"):
        load_themes(path)


def test_invalid_toml_is_named(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("energy = [", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.toml is not valid TOML"):
        load_themes(path)


@pytest.mark.parametrize("lexicon", [42, ["energy"], b"themes"])
def test_wrong_kind_of_lexicon(lexicon):
    with pytest.raises(ParameterError, match=r"^The 'lexicon' parameter of load_themes must be None, a path "
                                             r"or a mapping. Got .* instead.$"):
        load_themes(lexicon)


def test_unassigned_is_the_one_reserved_label():
    from reexdata.themes import UNASSIGNED as themes_unassigned

    assert UNASSIGNED == "unassigned"
    assert themes_unassigned is UNASSIGNED


def test_exported_from_the_package():
    assert rx.load_themes is load_themes
    assert "load_themes" in dir(rx)
