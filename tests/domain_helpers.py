"""The real domain (domain.yml merged with data/responses) for tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from rasa.core.nlg.interpolator import interpolate_text
from rasa.shared.core.domain import Domain
from rasa.shared.importers.importer import TrainingDataImporter

from bot.dialogue.intent_roles import is_topic

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def merged_domain() -> Domain:
    """The domain exactly as training sees it, responses included."""
    importer = TrainingDataImporter.load_from_config(
        config_path=str(ROOT / "config.yml"),
        domain_path=str(ROOT / "domain.yml"),
        training_data_paths=[str(ROOT / "data")],
    )
    return importer.get_domain()


def domain_dict() -> Dict[str, Any]:
    """The merged domain as the dict the action server receives."""
    return merged_domain().as_dict()


def topic_intents() -> List[str]:
    """Intents a resident asks about the policy or the office."""
    return [intent for intent in merged_domain().intents if is_topic(intent)]


def variation(name: str, language: str = "ja") -> Dict[str, Any]:
    """The variation of response `name` sent when the `language` slot is `language`.

    Mirrors Rasa's choice: the variation conditioned on that value, else the
    unconditioned (Japanese) one.
    """
    variations = merged_domain().responses[name]
    for candidate in variations:
        for condition in candidate.get("condition") or []:
            if condition.get("name") == "language" and condition.get("value") == language:
                return candidate
    return next(candidate for candidate in variations if not candidate.get("condition"))


def render(message: Dict[str, Any], language: str = "ja") -> str:
    """Renders a dispatcher message as the resident would read it.

    Args:
        message: one entry of CollectingDispatcher.messages.
        language: the value of the `language` slot.

    Returns:
        The text, with the response template filled from the message's values.
    """
    name = message.get("response")
    if not name:
        return message.get("text") or ""
    template = variation(name, language)["text"]
    values = {key: value for key, value in message.items() if key not in {"response", "buttons"}}
    return interpolate_text(template, values)
