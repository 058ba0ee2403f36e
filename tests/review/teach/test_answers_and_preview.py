"""The repository's answers by topic, and the preview as the chat widget shows it."""

from __future__ import annotations

from bot.review.teach.answers import Button, load_responses, topic_responses
from bot.review.teach.preview import bubble_html, fill_placeholders, placeholder_values
from bot.town.contact import load_contact


def test_every_topic_answer_has_seven_languages() -> None:
    responses = load_responses()
    for names in topic_responses().values():
        for name in names:
            assert len(responses[name].variants) == 7, name


def test_topics_map_to_their_answers_also_through_actions() -> None:
    topics = topic_responses()
    assert topics["ask_dx_meaning"] == ("utter_dx_meaning",)
    assert topics["ask_contact"][0] == "utter_contact_details"
    assert "utter_office_hours" in topics["ask_office_hours"]
    assert all("utter_ask_feedback" not in names for names in topics.values())


def test_placeholders_are_filled_with_the_towns_values() -> None:
    values = placeholder_values("en")
    phone = load_contact().phone
    assert values["phone"] == phone
    assert values["weekly_hours"] and values["policy_page_url"].startswith("https://")
    assert fill_placeholders("Call {phone} {unknown}", values) == f"Call {phone} {{unknown}}"


def test_bubble_uses_the_widgets_classes_links_and_escapes() -> None:
    html = str(
        bubble_html(
            "<b>Hi</b> {phone}\nSee https://example.jp/a?b=1&c=2 .",
            (Button("Call", "{phone_uri}"), Button("Yes", '/feedback{"helpful": "yes"}')),
            "easy_ja",
            {"phone": "0749-42-7680", "phone_uri": "tel:0749427680"},
        )
    )
    assert "&lt;b&gt;Hi&lt;/b&gt; 0749-42-7680\nSee " in html
    assert '<a href="https://example.jp/a?b=1&amp;c=2" class="aisho-link"' in html
    assert '<a href="tel:0749427680" class="aisho-reply aisho-reply--link">Call</a>' in html
    assert '<span class="aisho-reply aisho-reply--small">Yes</span>' in html
    assert 'class="aisho-msg__bubble" lang="ja"' in html
    assert "<b>" not in html
