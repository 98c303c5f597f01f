"""Reading YAML/JSON documents while keeping the line of every value.

PyYAML's composer gives nodes with positions; we build plain Python data from them
ourselves so that every error can say ``file:line:column: field.path: …``.
Safety limits (enforced here, documented in the README):
- no Python object tags (SafeLoader only; a tag it does not know is an error);
- a YAML 1.1 form that looks like a number, boolean or date but does not convert (``0x_``,
  ``2024-02-30``, an integer past Python's digit limit) stays text, so the case model names
  the field and what it expects; an explicit tag whose value does not convert (``!!int x``)
  is a located error;
- at most ``MAX_NODES`` values after alias expansion (stops "billion laughs");
- at most ``MAX_DEPTH`` levels of nesting.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson
import yaml

from hjemmel.errors import Problem
from hjemmel.safe_text import shown_value

MAX_BYTES = 2_000_000
MAX_NODES = 20_000
MAX_DEPTH = 24

Path = tuple[str | int, ...]
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
# libyaml's parser when PyYAML has it (about 5× faster); same nodes, marks and safe tags.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """Plain data plus the (line, column) of every value, by path.

    For JSON the positions are only worked out (from ``text``) when an error needs them.
    """

    data: Any
    file: str
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    text: str | None = None
    kind: str = "yaml"  # "yaml" | "json" | "csv": how the values were written (for hints)

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        """Line and column of ``path``, or of its nearest parent that has one."""
        if self.text is not None and not self.positions:
            with contextlib.suppress(DocumentError):
                self.positions = parse_yaml(self.text, self.file).positions
            self.text = None
        probe = tuple(path)
        while True:
            if probe in self.positions:
                line, col = self.positions[probe]
                return line + self.line_offset, col
            if not probe:
                return (1 + self.line_offset if self.line_offset else None), None
            probe = probe[:-1]


class DocumentError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.count = 0
        self.positions: dict[Path, tuple[int, int]] = {}

    def fail(self, message: str, node: yaml.Node, path: Path) -> DocumentError:
        return DocumentError(
            Problem(
                message=message,
                file=self.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                path=dotted(path) or None,
            )
        )

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                f"document too large: more than {MAX_NODES} values (after expanding aliases)",
                node,
                path,
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(f"document nested deeper than {MAX_DEPTH} levels", node, path)
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in PLAIN_TAGS:
            raise self.fail(f"YAML tag {node.tag!r} is not allowed (case files hold plain data only)", node, path)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # A key is a name: its text as written, never converted (``0x_:``, ``2024-01-01:``,
                # ``!!int x:`` are names the model then reports as unknown fields).
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("a mapping key must be a plain name", key_node, path)
                key = key_node.value
                if key == "<<":
                    raise self.fail("YAML merge keys ('<<') are not supported", key_node, path)
                if key in out:
                    raise self.fail(f"duplicate key '{key}'", key_node, path + (key,))
                child = path + (key,)
                self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail("expected a plain value here", node, path)
        text = node.value
        # INTERPRETATION (input): a kommunenummer such as 0301 must stay a string; YAML 1.1
        # would read it as an octal number. Digit strings with a leading zero stay text.
        if node.tag == "tag:yaml.org,2002:int" and len(text) > 1 and text.startswith("0") and text.isdigit():
            return text
        if node.tag == "tag:yaml.org,2002:str":
            return text
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            if self._implicit(node):  # a plain '<<' resolves to the merge tag: it is text
                return text
            raise self.fail(f"YAML tag {node.tag!r} is not allowed (case files hold plain data only)", node, path) from exc
        except Exception as exc:  # noqa: BLE001 - a safe constructor failing on its value (ValueError, KeyError, AttributeError …)
            # YAML 1.1 forms that look like a number, boolean or date but do not convert
            # (``0x_``, ``2024-02-30``, an integer past Python's digit limit): written without a
            # tag, they are the text they are, and the model says what the field expects.
            if self._implicit(node):
                return text
            name = _TAG_NAMES.get(node.tag, node.tag)
            raise self.fail(f"the value {shown_value(text)!r} is tagged {name} but cannot be read as one", node, path) from exc

    def _implicit(self, node: yaml.ScalarNode) -> bool:
        """True when the node's type came from its plain text, not from an explicit tag (plain style: None in PyYAML, '' in libyaml)."""
        return not node.style and self.loader.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag  # type: ignore[no-untyped-call]


