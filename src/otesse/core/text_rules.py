"""The one rule for a line of text a person typed (names, street, city, labels, descriptions).

- No control characters: line breaks, tabs, NUL, the other C0/C1 controls, the line and
  paragraph separators, and the format characters that render nothing (zero-width space,
  bidi overrides, the byte-order mark, soft hyphen, ...). They are refused, 400 naming the
  field, *before* surrounding spaces are stripped, so ``"Ann\\n"`` is refused rather than
  silently cleaned. The zero-width joiner and non-joiner stay allowed: Persian, Indic scripts
  and emoji sequences need them between visible characters.
- A required line must hold a visible character: one made only of spaces, combining marks
  (a lone accent), joiners or filler letters (U+3164 HANGUL FILLER, ...) is blank.

Multi-line text (access notes, booking notes) keeps its layout: tab, line feed and carriage
return are allowed there, every other character above is refused the same way
(:class:`MultiLine`).

The OpenAPI document carries the same rule as a ``pattern`` built from the same character
classes (the Basic Multilingual Plane part: JSON Schema patterns are ECMA-262 regular
expressions, whose ``\\u`` escapes stop there; astral controls and marks are few and the code
refuses them all the same).
"""

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

JOINERS = frozenset("\u200c\u200d")
# Letters and symbols that draw nothing: Hangul fillers, the halfwidth filler, braille blank.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_control(character: str) -> bool:
    category = unicodedata.category(character)
    if category == "Cf":
        return character not in JOINERS
    return category in ("Cc", "Zl", "Zp")


# What a multi-line text may hold of the controls: its layout.
LAYOUT = frozenset("\t\n\r")


def is_control_in_text(character: str) -> bool:
    return character not in LAYOUT and is_control(character)


def is_visible(character: str) -> bool:
    return not (
        character.isspace()
        or is_control(character)
        or character in JOINERS
        or character in FILLERS
        or unicodedata.category(character).startswith("M")
    )


def _class_of(predicate: Any, *, last: int = 0xFFFF) -> str:
    """A regular-expression character class body (``\\u0000-\\u001f...``) of the code points
    up to ``last`` that satisfy ``predicate``."""
    parts: list[str] = []
    start: int | None = None
    for point in range(last + 2):
        inside = point <= last and predicate(chr(point))
        if inside and start is None:
            start = point
        elif not inside and start is not None:
            end = point - 1
            parts.append(f"\\u{start:04x}" if start == end else f"\\u{start:04x}-\\u{end:04x}")
            start = None
    return "".join(parts)


@cache
def line_pattern() -> str:
    """No control character anywhere: a lookahead, not ``[^...]*$``, because Python's ``$``
    (which schemathesis and jsonschema use) also matches before a final line break.
    ``[\\s\\S]`` is "any character" in both Python and ECMA-262. Built on first use (the
    OpenAPI document), not at import: the scan of the plane takes a few hundred ms."""
    return f"^(?![\\s\\S]*[{_class_of(is_control)}])"


@cache
def text_pattern() -> str:
    """As :func:`line_pattern`, with a multi-line text's layout characters allowed."""
    return f"^(?![\\s\\S]*[{_class_of(is_control_in_text)}])"


@cache
def visible_line_pattern() -> str:
    """As :func:`line_pattern`, and one visible character somewhere."""
    invisible = _class_of(lambda character: not is_visible(character))
    return f"{line_pattern()}[\\s\\S]*[^{invisible}]"


def _plain_ascii(value: str) -> bool:
    """Printable ASCII only (no C0 control, no DEL): nothing to look up per character. Most
    text is, and the bulk import validates a hundred thousand rows at a time."""
    return value.isascii() and value.isprintable()


def refuse_control_characters(value: Any) -> Any:
    if not isinstance(value, str) or _plain_ascii(value):
        return value
    if any(is_control(character) for character in value):
        raise PydanticCustomError(
            "control_character",
            "may not contain control characters (line breaks, tabs, invisible format characters)",
        )
    return value


def refuse_control_characters_in_text(value: Any) -> Any:
    if isinstance(value, str) and any(is_control_in_text(character) for character in value):
        raise PydanticCustomError(
            "control_character",
            "may not contain control characters other than tabs and line breaks "
            "(NUL, other C0/C1 controls, invisible format characters)",
        )
    return value


def refuse_blank(value: str) -> str:
    if _plain_ascii(value):
        visible = bool(value.strip(" "))
    else:
        visible = any(is_visible(character) for character in value)
    if not visible:
        raise PydanticCustomError("blank", "may not be blank (it holds no visible character)")
    return value


NO_CONTROL_CHARACTERS = BeforeValidator(refuse_control_characters)


@dataclass(frozen=True, slots=True)
class SingleLine:
    """``Annotated[str, SingleLine(max_length=100)]``: a single-line text field, stripped,
    bounded, free of control characters and, when ``required``, holding a visible character.
    """

    max_length: int
    required: bool = True

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        text: CoreSchema = core_schema.str_schema(
            strip_whitespace=True, min_length=int(self.required), max_length=self.max_length
        )
        if self.required:
            text = core_schema.no_info_after_validator_function(refuse_blank, text)
        # Before stripping: "Ann\n" is refused, not cleaned into "Ann".
        return core_schema.no_info_before_validator_function(refuse_control_characters, text)

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.required:
            schema["minLength"] = 1
        schema["pattern"] = visible_line_pattern() if self.required else line_pattern()
        return schema


@dataclass(frozen=True, slots=True)
class MultiLine:
    """``Annotated[str, MultiLine(max_length=2000)]``: a multi-line text field, bounded, free
    of control characters but its layout (tab, line feed, carriage return); ``strip`` removes
    surrounding spaces (after the check, as :class:`SingleLine` does)."""

    max_length: int
    strip: bool = False

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        text = core_schema.str_schema(strip_whitespace=self.strip, max_length=self.max_length)
        return core_schema.no_info_before_validator_function(
            refuse_control_characters_in_text, text
        )

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "maxLength": self.max_length, "pattern": text_pattern()}
