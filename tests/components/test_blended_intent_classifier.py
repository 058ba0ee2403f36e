"""Blending two classifiers' probabilities into one ranking."""

import pytest

from bot.components.blended_intent_classifier import blend_rankings


def test_blend_averages_and_sorts() -> None:
    ranking = blend_rankings(
        {"ask_contact": 0.6, "ask_office_hours": 0.4},
        {"ask_contact": 0.2, "ask_office_hours": 0.7, "out_of_scope": 0.1},
        first_weight=0.5,
    )
    assert [item["name"] for item in ranking] == ["ask_office_hours", "ask_contact", "out_of_scope"]
    assert ranking[0]["confidence"] == pytest.approx(0.55)
    assert sum(item["confidence"] for item in ranking) == pytest.approx(1.0)


def test_intent_missing_from_one_side_counts_as_zero() -> None:
    ranking = blend_rankings({"greet": 1.0}, {"thank": 1.0}, first_weight=0.75)
    assert ranking == [
        {"name": "greet", "confidence": 0.75},
        {"name": "thank", "confidence": 0.25},
    ]


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_weight_extremes_keep_one_side(weight: float) -> None:
    first = {"greet": 0.9, "thank": 0.1}
    second = {"greet": 0.2, "thank": 0.8}
    top = blend_rankings(first, second, first_weight=weight)[0]["name"]
    assert top == ("greet" if weight == 1.0 else "thank")


def test_regularisation_and_class_weight_come_from_the_config(tmp_path) -> None:
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.components.blended_intent_classifier import BlendedIntentClassifier

    config = {**BlendedIntentClassifier.get_default_config(), "C": 10, "class_weight": None}
    classifier = BlendedIntentClassifier.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("blend"),
        ExecutionContext(graph_schema=None, node_name="blend"),  # type: ignore[arg-type]
    )
    assert classifier.clf.C == 10
    assert classifier.clf.class_weight is None