_TAG_NAMES = {
    "tag:yaml.org,2002:int": "!!int (a whole number)",
    "tag:yaml.org,2002:float": "!!float (a number)",
    "tag:yaml.org,2002:bool": "!!bool (true or false)",
    "tag:yaml.org,2002:timestamp": "!!timestamp (a date)",
    "tag:yaml.org,2002:binary": "!!binary (base64 data)",
    "tag:yaml.org,2002:null": "!!null",
}


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _line_of(exc: Exception, text: str) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(exc, "position", None)  # ReaderError: a character offset
    return None if not isinstance(position, int) else text[:position].count("\n") + 1


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML (or JSON) document, keeping positions."""
    if len(text) > MAX_BYTES:
        raise DocumentError(Problem(f"file is larger than {MAX_BYTES} bytes", file=file))
    try:
        loader = Loader(text)
    except yaml.YAMLError as exc:  # e.g. a character YAML does not allow
        raise DocumentError(Problem(f"invalid YAML: {_first_line(exc)}", file=file, line=_line_of(exc, text))) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            raise DocumentError(Problem("the file is empty: expected a case (a mapping with an 'id')", file=file))
        builder = _Builder(loader, file)
        data = builder.build(node, ())
        return Document(data=data, file=file, positions=builder.positions)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "expected one document, found several ('---')"
        raise DocumentError(
            Problem(
                message=f"invalid YAML: {problem}",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ) from exc
    except yaml.YAMLError as exc:
        raise DocumentError(Problem(f"invalid YAML: {_first_line(exc)}", file=file, line=_line_of(exc, text))) from exc
    except RecursionError as exc:
        raise DocumentError(Problem(f"document nested deeper than {MAX_DEPTH} levels", file=file)) from exc
    except (ValueError, TypeError, LookupError, ArithmeticError) as exc:  # anything else the reader cannot convert
        raise DocumentError(Problem(f"invalid YAML: {shown_value(_first_line(exc), 200)}", file=file, line=_line_of(exc, text))) from exc
    finally:
        loader.dispose()


def parse_json(text: str, file: str, line_offset: int = 0) -> Document:
    """Parse JSON strictly (orjson, or the json module where the two could differ: ``_loads``), then recover positions through the YAML composer.

    An object with the same key twice is an error at the second key, as in YAML (the json
    module would silently keep the last value).
    """
    try:
        data = _loads(text)
    except DuplicateKeyError as exc:
        key, line, column, path = duplicate_at(text, exc.key)
        raise DocumentError(
            Problem(f"duplicate key '{shown_value(key, 80)}'", file=file, line=line + line_offset if line else None, column=column, path=path)
        ) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            Problem(
                message=f"invalid JSON: {exc.msg}",
                file=file,
                line=exc.lineno + line_offset,
                column=exc.colno,
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise DocumentError(Problem(f"invalid JSON: {exc}", file=file, line=1 + line_offset)) from exc
    # Each value takes at least one character and each level of nesting a bracket, so a short
    # text with few brackets is within the limits without walking it (the usual case).
    if len(text) > MAX_NODES or text.count("{") + text.count("[") > MAX_DEPTH:
        _check_json_limits(data, file, line_offset)
    return Document(data=data, file=file, line_offset=line_offset, text=text, kind="json")


class DuplicateKeyError(ValueError):
    """An object with the same key twice (raised by ``unique_object``, the ``object_pairs_hook``)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members as a dict; a key that comes twice is an error (``DuplicateKeyError``)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return out


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def duplicate_at(text: str, key: str) -> tuple[str, int | None, int | None, str | None]:
    """The first key (in the text's order) that repeats one of its object's keys: the key, line, column, field path.

    Only called once a duplicate is known (``DuplicateKeyError``): a scan of strings and
    brackets, keeping each open object's keys and each container's place in the path.
    """
    stack: list[tuple[str, set[str] | None, Any]] = []  # (kind, keys of an object, current key or index)
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "{":
            stack.append(("{", set(), None))
            expect_key = True
        elif token == "[":
            stack.append(("[", None, 0))
            expect_key = False
        elif token in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif token == ",":
            if stack and stack[-1][0] == "[":
                kind, keys, index = stack[-1]
                stack[-1] = (kind, keys, index + 1)
            expect_key = bool(stack) and stack[-1][0] == "{"
        elif token == ":":
            expect_key = False
        elif expect_key and stack and stack[-1][1] is not None:
            try:
                name = json.loads(token)
            except ValueError:
                continue
            kind, keys, _ = stack[-1]
            assert keys is not None
            if name in keys:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                path = tuple(item for _, _, item in stack[:-1] if item is not None) + (name,)
                return name, line, column, dotted(path) or None
            keys.add(name)
            stack[-1] = (kind, keys, name)
            expect_key = False
    return key, None, None, None


