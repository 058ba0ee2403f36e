"""Readings from several threads at once, as the action server captures questions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.nlp.readings import hiragana_reading


def test_readings_from_many_threads_at_once_do_not_collide() -> None:
    """Sudachi's tokenizer raised "Already borrowed" when two threads used it."""
    texts = [f"粗大ゴミの出し方を教えてください{index}" for index in range(400)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        readings = list(pool.map(hiragana_reading, texts))
    assert all(reading.startswith("そだいごみのだしかたをおしえてください") for reading in readings)
