"""Language identification: plain English is settled by its function words, anything else by
py3langid, and quoted English does not make another language English."""

from __future__ import annotations

from app.readers.language import identify_language, plainly_english
from tests.web_pages import BRIDGE_PARAGRAPHS, GERMAN_PARAGRAPHS

ENGLISH = " ".join(BRIDGE_PARAGRAPHS)
GERMAN = " ".join(GERMAN_PARAGRAPHS)


def test_plain_english_is_settled_by_its_function_words() -> None:
    assert plainly_english(ENGLISH)
    assert identify_language(ENGLISH, "de") == "en"


def test_german_is_not_plain_english_and_is_identified() -> None:
    assert not plainly_english(GERMAN)
    assert identify_language(GERMAN, "en") == "de"


def test_german_quoting_english_stays_german() -> None:
    quoted = f'{GERMAN} "We have said that the bridge would open this year," sagte er.'
    assert not plainly_english(quoted)
    assert identify_language(quoted, "en") == "de"


def test_too_little_text_keeps_the_declared_language() -> None:
    assert identify_language("Die Brücke ist offen.", "de-AT") == "de"
    assert identify_language("The bridge is open.", None) is None
