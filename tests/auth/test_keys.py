import re

from otesse.auth.keys import generate_key, hash_key, key_mode, redact


def test_a_key_has_the_documented_shape() -> None:
    key = generate_key("live")
    assert re.fullmatch(r"otesse_live_sk_[0-9A-Za-z]{38}", key)
    assert key_mode(key) == "live"
    assert key_mode(generate_key("test")) == "test"


def test_keys_are_random() -> None:
    assert len({generate_key("test") for _ in range(100)}) == 100


def test_a_mistyped_key_fails_its_checksum() -> None:
    key = generate_key("test")
    position = 20
    typo = "A" if key[position] != "A" else "B"
    mistyped = key[:position] + typo + key[position + 1 :]
    assert key_mode(mistyped) is None
    assert key_mode(key[:-1]) is None
    assert key_mode(key.replace("_test_", "_live_")) is None


def test_only_the_hash_and_a_redacted_form_are_kept() -> None:
    key = generate_key("test")
    assert hash_key(key) != key and len(hash_key(key)) == 64
    assert redact(key).endswith(key[-4:]) and key[20:30] not in redact(key)