def _loads(text: str) -> Any:
    """``json.loads``; a document with an integer past Python's digit limit is read again, keeping that one as text.

    A document that orjson reads to the same data (``fast_loads``, the usual case) is not
    read by the json module at all.
    """
    data = fast_loads(text)
    if data is not REFUSED:
        return data
    return strict_loads(text)


# What ``fast_loads`` returns for a text it leaves to the json module.
REFUSED: Any = object()


def fast_loads(text: str) -> Any:
    """orjson's reading of ``text`` when it is certainly what ``strict_loads`` reads, else ``REFUSED``.

    orjson reads no text that the json module refuses, and reads the same data from every
    text it accepts, except that it keeps the last value of a key named twice (the json
    module's hook refuses it) and reads an integer past 64 bits as a float. So a text is
    taken only when its data holds no float (whatever a float is, the json module then reads
    the same) and as many keys as the text has colons: a colon stands between every key
    and its value, so the count of keys equals the count of colons only when no object
    names a key twice and no string holds a colon. A text with more brackets than
    ``MAX_DEPTH`` is left too: the json module's recursion limit (which, before Python 3.12,
    counts the caller's frames) decides how it fails on deep nesting, orjson's does not.
    Anything else (a duplicate, a colon in a text, NaN, ``1e999``, a lone surrogate, any
    error) goes to ``strict_loads``, which gives today's data or today's error.
    """
    if text.count("{") + text.count("[") > MAX_DEPTH:
        return REFUSED
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return REFUSED
    keys = 0
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            keys += len(value)
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is float:
            return REFUSED
    return data if keys == text.count(":") else REFUSED


def strict_loads(text: str) -> Any:
    """The json module's reading: a key named twice is a ``DuplicateKeyError``, NaN and Infinity are errors."""
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=unique_object)
    except json.JSONDecodeError:
        raise
    except DuplicateKeyError:
        raise
    except ValueError:  # the digit limit (rare): the per-integer hook only then, it costs time
        return json.loads(text, parse_constant=_reject_constant, parse_int=_json_int, object_pairs_hook=unique_object)


def _json_int(text: str) -> int | str:
    """A JSON integer; one past Python's digit limit stays text (the model then says what the field expects)."""
    try:
        return int(text)
    except ValueError:
        return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _check_json_limits(data: Any, file: str, line_offset: int) -> None:
    count = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            what = f"more than {MAX_NODES} values" if count > MAX_NODES else f"nested deeper than {MAX_DEPTH} levels"
            raise DocumentError(Problem(f"document too large: {what}", file=file, line=1 + line_offset if line_offset else None))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
