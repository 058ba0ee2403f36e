"""Format checks of the town's files, beyond what loading them needs.

Loading (bot.town.contact, .policy, .office_hours, .topic_titles) already
fails on a missing key or an unreadable value; these checks also catch a
value that loads but is surely a typo: a phone number without its area code,
a URL that is not https, a time that is not HH:MM, a flag that is not
true/false. Nothing here compares a value with a known fact: the town may
change any of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

from bot.language.codes import ANSWER_LANGUAGES
from bot.town.confirmations import CONFIRMATION_FLAGS
from bot.town.contact import load_contact
from bot.town.files import TownFactsError, read_yaml_mapping
from bot.town.office_hours import WEEKDAYS, load_schedule
from bot.town.policy import load_policy_facts
from bot.town.topic_titles import load_topic_titles

# A Japanese landline or mobile number with hyphens, e.g. 0749-42-7680.
PHONE_PATTERN = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}$")
POSTAL_CODE_PATTERN = re.compile(r"^\d{3}-\d{4}$")
URL_PATTERN = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _format_problems(name: str, value: str, pattern: re.Pattern[str], example: str) -> List[str]:
    if pattern.fullmatch(value):
        return []
    return [f"{name} is {value!r}; write it like {example}."]


def contact_problems(folder: Path) -> List[str]:
    """Problems of contact.yml (empty when it is fine)."""
    contact = load_contact(folder)
    problems = _format_problems("contact.yml:phone", contact.phone, PHONE_PATTERN, "0749-42-7680")
    problems += _format_problems("contact.yml:fax", contact.fax, PHONE_PATTERN, "0749-42-6090")
    problems += _format_problems(
        "contact.yml:postal_code", contact.postal_code, POSTAL_CODE_PATTERN, "529-1380"
    )
    problems += _format_problems(
        "contact.yml:mail_form_url", contact.mail_form_url, URL_PATTERN, "https://www.town..."
    )
    for field, value in contact.__dict__.items():
        if not value.strip():
            problems.append(f"contact.yml:{field} is empty.")
    return problems


def policy_problems(folder: Path) -> List[str]:
    """Problems of policy.yml (empty when it is fine)."""
    facts = load_policy_facts(folder)
    return _format_problems(
        "policy.yml:policy_page_url", facts.policy_page_url, URL_PATTERN, "https://www.town..."
    )


def office_hours_problems(folder: Path) -> List[str]:
    """Problems of office_hours.yml (empty when it is fine)."""
    path = folder / "office_hours.yml"
    load_schedule(path)
    weekly = read_yaml_mapping(path).get("weekly") or {}
    problems = [
        f"office_hours.yml:weekly has an unknown day {day!r}."
        for day in weekly
        if day not in WEEKDAYS
    ]
    for day, hours in weekly.items():
        for key in ("open", "close") if hours else ():
            problems += _format_problems(
                f"office_hours.yml:weekly.{day}.{key}", str(hours[key]), TIME_PATTERN, '"08:30"'
            )
        if hours and str(hours["open"]) >= str(hours["close"]):
            problems.append(f"office_hours.yml:weekly.{day} closes before it opens.")
    return problems


def flag_problems(folder: Path) -> List[str]:
    """Confirmation flags that are present but not true/false."""
    problems = []
    for file, flag, _ in CONFIRMATION_FLAGS:
        value = read_yaml_mapping(folder / file).get(flag, False)
        if not isinstance(value, bool):
            problems.append(f"{file}:{flag} is {value!r}; write true or false.")
    return problems


def topic_title_problems(folder: Path) -> List[str]:
    """Problems of topic_titles/<language>.yml: every answer language, the same topics."""
    directory = folder / "topic_titles"
    problems = [
        f"topic_titles/{language}.yml is missing."
        for language in ANSWER_LANGUAGES
        if not (directory / f"{language}.yml").is_file()
    ]
    if problems:
        return problems
    expected = set(load_topic_titles("ja", directory).topics)
    for language in ANSWER_LANGUAGES:
        titles = load_topic_titles(language, directory)
        if set(titles.topics) != expected:
            problems.append(f"topic_titles/{language}.yml names other topics than ja.yml.")
        empty = [topic for topic, title in titles.topics.items() if not str(title).strip()]
        problems += [f"topic_titles/{language}.yml:{topic} is empty." for topic in empty]
    return problems


def town_problems(folder: Path) -> List[str]:
    """Every problem of the town's files in `folder` (empty when all are fine).

    Args:
        folder: the town folder.

    Returns:
        One message per problem, in plain English naming the file and key.
    """
    problems: List[str] = []
    for check in (
        contact_problems,
        policy_problems,
        office_hours_problems,
        flag_problems,
        topic_title_problems,
    ):
        try:
            problems += check(folder)
        except TownFactsError as error:
            problems.append(str(error))
    return problems
