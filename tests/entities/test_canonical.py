"""clippings.entities.canonical: the build-time rules, one by one, on small archives."""

from __future__ import annotations

from clippings.entities.canonical import Mentions, canonicalize, split_mention, tidy
from clippings.entities.curation import Curation
from clippings.entities.names import name_key

PLACES = {"kiev", "tartus", "moscow", "finland", "belgium", "yerevan", "russia"}


def is_place(name: str) -> bool:
    return name_key(name) in PLACES


def _run(*articles: dict, curation: Curation | None = None, outlet: str = "RT"):  # type: ignore[no-untyped-def]
    mentions = [Mentions(f"a{i}", outlet, e) for i, e in enumerate(articles)]
    return canonicalize(mentions, curation or Curation(), is_place)


def test_surname_in_the_same_article_is_the_full_name_whatever_ner_said() -> None:
    result = _run({"people": ["Sergey Lavrov"], "organizations": ["Lavrov", "NATO"]})
    assert result.by_article["a0"] == {"people": ["Sergey Lavrov"], "organizations": ["NATO"]}
    assert result.entities["Sergey Lavrov"].type == "person"


def test_surname_alone_resolves_across_the_archive_only_when_unique() -> None:
    result = _run({"people": ["Vladimir Putin"]}, {"people": ["Putin", "Smith"]},
                  {"people": ["John Smith"]}, {"people": ["Anna Smith"]})  # fmt: skip
    assert result.by_article["a1"]["people"] == ["Vladimir Putin", "Smith"]


def test_possessives_and_the_and_initials() -> None:
    result = _run({"people": ["Nicolai Petro", "N. Petro"], "organizations": ["the NATO’s"]})
    assert result.by_article["a0"] == {"people": ["Nicolai Petro"], "organizations": ["NATO"]}


def test_places_tagged_as_people_or_organisations_become_places() -> None:
    result = _run({"people": ["Kiev", "Astara Railway"], "organizations": ["Tartus"]})
    assert result.by_article["a0"] == {"places": ["Kiev", "Astara Railway", "Tartus"]}


def test_organisation_words_and_known_media() -> None:
    result = _run({"people": ["Politico"], "places": ["University of Rhode Island"]})
    assert result.by_article["a0"] == {"organizations": ["Politico", "University of Rhode Island"]}


def test_noise_is_dropped() -> None:
    for raw in ("Caucasus Since", "Ursula von der", "Gaza ‘Board of Peace", "Iran)–Astara",
                "Strategic Arms Reduction Treaty", "s Special", "Ukrainian", "West", "Monday"):  # fmt: skip
        assert _run({"places": [raw]}).by_article["a0"] == {}, raw


def test_the_articles_own_outlet_is_not_an_entity() -> None:
    assert _run({"organizations": ["RT", "Reuters"]}).by_article["a0"] == {
        "organizations": ["Reuters"]
    }


def test_possessive_inside_a_name_splits_owner_and_owned() -> None:
    assert split_mention("Finland’s Freedom Alliance", is_place) == ["Freedom Alliance", "Finland"]
    assert _run({"organizations": ["Zelensky’s European"]}).by_article["a0"] == {}
    assert tidy("a Free Trade Zone") == "Free Trade Zone"


def test_acronyms_join_their_expansion_in_the_same_article() -> None:
    result = _run({"organizations": ["International Stabilization Force", "ISF"]})
    assert result.by_article["a0"] == {"organizations": ["International Stabilization Force"]}


def test_builtin_aliases_and_the_most_frequent_spelling_is_shown() -> None:
    result = _run({"places": ["US", "MOSCOW"]}, {"places": ["U.S.", "Moscow"]},
                  {"places": ["Moscow"]})  # fmt: skip
    assert result.by_article["a0"] == {"places": ["United States", "Moscow"]}
    assert {"US", "USA"} <= result.entities["United States"].aliases
    assert result.entities["Moscow"].aliases == {"MOSCOW"}


def test_one_type_by_majority_and_curation_overrides() -> None:
    votes = ({"organizations": ["BRICS"]}, {"places": ["BRICS"]}, {"organizations": ["BRICS"]})
    assert _run(*votes).entities["BRICS"].type == "organization"
    curation = Curation(types={name_key("BRICS"): "place"})
    assert _run(*votes, curation=curation).entities["BRICS"].type == "place"


def test_curation_aliases_and_blocklist() -> None:
    curation = Curation(
        canonical={name_key("Kiev"): "Kyiv", name_key("Kyiv"): "Kyiv"},
        spelling_text={name_key("Kiev"): "Kiev", name_key("Kyiv"): "Kyiv"},
        blocklist={name_key("Mein Kampf")},
    )
    result = _run({"places": ["Kiev"], "organizations": ["Mein Kampf"]}, curation=curation)
    assert result.by_article["a0"] == {"places": ["Kyiv"]}
    assert result.entities["Kyiv"].aliases == {"Kiev"}
    assert result.entities["Kyiv"].articles == ["a0"]


def test_a_name_ending_in_an_infrastructure_noun_is_no_ones_full_name() -> None:
    # NER tagged the railway and the town a person: the town is not a surname of it.
    result = _run({"people": ["Dargan Railway", "Dargan", "Omar Tell"], "places": ["Tell Port"]})
    assert result.by_article["a0"] == {
        "people": ["Omar Tell"],
        "places": ["Dargan Railway", "Dargan", "Tell Port"],
    }


def test_a_word_heading_a_railway_or_port_name_in_the_article_is_that_place() -> None:
    result = _run({"people": ["Veldra"], "places": ["Veldra Port"]})
    assert result.by_article["a0"] == {"places": ["Veldra", "Veldra Port"]}
    # Elsewhere, without the port, NER's type stands.
    assert _run({"people": ["Veldra"]}).by_article["a0"] == {"people": ["Veldra"]}


def test_clauses_adjective_phrases_and_bare_directions_are_not_names() -> None:
    result = _run(
        {
            "organizations": ["Never Trust Smithson", "Sanctions Must Go", "Nordic Union"],
            "places": [
                "Red Gulf Arab",
                "East Corridor",
                "Northern Railway",
                "Eastern Mediterranean",
            ],
        }
    )
    assert result.by_article["a0"] == {
        "organizations": ["Nordic Union"],
        "places": ["Eastern Mediterranean"],
    }
    # A direction and a generic noun the gazetteer knows is a place.
    known = canonicalize([Mentions("a0", "RT", {"places": ["South Port"]})], Curation(),
                         lambda name: name_key(name) == "south port")  # fmt: skip
    assert known.by_article["a0"] == {"places": ["South Port"]}


def test_known_acronyms_of_blocs_are_organisations() -> None:
    result = _run({"places": ["BRICS", "SCO"], "people": ["OPEC"]})
    assert result.by_article["a0"] == {"organizations": ["OPEC", "BRICS", "SCO"]}
