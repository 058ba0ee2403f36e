"""What the 「回答と例文」 pages show: a topic's answers per language (current
text, who edited it, the chat bubble) and the examples staff added, with the
state of a form being previewed or refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from markupsafe import Markup

from bot.language.codes import ANSWER_LANGUAGES, INPUT_LANGUAGES
from bot.review.models import AnswerEdit, TaughtExample
from bot.review.teach.answers import Response, current_edits, load_responses, topic_responses
from bot.review.teach.labels import answer_situation
from bot.review.teach.placeholders import placeholder_label, placeholders_in
from bot.review.teach.preview import bubble_html, placeholder_values
from bot.web.staff.render import LANGUAGE_LABELS


@dataclass(frozen=True)
class AnswerForm:
    """An answer form posted back: staff's text, its preview and what the check said."""

    response: str
    language: str
    text: str
    preview: Optional[Markup] = None
    errors: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()


@dataclass(frozen=True)
class ExampleForm:
    """The example form posted back: staff's text and language, and what the check said."""

    text: str = ""
    language: str = "ja"
    errors: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = ()
    notes: Tuple[str, ...] = ()
    confirm: bool = False  # the warnings were shown; 「このまま追加」 adds it


@dataclass(frozen=True)
class LanguageView:
    """One language of an answer on the page."""

    language: str
    label: str
    text: str
    bubble: Markup
    edit: Optional[AnswerEdit]
    response_id: str
    form: Optional[AnswerForm] = None

    @property
    def form_id(self) -> str:
        """The id of this language's block (the redirect comes back to it) and the
        prefix of its form fields' ids."""
        return f"a-{self.response_id}-{self.language}"


@dataclass(frozen=True)
class AnswerView:
    """One response of the topic, numbered for staff (回答 1, 回答 2 …)."""

    number: int
    name: str
    placeholders: Tuple[str, ...]
    languages: Tuple[LanguageView, ...]
    situation: str = ""  # when residents get it, for topics with several answers


@dataclass(frozen=True)
class TopicPage:
    """Everything the topic page shows."""

    topic: str
    title: str
    answers: Tuple[AnswerView, ...]
    examples: Tuple[Tuple[str, str, Tuple[TaughtExample, ...]], ...]
    example_form: ExampleForm = field(default_factory=ExampleForm)
    input_languages: Tuple[Tuple[str, str], ...] = ()


def answer_responses(topic: str) -> List[Response]:
    """The responses of `topic` present in the data, in the order they are sent."""
    responses = load_responses()
    return [responses[name] for name in topic_responses().get(topic, ()) if name in responses]


def expected_placeholders(response: Response, language: str) -> Tuple[str, ...]:
    """The placeholders of this language's original text."""
    variant = response.variants.get(language)
    return placeholders_in(variant.text) if variant else ()


def _language_view(
    response: Response,
    language: str,
    edits: Mapping[Tuple[str, str], AnswerEdit],
    values: Mapping[str, Mapping[str, str]],
    form: Optional[AnswerForm],
) -> Optional[LanguageView]:
    variant = response.variants.get(language)
    if variant is None:
        return None
    edit = edits.get((response.name, language))
    text = edit.text if edit and edit.text else variant.text
    return LanguageView(
        language=language,
        label=LANGUAGE_LABELS.get(language, language),
        text=text,
        bubble=bubble_html(text, variant.buttons, language, values[language]),
        edit=edit,
        form=form if form and (form.response, form.language) == (response.name, language) else None,
        response_id=response.name,
    )


def topic_page(
    topic: str,
    title: str,
    edits: Sequence[AnswerEdit],
    examples: Sequence[TaughtExample],
    *,
    answer_form: Optional[AnswerForm] = None,
    example_form: Optional[ExampleForm] = None,
) -> TopicPage:
    """Builds the topic page.

    Args:
        topic: the intent.
        title: its Japanese title.
        edits: the current answer edits (from the store).
        examples: the topic's taught examples not removed.
        answer_form: an answer form being previewed or refused.
        example_form: the example form being refused or confirmed.

    Returns:
        The page's content.
    """
    current = current_edits(edits)
    values: Dict[str, Mapping[str, str]] = {
        language: placeholder_values(language) for language in ANSWER_LANGUAGES
    }
    answers = []
    for number, response in enumerate(answer_responses(topic), start=1):
        languages = [
            _language_view(response, language, current, values, answer_form)
            for language in ANSWER_LANGUAGES
        ]
        answers.append(
            AnswerView(
                number=number,
                name=response.name,
                situation=answer_situation(response.name),
                placeholders=tuple(placeholder_label(p) for p in response.placeholders()),
                languages=tuple(view for view in languages if view is not None),
            )
        )
    by_language = tuple(
        (language, LANGUAGE_LABELS[language], tuple(e for e in examples if e.language == language))
        for language in INPUT_LANGUAGES
    )
    return TopicPage(
        topic=topic,
        title=title,
        answers=tuple(answers),
        examples=tuple(group for group in by_language if group[2]),
        example_form=example_form or ExampleForm(),
        input_languages=tuple((code, LANGUAGE_LABELS[code]) for code in INPUT_LANGUAGES),
    )


def topic_rows(
    titles: Mapping[str, str], edits: Sequence[AnswerEdit], examples: Sequence[TaughtExample]
) -> List[Dict[str, Any]]:
    """The topic list: title, number of answers, edited texts and staff examples."""
    edited = {edit.response for edit in current_edits(edits).values()}
    rows = []
    for topic, title in titles.items():
        names = [response.name for response in answer_responses(topic)]
        rows.append(
            {
                "topic": topic,
                "title": title,
                "answers": len(names),
                "edited": sum(1 for name in names if name in edited),
                "examples": sum(1 for example in examples if example.topic == topic),
            }
        )
    return rows
