"""Ids are ULIDs as python-ulid writes them, in the order they were made."""

import time

from ulid import ULID

from otesse.core import ids


def test_an_id_is_a_prefixed_ulid_of_now() -> None:
    made = ids.new_id("cust")
    prefix, _, text = made.partition("_")
    assert prefix == "cust"
    parsed = ULID.from_str(text)
    assert str(parsed) == text
    assert abs(parsed.timestamp - time.time()) < 5


def test_ids_keep_the_order_they_were_made_in() -> None:
    made = [ids.new_id("evt") for _ in range(20_000)]  # many within one millisecond
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_the_text_is_the_ulid_of_the_millisecond_and_randomness() -> None:
    generator = ids._Monotonic()
    generator.millisecond = (1 << 48) - 2  # after now: the next id is this one's plus one
    generator.millisecond_text = ids._pairs(generator.millisecond, 5)
    generator.randomness = 0x1234_5678_9ABC_DEF0_1234
    value = (generator.millisecond << 80) | (generator.randomness + 1)
    assert generator.next_text() == str(ULID.from_bytes(value.to_bytes(16, "big")))


def test_a_full_millisecond_moves_to_the_next() -> None:
    generator = ids._Monotonic()
    generator.millisecond = (1 << 48) - 2
    generator.millisecond_text = ids._pairs(generator.millisecond, 5)
    generator.randomness = (1 << 80) - 1
    last = (generator.millisecond << 80) | generator.randomness
    before = str(ULID.from_bytes(last.to_bytes(16, "big")))
    after = generator.next_text()
    assert after > before
    assert ULID.from_str(after).milliseconds == (1 << 48) - 1
